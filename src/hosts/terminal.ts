/** The Host of the command line: flags, then environment variables; log to stderr, outputs as JSON on stdout. */
import { delimiter } from 'node:path';
import type { Host } from './host.js';

/** MONGODB_BACKUP_ + the input name in upper snake case: s3-bucket → MONGODB_BACKUP_S3_BUCKET. */
export function envName(input: string): string {
  return `MONGODB_BACKUP_${input.toUpperCase().replace(/-/g, '_')}`;
}

export interface TerminalHost extends Host {
  /** The outputs set so far, for printing when the command ends. */
  readonly outputs: Record<string, string>;
  readonly failed: boolean;
}

export function terminalHost(
  flags: Record<string, string | undefined>,
  env: NodeJS.ProcessEnv,
  /** Values for inputs given neither as a flag nor in the environment (an action.yml's defaults). */
  defaults: Record<string, string | undefined> = {},
  write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): TerminalHost {
  const outputs: Record<string, string> = {};
  let failed = false;
  return {
    outputs,
    get failed() {
      return failed;
    },
    input: (name) => flags[name] ?? env[envName(name)] ?? defaults[name] ?? '',
    // The Reporter redacts every line it writes; a terminal has no masking of its own.
    setSecret: () => undefined,
    info: (line) => write(line),
    warning: (message) => write(`warning: ${message}`),
    startGroup: (title) => write(`== ${title}`),
    endGroup: () => undefined,
    setOutput: (name, value) => {
      outputs[name] = value;
    },
    appendSummary: () => Promise.resolve(),
    addPath: (dir) => {
      process.env.PATH = `${dir}${delimiter}${process.env.PATH ?? ''}`;
    },
    setFailed: (message) => {
      failed = true;
      write(`error: ${message}`);
    },
  };
}
