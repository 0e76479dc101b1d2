/** Runs a shipped workflow file under act, on this machine (-self-hosted), with this working tree as the action. */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './servers.js';
import { servers } from './world.js';

/** The slug every template uses (package.json's repository). */
export const ACTION_SLUG = 'mongodb-backup-action/mongodb-backup-action';

export interface ActRun {
  code: number | null;
  log: string;
}

export interface ActOptions {
  event: 'schedule' | 'workflow_dispatch' | 'push';
  inputs?: Record<string, string | boolean>;
  secrets: Record<string, string>;
  vars: Record<string, string>;
  /** act's cache folder (its runners' tool cache and its Actions cache server live there). */
  toolCache: string;
}

function lines(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n');
}

export async function runWorkflow(file: string, options: ActOptions): Promise<ActRun> {
  const dir = await mkdtemp(join(tmpdir(), 'mba-act-'));
  try {
    await writeFile(join(dir, 'secrets'), lines(options.secrets), { mode: 0o600 });
    await writeFile(join(dir, 'vars'), lines(options.vars));
    await writeFile(join(dir, 'event.json'), JSON.stringify({ inputs: options.inputs ?? {} }));
    const args = [
      options.event,
      '-W',
      join(ROOT, 'examples/workflows', file),
      '-P',
      'ubuntu-latest=-self-hosted',
      '--local-repository',
      `${ACTION_SLUG}@v1=${ROOT}`,
      '--secret-file',
      join(dir, 'secrets'),
      '--var-file',
      join(dir, 'vars'),
      '-e',
      join(dir, 'event.json'),
      '--cache-server-addr',
      '127.0.0.1',
      '--cache-server-path',
      join(options.toolCache, 'actcache'),
    ];
    const child = spawn(servers().tools.act, args, {
      cwd: ROOT,
      env: { ...process.env, ACT_DISABLE_VERSION_CHECK: '1', XDG_CACHE_HOME: options.toolCache },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stdout.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr.on('data', (d: Buffer) => (log += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    return { code, log };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
