// Starts and stops the real servers the tests and the demo use: FerretDB (MongoDB wire protocol) and
// MinIO (S3), built once per machine by scripts/test-servers.sh. Plain JavaScript so that the demo runs
// with node alone; types in servers.d.mts.
import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SCRIPT = join(ROOT, 'scripts/test-servers.sh');

/** Builds whatever is missing (once per machine) and returns the binaries' paths. */
export async function buildTools({ quiet = false } = {}) {
  execFileSync('bash', [SCRIPT], { stdio: ['ignore', quiet ? 'ignore' : 'inherit', 'inherit'] });
  const dir = execFileSync('bash', [SCRIPT, '--print-dir'], { encoding: 'utf8' }).trim();
  const vars = Object.fromEntries(
    (await readFile(join(dir, 'versions.env'), 'utf8'))
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  const need = (name) => {
    if (!vars[name]) throw new Error(`versions.env has no ${name}`);
    return vars[name];
  };
  let node24 = vars.NODE24_BIN;
  try {
    execFileSync(node24 ?? 'false', ['--version']);
  } catch {
    node24 = undefined;
  }
  return {
    ferretdb: need('FERRETDB_BIN'),
    mongodump: need('MONGODUMP_BIN'),
    mongorestore: need('MONGORESTORE_BIN'),
    minio: need('MINIO_BIN'),
    act: need('ACT_BIN'),
    actionlint: need('ACTIONLINT_BIN'),
    node24,
  };
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function portOpen(port) {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.connect(port, '127.0.0.1');
  });
}

async function waitFor(what, check, child, logPath) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(
        `${what} exited with code ${child.exitCode} before it was ready; log:\n${await readFile(logPath, 'utf8')}`,
      );
    }
    if (await check()) return;
    await sleep(200);
  }
  throw new Error(`${what} was not ready within 60 s; log:\n${await readFile(logPath, 'utf8')}`);
}

function launch(binary, args, dir, env = {}) {
  const log = join(dir, 'server.log');
  const out = createWriteStream(log);
  const child = spawn(binary, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  return { child, log };
}

async function stopProcess(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

function running(child, dir) {
  return {
    child,
    dir,
    stop: async () => {
      await stopProcess(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function startFerretDb(binary) {
  const dir = await mkdtemp(join(tmpdir(), 'mba-ferretdb-'));
  const port = await freePort();
  const { child, log } = launch(
    binary,
    [
      '--handler=sqlite',
      `--sqlite-url=file:${dir}/`,
      `--listen-addr=127.0.0.1:${port}`,
      `--state-dir=${dir}`,
      '--telemetry=disable',
      '--debug-addr=-',
      '--log-level=warn',
    ],
    dir,
  );
  await waitFor('FerretDB', () => portOpen(port), child, log);
  return { ...running(child, dir), uri: `mongodb://127.0.0.1:${port}/`, port };
}

export async function startMinio(binary) {
  const dir = await mkdtemp(join(tmpdir(), 'mba-minio-'));
  const port = await freePort();
  const consolePort = await freePort();
  const s3 = {
    endpoint: `http://127.0.0.1:${port}`,
    accessKeyId: 'mba-test-access',
    secretAccessKey: `mba-test-secret-${process.pid}`,
    region: 'us-east-1',
  };
  const { child, log } = launch(
    binary,
    [
      'server',
      join(dir, 'data'),
      '--address',
      `127.0.0.1:${port}`,
      '--console-address',
      `127.0.0.1:${consolePort}`,
      '--quiet',
    ],
    dir,
    {
      MINIO_ROOT_USER: s3.accessKeyId,
      MINIO_ROOT_PASSWORD: s3.secretAccessKey,
      MINIO_BROWSER: 'off',
      MINIO_UPDATE: 'off',
    },
  );
  const ready = async () => {
    try {
      return (await fetch(`${s3.endpoint}/minio/health/ready`)).ok;
    } catch {
      return false;
    }
  };
  await waitFor('MinIO', ready, child, log);
  return { ...running(child, dir), s3 };
}
