/** A pass-through stream that counts and hashes (SHA-256) what flows through it. */
import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';

export interface StreamMeter {
  stream: Transform;
  bytes(): number;
  /** The hex SHA-256 of everything that passed; call once, after the stream ended. */
  sha256(): string;
}

export function streamMeter(onBytes: (count: number) => void = () => undefined): StreamMeter {
  const hash = createHash('sha256');
  let bytes = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      bytes += chunk.length;
      onBytes(chunk.length);
      callback(null, chunk);
    },
  });
  return { stream, bytes: () => bytes, sha256: () => hash.digest('hex') };
}
