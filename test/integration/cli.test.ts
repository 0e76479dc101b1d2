/** The command line: the same backup outside Actions, flags and env variables, JSON on stdout. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKUP_INPUTS, PRUNE_INPUTS } from '../../src/constants.js';
import { CLI_ENTRY } from '../support/run-action.js';
import { ROOT } from '../support/servers.js';
import {
  awsEnv,
  createBucket,
  getObject,
  mongoUri,
  s3Client,
  servers,
  TEST_PASSWORD,
  uniqueName,
  withMongo,
} from '../support/world.js';

const execFileAsync = promisify(execFile);

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(INPUT_|GITHUB_|MONGODB_BACKUP_)/.test(k)),
  );
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [join(ROOT, CLI_ENTRY), ...args], {
      env: { ...clean, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('CLI', () => {
  let s3: S3Client;
  let bucket: string;
  const source = uniqueName('cli');

  beforeAll(async () => {
    s3 = s3Client();
    bucket = await createBucket(s3);
    await withMongo((client) =>
      client
        .db(source)
        .collection('notes')
        .insertMany([{ text: 'one' }, { text: 'two' }]),
    );
  });

  afterAll(() => s3.destroy());

  it.each([
    ['backup', BACKUP_INPUTS],
    ['prune', PRUNE_INPUTS],
  ])('prints help for %s with every input as a flag and an env variable', async (command, inputs) => {
    const run = await cli([command, '--help']);
    expect(run.code).toBe(0);
    for (const input of inputs) {
      expect(run.stdout).toContain(`--${input} `);
      expect(run.stdout).toContain(`MONGODB_BACKUP_${input.toUpperCase().replace(/-/g, '_')}`);
    }
  });

  it('rejects an unknown command and an unknown flag with usage (exit 2)', async () => {
    expect(await cli(['frobnicate'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('unknown command "frobnicate"') as string,
    });
    expect(await cli(['backup', '--bucket', 'x'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("'--bucket'") as string,
    });
  });

  it('backs up with the URI from the environment, outputs as JSON, the log without the password', async () => {
    const name = uniqueName('cli');
    const run = await cli(
      [
        'backup',
        '--s3-bucket',
        bucket,
        '--name',
        name,
        '--tier',
        'manual',
        '--mongodump-path',
        servers().tools.mongodump,
      ],
      {
        ...awsEnv(),
        MONGODB_BACKUP_MONGODB_URI: mongoUri(source, { withPassword: true }),
        MONGODB_BACKUP_S3_ENDPOINT: servers().s3.endpoint,
        MONGODB_BACKUP_S3_FORCE_PATH_STYLE: 'true',
        MONGODB_BACKUP_CATALOG_DATABASE: 'mba_catalog',
      },
    );
    expect(run.code, run.stderr).toBe(0);
    const outputs = JSON.parse(run.stdout) as Record<string, string>;
    expect(outputs['storage-key']).toMatch(new RegExp(`^mongo-backups/${name}/manual/`));
    expect((await getObject(s3, bucket, outputs['storage-key']!)).length).toBe(Number(outputs['size-bytes']));
    expect(run.stderr).toContain('== Streaming mongodump to S3');
    if (!servers().external) {
      expect(run.stderr + run.stdout).not.toContain(TEST_PASSWORD);
      expect(run.stderr + run.stdout).not.toContain(encodeURIComponent(TEST_PASSWORD));
    }
  });

  it('fails with exit 1 and the input named when an input is bad', async () => {
    const run = await cli(['backup', '--s3-bucket', bucket, '--tier', 'hourly'], {
      MONGODB_BACKUP_MONGODB_URI: mongoUri(source),
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `error: Input 'tier' must be one of daily, weekly, monthly, manual, auto (got "hourly").`,
    );
    expect(run.stdout).toBe('');
  });
});
