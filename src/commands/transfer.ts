/** Streams a running dump into an object, counting and hashing on the way; only a clean dump completes it. */
import { PassThrough } from 'node:stream';
import type { ProcessExit, RunningDump } from '../mongo/dump.js';
import type { ObjectStore } from '../storage/store.js';
import { streamMeter } from '../stream-meter.js';

export interface TransferOptions {
  partSize: number;
  contentType: string;
  onBytes(count: number): void;
}

export interface TransferResult {
  sizeBytes: number;
  sha256: string;
}

export class DumpFailedError extends Error {
  override name = 'DumpFailedError';
}

export function describeExit(exit: ProcessExit): string {
  return exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
}

/**
 * The archive flows mongodump → meter → body → upload. The body is ended only once mongodump has exited
 * 0 and its output is drained, because lib-storage completes whatever a stream delivered: a dump that
 * dies after writing some output must never become an object. On any failure the body is destroyed
 * (lib-storage then aborts the multipart upload) and mongodump is killed.
 */
export async function transferDump(
  dump: RunningDump,
  store: ObjectStore,
  key: string,
  options: TransferOptions,
): Promise<TransferResult> {
  const meter = streamMeter((count) => options.onBytes(count));
  const body = new PassThrough();
  const upload = store.upload(key, body, { contentType: options.contentType, partSize: options.partSize });

  // An upload that fails first (bad credentials, a full bucket) must stop mongodump, which would
  // otherwise block forever on a full pipe.
  // Written by the upload's rejection handler at any time, so read through the object, not a narrowed local.
  const uploadState: { error?: Error } = {};
  const uploadSettled = upload.done.then(
    () => undefined,
    (error: unknown) => {
      uploadState.error = error instanceof Error ? error : new Error(String(error));
      dump.kill();
    },
  );

  const drained = new Promise<void>((resolve, reject) => {
    meter.stream.once('end', resolve);
    meter.stream.once('error', reject);
    dump.archive.once('error', reject);
  });
  dump.archive.pipe(meter.stream).pipe(body, { end: false });

  let exit: ProcessExit;
  try {
    exit = await dump.exited;
    if (exit.code === 0) await drained;
  } catch (error) {
    body.destroy(error instanceof Error ? error : new Error(String(error)));
    await uploadSettled;
    throw error;
  }

  const uploadFailure = (): Error | undefined => uploadState.error;
  // A failed upload is the cause when it came first: it is why mongodump was killed.
  const uploadFailedFirst = uploadFailure();
  if (exit.code !== 0 || uploadFailedFirst) {
    const reason = new DumpFailedError(`mongodump ${describeExit(exit)}`);
    body.destroy(reason);
    await uploadSettled;
    throw uploadFailedFirst ?? reason;
  }

  body.end();
  await uploadSettled;
  const failure = uploadFailure();
  if (failure) throw failure;
  return { sizeBytes: meter.bytes(), sha256: meter.sha256() };
}
