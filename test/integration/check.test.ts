/** The check action, a deploy gate: fresh passes, stale fails with the age, no backup fails with "none". */
import type { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackupRecord } from '../../src/catalog/record.js';
import { BACKUP_ENTRY, runEntry, type ActionRun } from '../support/run-action.js';
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

const CHECK_ENTRY = 'dist/check/index.js';
const HOUR = 3600 * 1000;

describe('check', () => {
  let s3: S3Client;
  let bucket: string;
  const source = uniqueName('chk');
  const fresh = uniqueName('fresh');
  const stale = uniqueName('stale');
  const catalogDatabase = uniqueName('mba_check').replace(/-/g, '_');

  beforeAll(async () => {
    s3 = s3Client();
    bucket = await createBucket(s3);
    await withMongo((client) => client.db(source).collection('items').insertOne({ a: 1 }));
    for (const name of [fresh, stale]) {
      const run = await runEntry(
        BACKUP_ENTRY,
        backupInputs(bucket, source, { name, 'catalog-database': catalogDatabase }),
        {
          env: awsEnv(),
        },
      );
      expect(run.code, run.stdout).toBe(0);
    }
    // The stale one was made 50 hours ago, as far as the catalog knows.
    await withMongo((client) =>
      client
        .db(catalogDatabase)
        .collection<BackupRecord>('backups')
        .updateOne({ dbName: stale }, { $set: { createdAt: new Date(Date.now() - 50 * HOUR) } }),
    );
  });

  afterAll(() => s3.destroy());

  function check(inputs: Record<string, string>): Promise<ActionRun> {
    return runEntry(
      CHECK_ENTRY,
      {
        'catalog-uri': servers().mongoUri,
        'catalog-database': catalogDatabase,
        's3-bucket': bucket,
        's3-endpoint': servers().s3.endpoint,
        's3-force-path-style': 'true',
        ...inputs,
      },
      { node: servers().tools.node24, env: awsEnv() },
    );
  }

  it('passes when every database has a fresh backup', async () => {
    const run = await check({ name: fresh, 'max-age': '26h' });
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs.fresh).toBe('true');
    const results = JSON.parse(run.outputs.results!) as Record<
      string,
      { fresh: boolean; ageSeconds: number }
    >;
    expect(results[fresh]).toMatchObject({ fresh: true });
    expect(results[fresh]!.ageSeconds).toBeLessThan(600);
    expect(run.summary).toContain('Backup freshness: fresh');
  });

  it('fails naming the stale database with its age, and "none" for one never backed up', async () => {
    const run = await check({ name: `${fresh}, ${stale}, never-backed-up`, 'max-age': '26h' });
    expect(run.code).toBe(1);
    expect(run.outputs.fresh).toBe('false');
    const error = run.stdout.split('\n').find((l) => l.startsWith('::error::')) ?? '';
    expect(error).toContain('No fresh backup (max-age 26h) for 2 of 3');
    expect(error).toMatch(new RegExp(`${stale}: newest completed backup is (2d 1h|2d 2h) old`));
    expect(error).toContain('never-backed-up: none');
    expect(error).not.toContain(`${fresh}:`);
  });

  it('takes the backup action databases list, and answers from S3 when the catalog is unreachable', async () => {
    const run = await check({
      databases: `- { name: ${fresh}, uri-env: UNUSED }`,
      'max-age': '1h',
      'catalog-uri': await freeClosedPortUri('x'),
    });
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs).toMatchObject({ fresh: 'true', source: 's3' });
  });

  it('refuses a max-age in months and a missing name', async () => {
    const run = await check({ 'max-age': '1mo' });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`Input 'max-age' must be in minutes, hours, days or weeks (got "1mo")`);
    expect(run.stdout).toContain(`Input 'name' or 'databases' is required`);
  });
});
