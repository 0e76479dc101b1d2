/**
 * The workflow templates users copy, run as shipped under act against FerretDB, MinIO and a loopback
 * mirror of the Database Tools downloads; then what they left in S3 and the catalog is checked.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Filter } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackupRecord } from '../../src/catalog/record.js';
import { detectPlatform } from '../../src/mongo/platform.js';
import { runWorkflow, type ActOptions } from '../support/act.js';
import { startToolsMirror, type ToolsMirror } from '../support/mirror.js';
import { canonicalContents } from '../support/seed.js';
import {
  createBucket,
  listObjects,
  mongoUri,
  s3Client,
  servers,
  uniqueName,
  withMongo,
} from '../support/world.js';

const DAY = 24 * 3600 * 1000;

describe('workflow templates under act', () => {
  let s3: S3Client;
  let bucket: string;
  let mirror: ToolsMirror;
  let toolCache: string;
  const appDb = uniqueName('e2e_app').replace(/-/g, '_');
  const billingDb = uniqueName('e2e_billing').replace(/-/g, '_');

  const records = (filter: Filter<BackupRecord>) =>
    withMongo((client) =>
      client
        .db('mongodb_backup')
        .collection<BackupRecord>('backups')
        .find({ bucket, ...filter })
        .sort({ createdAt: 1 })
        .toArray(),
    );

  function options(event: ActOptions['event'], extra: Partial<ActOptions> = {}): ActOptions {
    const { s3: endpoint } = servers();
    return {
      event,
      secrets: {
        MONGODB_URI_APP: mongoUri(appDb),
        MONGODB_URI_BILLING: mongoUri(billingDb),
        MONGODB_CATALOG_URI: servers().mongoUri,
        MONGODB_RESTORE_URI_STAGING: mongoUri('admin'),
        AWS_ACCESS_KEY_ID: endpoint.accessKeyId,
        AWS_SECRET_ACCESS_KEY: endpoint.secretAccessKey,
      },
      vars: {
        BACKUP_BUCKET: bucket,
        AWS_REGION: endpoint.region,
        S3_ENDPOINT: endpoint.endpoint,
        S3_FORCE_PATH_STYLE: 'true',
        MONGODB_TOOLS_URL: mirror.url,
        MONGODB_TOOLS_VERSION: '100.10.0',
      },
      toolCache,
      ...extra,
    };
  }

  async function backdate(filter: Filter<BackupRecord>, ageMs: number, expiredMs: number): Promise<void> {
    const now = Date.now();
    await withMongo((client) =>
      client
        .db('mongodb_backup')
        .collection<BackupRecord>('backups')
        .updateMany(
          { bucket, ...filter },
          { $set: { createdAt: new Date(now - ageMs), expireAt: new Date(now - expiredMs) } },
        ),
    );
  }

  beforeAll(async () => {
    s3 = s3Client();
    bucket = await createBucket(s3);
    toolCache = await mkdtemp(join(tmpdir(), 'mba-act-tools-'));
    await withMongo(async (client) => {
      await client
        .db(appDb)
        .collection('orders')
        .insertMany(Array.from({ length: 300 }, (_, i) => ({ i, total: i * 3 })));
      await client
        .db(billingDb)
        .collection('invoices')
        .insertMany(Array.from({ length: 50 }, (_, i) => ({ i })));
    });
    const osRelease = existsSync('/etc/os-release') ? await readFile('/etc/os-release', 'utf8') : undefined;
    mirror = await startToolsMirror(
      servers().tools,
      detectPlatform({ os: process.platform, arch: process.arch, osRelease }),
      '100.10.0',
    );
  });

  afterAll(async () => {
    s3.destroy();
    await mirror.close();
    await rm(toolCache, { recursive: true, force: true });
  });

  it('backup-daily.yml on schedule backs up each database of the matrix', async () => {
    const run = await runWorkflow('backup-daily.yml', options('schedule'));
    expect(run.code, run.log).toBe(0);
    const daily = await records({ backupType: 'daily', status: 'completed' });
    expect(daily.map((r) => r.dbName).sort()).toEqual(['app', 'billing']);
    for (const r of daily) {
      const keys = (await listObjects(s3, bucket, r.storageKey)).map((o) => o.key);
      expect(keys).toEqual([r.storageKey, `${r.storageKey}.json`]);
      expect(r.sourceDatabase).toBe(r.dbName === 'app' ? appDb : billingDb);
    }
    // The first job to need the tools downloads and verifies them from the mirror.
    expect(run.log).toContain(`Verified ${mirror.archiveName}`);
    expect(mirror.requests.get(`/tools/${mirror.archiveName}`)).toBeGreaterThanOrEqual(1);
  });

  it('backup-weekly.yml on schedule backs up, and its prune removes an expired weekly backup', async () => {
    // A fresh runner: no tool cache, but the Actions cache holds what the daily run saved.
    await rm(join(toolCache, 'act', 'tool_cache'), { recursive: true, force: true });
    mirror.requests.clear();
    const first = await runWorkflow('backup-weekly.yml', options('schedule'));
    expect(first.code, first.log).toBe(0);
    expect(first.log).toContain('from the actions-cache');
    expect(mirror.requests.get(`/tools/${mirror.archiveName}`)).toBeUndefined();
    const [oldApp] = await records({ backupType: 'weekly', dbName: 'app' });
    await backdate({ backupType: 'weekly' }, 40 * DAY, 5 * DAY);
    const second = await runWorkflow('backup-weekly.yml', options('schedule'));
    expect(second.code, second.log).toBe(0);
    const weekly = await records({ backupType: 'weekly' });
    expect(weekly).toHaveLength(2);
    expect(weekly.map((r) => r.storageKey)).not.toContain(oldApp!.storageKey);
    expect(await listObjects(s3, bucket, oldApp!.storageKey)).toEqual([]);
  });

  it('backup-monthly.yml on schedule records monthly backups', async () => {
    const run = await runWorkflow('backup-monthly.yml', options('schedule'));
    expect(run.code, run.log).toBe(0);
    expect(
      (await records({ backupType: 'monthly', status: 'completed' })).map((r) => r.dbName).sort(),
    ).toEqual(['app', 'billing']);
  });

  it('restore.yml on workflow_dispatch restores a dropped database, with drop confirmed', async () => {
    const before = await withMongo((client) => canonicalContents(client, appDb));
    await withMongo((client) => client.db(appDb).dropDatabase());
    const run = await runWorkflow(
      'restore.yml',
      options('workflow_dispatch', {
        inputs: {
          database: 'app',
          backup: 'latest',
          target: 'staging',
          drop: true,
          confirm: appDb,
          'dry-run': false,
        },
      }),
    );
    expect(run.code, run.log).toBe(0);
    expect(await withMongo((client) => canonicalContents(client, appDb))).toEqual(before);
    expect(run.log).toContain('Restored 300 documents');
  });

  it('deploy-gate.yml passes when backups are fresh and fails when one is stale', async () => {
    const fresh = await runWorkflow('deploy-gate.yml', options('workflow_dispatch'));
    expect(fresh.code, fresh.log).toBe(0);
    expect(fresh.log).toContain('Deploying, every database has a backup younger than 26 hours');
    expect(fresh.log).toContain('Deploying with a backup taken minutes ago');
    expect(await records({ backupType: 'manual', dbName: 'app' })).toHaveLength(1);

    await backdate({ dbName: 'billing' }, 30 * 3600 * 1000, -6 * DAY);
    const stale = await runWorkflow('deploy-gate.yml', options('workflow_dispatch'));
    expect(stale.code).not.toBe(0);
    expect(stale.log).toMatch(
      /No fresh backup \(max-age 26h\) for 1 of 2: billing: newest completed backup is 1d 6h old/,
    );
    expect(stale.log).not.toContain('Deploying, every database has a backup younger than 26 hours');
  });
});
