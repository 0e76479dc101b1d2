/** Installing MongoDB Database Tools from a (loopback) mirror: verified, cached, and refused when wrong. */
import type { S3Client } from '@aws-sdk/client-s3';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectPlatform } from '../../src/mongo/platform.js';
import { startToolsMirror, type ToolsMirror } from '../support/mirror.js';
import { BACKUP_ENTRY, runEntry } from '../support/run-action.js';
import {
  awsEnv,
  backupInputs,
  createBucket,
  freeClosedPortUri,
  s3Client,
  servers,
  uniqueName,
  withMongo,
} from '../support/world.js';

const VERSION = '100.10.0';

describe('Database Tools installer', () => {
  let s3: S3Client;
  let bucket: string;
  let mirror: ToolsMirror;
  const source = uniqueName('inst');
  const dirs: string[] = [];

  beforeAll(async () => {
    s3 = s3Client();
    bucket = await createBucket(s3);
    await withMongo((client) => client.db(source).collection('items').insertOne({ a: 1 }));
    const osRelease = existsSync('/etc/os-release') ? await readFile('/etc/os-release', 'utf8') : undefined;
    mirror = await startToolsMirror(
      servers().tools,
      detectPlatform({ os: process.platform, arch: process.arch, osRelease }),
      VERSION,
    );
  });

  afterAll(async () => {
    s3.destroy();
    await mirror.close();
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  async function runnerDirs() {
    const root = await mkdtemp(join(tmpdir(), 'mba-runner-'));
    dirs.push(root);
    return { RUNNER_TOOL_CACHE: join(root, 'tool-cache'), RUNNER_TEMP: join(root, 'temp') };
  }

  /** A backup with no mongodump-path: the action must install the tools. */
  function backup(inputs: Record<string, string>, env: NodeJS.ProcessEnv) {
    const base = backupInputs(bucket, source, {
      'mongodb-tools-version': VERSION,
      'mongodb-tools-url': mirror.url,
      ...inputs,
    });
    delete base['mongodump-path'];
    return runEntry(BACKUP_ENTRY, base, { node: servers().tools.node24, env: { ...awsEnv(), ...env } });
  }

  it('downloads and verifies once, then finds the tools in the tool cache without a request', async () => {
    const dirsEnv = await runnerDirs();
    mirror.requests.clear();
    const first = await backup({}, dirsEnv);
    expect(first.code, first.stdout).toBe(0);
    expect(Object.fromEntries(mirror.requests)).toEqual({
      '/tools/full.json': 1,
      [`/tools/${mirror.archiveName}`]: 1,
    });
    expect(first.stdout).toContain(`Verified ${mirror.archiveName}: sha256 ${mirror.sha256}`);
    expect(first.outputs['tools-version']).toBe(VERSION);
    expect(first.outputs['tools-path']!.startsWith(dirsEnv.RUNNER_TOOL_CACHE)).toBe(true);
    expect(first.paths).toEqual([first.outputs['tools-path']]);
    expect(first.stdout).toContain('from the download');

    mirror.requests.clear();
    const second = await backup({}, dirsEnv);
    expect(second.code, second.stdout).toBe(0);
    expect(mirror.requests.size).toBe(0);
    expect(second.stdout).toContain('from the tool-cache');
  });

  it('lets two jobs sharing one tool cache install once, without tripping over each other', async () => {
    const dirsEnv = await runnerDirs();
    mirror.requests.clear();
    const [a, b] = await Promise.all([
      backup({ name: uniqueName('one') }, dirsEnv),
      backup({ name: uniqueName('two') }, dirsEnv),
    ]);
    expect(a.code, a.stdout).toBe(0);
    expect(b.code, b.stdout).toBe(0);
    expect(mirror.requests.get(`/tools/${mirror.archiveName}`)).toBe(1);
    expect([a.stdout, b.stdout].filter((log) => log.includes('from the download'))).toHaveLength(1);
  });

  it('refuses an archive whose checksum does not match, adding nothing to PATH or the cache', async () => {
    const dirsEnv = await runnerDirs();
    const run = await backup({ 'mongodb-tools-sha256': '0'.repeat(64) }, dirsEnv);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `::error::Finding mongodump failed: Verifying ${mirror.archiveName} failed: its SHA-256 is ${mirror.sha256}`,
    );
    expect(run.paths).toEqual([]);
    expect(existsSync(join(dirsEnv.RUNNER_TOOL_CACHE, 'mongodb-database-tools'))).toBe(false);
  });

  it('uses the tools on PATH with system, and says so when there are none', async () => {
    const dirsEnv = await runnerDirs();
    const toolsDir = dirname(servers().tools.mongodump);
    const withTools = await backup(
      { 'mongodb-tools-version': 'system' },
      { ...dirsEnv, PATH: `${toolsDir}:${process.env.PATH ?? ''}` },
    );
    expect(withTools.code, withTools.stdout).toBe(0);
    expect(withTools.outputs['tools-path']).toBe(toolsDir);
    expect(withTools.paths).toEqual([]);

    const without = await backup({ 'mongodb-tools-version': 'system' }, dirsEnv);
    expect(without.code).toBe(1);
    expect(without.stdout).toContain("'mongodb-tools-version' is system, but mongodump is not on PATH");
  });

  it('says clearly when the mirror cannot be reached', async () => {
    const dirsEnv = await runnerDirs();
    const unreachable = (await freeClosedPortUri('x'))
      .replace('mongodb://', 'http://')
      .replace(/\/x$/, '/tools');
    const run = await backup({ 'mongodb-tools-url': unreachable }, dirsEnv);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `::error::Finding mongodump failed: Reading the checksum feed ${unreachable}/full.json failed`,
    );
  });
});
