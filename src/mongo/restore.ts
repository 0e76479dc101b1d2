/** The restore process boundary: runs mongorestore on an archive file and reads its own report. */
import { spawn } from 'node:child_process';
import { forwardLines, type ProcessExit } from './dump.js';

export interface RestoreRequest {
  binary: string;
  /** A 0600 YAML file holding the URI (never argv). */
  configPath: string;
  archivePath: string;
  drop: boolean;
  dryRun: boolean;
  oplogReplay: boolean;
  restoreIndexes: boolean;
  nsInclude: string[];
  nsExclude: string[];
  nsFrom: string | undefined;
  nsTo: string | undefined;
}

export interface RestoreOutcome {
  exit: ProcessExit;
  /** From mongorestore's closing line; undefined when it printed none (it failed before restoring). */
  restored: number | undefined;
  failed: number | undefined;
  /** Its last log lines, for error messages. */
  tail: string[];
}

export interface RestoreRunner {
  run(request: RestoreRequest, onLog: (line: string) => void): Promise<RestoreOutcome>;
}

export function restoreArguments(request: RestoreRequest): string[] {
  const args = [`--config=${request.configPath}`, `--archive=${request.archivePath}`, '--gzip'];
  for (const ns of request.nsInclude) args.push(`--nsInclude=${ns}`);
  for (const ns of request.nsExclude) args.push(`--nsExclude=${ns}`);
  if (request.nsFrom !== undefined && request.nsTo !== undefined)
    args.push(`--nsFrom=${request.nsFrom}`, `--nsTo=${request.nsTo}`);
  if (request.drop) args.push('--drop');
  if (request.oplogReplay) args.push('--oplogReplay');
  if (!request.restoreIndexes) args.push('--noIndexRestore');
  if (request.dryRun) args.push('--dryRun');
  return args;
}

/** "10208 document(s) restored successfully. 3 document(s) failed to restore." */
export function parseRestoreCounts(line: string): { restored: number; failed: number } | undefined {
  const match = /(\d+) document\(s\) restored successfully\. (\d+) document\(s\) failed to restore/.exec(
    line,
  );
  return match ? { restored: Number(match[1]), failed: Number(match[2]) } : undefined;
}

const TAIL_LINES = 8;

export const mongorestoreRunner: RestoreRunner = {
  run(request, onLog) {
    return new Promise((resolve, reject) => {
      const child = spawn(request.binary, restoreArguments(request), { stdio: ['ignore', 'pipe', 'pipe'] });
      let counts: { restored: number; failed: number } | undefined;
      const tail: string[] = [];
      const take = (line: string) => {
        onLog(line);
        counts = parseRestoreCounts(line) ?? counts;
        tail.push(line);
        if (tail.length > TAIL_LINES) tail.shift();
      };
      forwardLines(child.stdout, take);
      forwardLines(child.stderr, take);
      child.once('error', reject);
      child.once('close', (code, signal) =>
        resolve({ exit: { code, signal }, restored: counts?.restored, failed: counts?.failed, tail }),
      );
    });
  },
};
