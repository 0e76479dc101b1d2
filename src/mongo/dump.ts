/** The dump process boundary: runs mongodump and exposes its archive as a stream. */
import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';

export interface DumpRequest {
  binary: string;
  /** A 0600 YAML file holding the URI (never argv). */
  configPath: string;
  database: string | undefined;
  oplog: boolean;
  excludeCollections: string[];
}

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunningDump {
  /** The gzipped archive. */
  archive: Readable;
  /** Settles after the process exited and its output streams closed. */
  exited: Promise<ProcessExit>;
  /** Each line mongodump logs (to stderr). */
  onLog(listener: (line: string) => void): void;
  kill(): void;
}

export interface DumpRunner {
  start(request: DumpRequest): RunningDump;
}

export function dumpArguments(request: DumpRequest): string[] {
  const args = [`--config=${request.configPath}`, '--archive', '--gzip'];
  if (request.database !== undefined) args.push(`--db=${request.database}`);
  for (const collection of request.excludeCollections) args.push(`--excludeCollection=${collection}`);
  if (request.oplog) args.push('--oplog');
  return args;
}

/** Splits a byte stream into lines for a listener. */
export function forwardLines(stream: Readable, listener: (line: string) => void): void {
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split(/\r?\n/);
    pending = lines.pop() ?? '';
    for (const line of lines) if (line.trim() !== '') listener(line);
  });
  stream.on('end', () => {
    if (pending.trim() !== '') listener(pending);
  });
}

export const mongodumpRunner: DumpRunner = {
  start(request) {
    const child = spawn(request.binary, dumpArguments(request), { stdio: ['ignore', 'pipe', 'pipe'] });
    const listeners: ((line: string) => void)[] = [];
    forwardLines(child.stderr, (line) => listeners.forEach((l) => l(line)));
    const exited = new Promise<ProcessExit>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code, signal) => resolve({ code, signal }));
    });
    return {
      archive: child.stdout,
      exited,
      onLog: (listener) => listeners.push(listener),
      kill: () => child.kill('SIGKILL'),
    };
  },
};
