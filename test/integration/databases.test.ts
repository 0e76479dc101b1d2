/** Several databases in one step: each independent, URIs from env variables, per-database outputs. */
import type { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKUP_ENTRY, runEntry } from '../support/run-action.js';
import {
  awsEnv,
  backupInputs,
  createBucket,
  freeClosedPortUri,
  listObjects,
  mongoUri,
  s3Client,
  servers,
  uniqueName,
  withMongo,
} from '../support/world.js';

interface Result {
  status: string;
  storageKey?: string;
  sizeBytes?: number;
  error?: string;
}

describe('databases list', () => {
  let s3: S3Client;
  let bucket: string;
  const first = uniqueName('multi-a');
  const second = uniqueName('multi-b');
  const catalogDatabase = uniqueName('mba_multi').replace(/-/g, '_');

  beforeAll(async () => {
    s3 = s3Client();
    bucket = await createBucket(s3);
    await withMongo(async (client) => {
      await client
        .db(first)
        .collection('things')
        .insertMany([{ n: 1 }, { n: 2 }]);
      await client
        .db(second)
        .collection('things')
        .insertMany([{ n: 3 }]);
    });
  });

  afterAll(() => s3.destroy());

  function inputs(list: string, extra: Record<string, string> = {}) {
    const base = backupInputs(bucket, first, {
      databases: list,
      'catalog-uri': servers().mongoUri,
      'catalog-database': catalogDatabase,
      ...extra,
    });
    delete base['mongodb-uri'];
    return base;
  }

  it('backs up each database, reports the unreachable one, and fails naming it', async () => {
    const list = [
      `- { name: ${first}, uri-env: URI_FIRST }`,
      `- { name: ${second}, uri-env: URI_SECOND }`,
      '- { name: offline, uri-env: URI_OFFLINE, database: gone }',
    ].join('\n');
    const run = await runEntry(BACKUP_ENTRY, inputs(list, { parallel: '2' }), {
      node: servers().tools.node24,
      env: {
        ...awsEnv(),
        URI_FIRST: mongoUri(first, { withPassword: true }),
        URI_SECOND: mongoUri(second),
        URI_OFFLINE: await freeClosedPortUri('gone'),
      },
    });
    expect(run.code).toBe(1);
    const error = run.stdout.split('\n').find((l) => l.startsWith('::error::')) ?? '';
    expect(error).toContain('1 of 3 backups failed: offline: Probing the source deployment failed');
    expect(error).not.toContain(first);

    const results = JSON.parse(run.outputs.results ?? '{}') as Record<string, Result>;
    expect(Object.keys(results).sort()).toEqual([first, second, 'offline'].sort());
    expect(results[first]!.status).toBe('completed');
    expect(results[second]!.status).toBe('completed');
    expect(results.offline).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('ECONNREFUSED') as string,
    });
    // The single-database outputs are not set in this mode.
    expect(run.outputs['storage-key']).toBeUndefined();

    for (const name of [first, second]) {
      const objects = await listObjects(s3, bucket, `mongo-backups/${name}/`);
      expect(objects.map((o) => o.key)).toEqual([
        results[name]!.storageKey!,
        `${results[name]!.storageKey!}.json`,
      ]);
    }
    expect(await listObjects(s3, bucket, 'mongo-backups/offline/')).toEqual([]);
    expect(run.summary).toContain('2 of 3 completed');
    expect(run.summary).toMatch(new RegExp(`\\| ${first} \\| daily \\| completed \\|`));
    expect(run.summary).toContain('| offline | daily | **failed**');
    // Concurrent databases log with their name in front.
    expect(run.stdout).toContain(`[${second}] == Streaming mongodump to S3`);
  });

  it.each([
    ['bad YAML', '- { name: a, uri-env: URI_FIRST', 'is not valid YAML'],
    ['a missing name', '- { uri-env: URI_FIRST }', 'item 1 is missing "name"'],
    [
      'duplicate names',
      '- { name: a, uri-env: URI_FIRST }\n- { name: a, uri-env: URI_SECOND }',
      'already used by item 1',
    ],
    ['a missing env variable', '- { name: a, uri-env: URI_NOT_SET }', 'URI_NOT_SET is not set'],
  ])('refuses %s before any side effect', async (_what, list, message) => {
    const before = await listObjects(s3, bucket);
    const run = await runEntry(BACKUP_ENTRY, inputs(list), {
      env: { ...awsEnv(), URI_FIRST: mongoUri(first), URI_SECOND: mongoUri(second) },
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`::error::Input 'databases'`);
    expect(run.stdout).toContain(message);
    expect(await listObjects(s3, bucket)).toEqual(before);
    const catalogs = await withMongo((client) =>
      client.db(catalogDatabase).collection('backups').countDocuments({ dbName: 'a' }),
    );
    expect(catalogs).toBe(0);
  });
});
