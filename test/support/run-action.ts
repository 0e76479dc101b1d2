/** Runs a built dist/ entry the way a GitHub runner does: INPUT_* variables, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY. */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './servers.js';

export interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** Folders the run added to PATH for later steps (GITHUB_PATH). */
  paths: string[];
}

export interface RunOptions {
  /** Node binary: the local one by default; the tests also pass Node 24. */
  node?: string;
  env?: NodeJS.ProcessEnv;
  /** Called with the child's pid once it started. */
  onSpawn?: (pid: number) => void;
  timeoutMs?: number;
}

/** Parses the GITHUB_OUTPUT file: `name<<DELIM\nvalue\nDELIM` blocks (and plain name=value lines). */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name = '', delimiter] = heredoc;
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? '');
      outputs[name] = value.join('\n');
    } else if (line.includes('=')) {
      outputs[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return outputs;
}

export function inputEnv(inputs: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(inputs)) {
    if (value !== undefined) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  }
  return env;
}

/** A clean environment: no inherited INPUT_* or GITHUB_* variables, no AWS profile of the machine's. */
function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(INPUT_|GITHUB_|AWS_|RUNNER_|MONGODB_BACKUP_)/.test(key)) continue;
    env[key] = value;
  }
  return env;
}

export async function runEntry(
  entry: string,
  inputs: Record<string, string | undefined>,
  options: RunOptions = {},
): Promise<ActionRun> {
  const dir = await mkdtemp(join(tmpdir(), 'mba-run-'));
  const outputPath = join(dir, 'output');
  const summaryPath = join(dir, 'summary.md');
  const pathFile = join(dir, 'path');
  await writeFile(outputPath, '');
  await writeFile(summaryPath, '');
  await writeFile(pathFile, '');
  try {
    const child = spawn(options.node ?? process.execPath, [join(ROOT, entry)], {
      env: {
        ...baseEnv(),
        GITHUB_OUTPUT: outputPath,
        GITHUB_STEP_SUMMARY: summaryPath,
        GITHUB_PATH: pathFile,
        GITHUB_ACTIONS: 'true',
        GITHUB_REPOSITORY: 'example/app',
        GITHUB_WORKFLOW: 'Backups',
        GITHUB_RUN_ID: '4242',
        GITHUB_RUN_ATTEMPT: '1',
        GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
        GITHUB_SERVER_URL: 'https://github.com',
        ...options.env,
        ...inputEnv(inputs),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (child.pid !== undefined) options.onSpawn?.(child.pid);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 150_000);
    const code = await new Promise<number | null>((resolve) => child.once('close', (c) => resolve(c)));
    clearTimeout(timer);
    return {
      code,
      stdout,
      stderr,
      outputs: parseOutputFile(await readFile(outputPath, 'utf8')),
      summary: await readFile(summaryPath, 'utf8'),
      paths: (await readFile(pathFile, 'utf8')).split('\n').filter((l) => l !== ''),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export const BACKUP_ENTRY = 'dist/index.js';
export const CLI_ENTRY = 'dist/cli/index.js';
