/** The backup action end to end: the built dist entry against FerretDB, MinIO and the real mongodump. */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { BSON, ObjectId, type Filter } from 'mongodb';
import type { BackupRecord } from '../../src/catalog/record.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKUP_ENTRY, runEntry } from '../support/run-action.js';
import { canonicalContents, seedDatabase, type SeedReport } from '../support/seed.js';
import { fakeMongodump, mongorestoreArchive } from '../support/tools.js';
import {
  awsEnv,
  backupInputs,
  createBucket,
  getObject,
  listMultipartUploads,
  listObjects,
  mongoUri,
  s3Client,
  servers,
  TEST_PASSWORD,
  uniqueName,
  withMongo,
} from '../support/world.js';

const CATALOG = 'mba_catalog';

function catalogRecord(filter: Filter<BackupRecord>) {
  return withMongo((client) => client.db(CATALOG).collection<BackupRecord>('backups').findOne(filter));
}

function catalogRecords(filter: Filter<BackupRecord>) {
  return withMongo((client) => client.db(CATALOG).collection<BackupRecord>('backups').find(filter).toArray());
}

describe('backup', () => {
  let s3: S3Client;
  let bucket: string;
  const source = uniqueName('shop');
  let seed: SeedReport;

  beforeAll(async () => {
    s3 = s3Client();
    bucket = await createBucket(s3);
    seed = await withMongo((client) =>
      seedDatabase(client, source, { documents: 10_000, largeDocuments: 8, largeBytes: 1024 * 1024 }),
    );
    if (seed.unsupported.length > 0)
      console.info(`seed: this server does not store ${seed.unsupported.join(', ')}`);
  });

  afterAll(() => s3.destroy());

  const runtimes = [
    ['Node 20 (local)', process.execPath],
    ['Node 24 (runners)', servers().tools.node24],
  ] as const;

  it.each(runtimes)('streams a real dump to S3 and records it, restorable (%s)', async (_label, node) => {
    expect(node, 'Node 24 must be installed by scripts/test-servers.sh').toBeDefined();
    const name = uniqueName('shop');
    const run = await runEntry(BACKUP_ENTRY, backupInputs(bucket, source, { name, tier: 'weekly' }), {
      node,
      env: awsEnv(),
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);

    const { outputs } = run;
    expect(outputs['backup-id']).toMatch(/^[0-9a-f]{24}$/);
    expect(outputs['storage-key']).toMatch(
      new RegExp(`^mongo-backups/${name}/weekly/${name}-\\d{8}T\\d{6}Z-[0-9a-f]{8}\\.archive\\.gz$`),
    );
    expect(outputs.consistency).toBe('none');
    const key = outputs['storage-key']!;

    // The object: its bytes hash to what the outputs and the catalog say.
    const archive = await getObject(s3, bucket, key);
    const sha256 = createHash('sha256').update(archive).digest('hex');
    expect(archive.length).toBeGreaterThan(8 * 1024 * 1024);
    expect(outputs['size-bytes']).toBe(String(archive.length));
    expect(outputs.sha256).toBe(sha256);

    const record = await catalogRecord({ _id: new ObjectId(outputs['backup-id']) });
    expect(record).toMatchObject({
      dbName: name,
      sourceDatabase: source,
      backupType: 'weekly',
      storageProvider: 's3',
      bucket,
      storageKey: key,
      status: 'completed',
      sizeBytes: archive.length,
      sha256,
      consistency: 'none',
      retention: '5w',
      tools: { mongodump: '100.10.0' },
      server: { topology: 'standalone' },
      run: {
        repository: 'example/app',
        runId: '4242',
        url: 'https://github.com/example/app/actions/runs/4242',
      },
    });
    expect(record!.expireAt.getTime() - record!.createdAt.getTime()).toBe(35 * 24 * 3600 * 1000);
    expect(outputs['expire-at']).toBe(record!.expireAt.toISOString());
    expect(outputs['created-at']).toBe(record!.createdAt.toISOString());

    // The manifest, written last, is the completed record.
    const manifest = JSON.parse((await getObject(s3, bucket, `${key}.json`)).toString()) as Record<
      string,
      unknown
    >;
    expect(manifest).toMatchObject({
      _id: outputs['backup-id'],
      status: 'completed',
      sha256,
      sizeBytes: archive.length,
      storageKey: key,
    });

    expect(await listMultipartUploads(s3, bucket)).toEqual([]);
    expect(run.summary).toContain(key);
    expect(run.summary).toContain(sha256);
    expect(run.stdout).toMatch(/MiB streamed in .* MB\/s\)/);

    // The real mongorestore reads it back into a fresh database with every document equal.
    const dir = await mkdtemp(join(tmpdir(), 'mba-archive-'));
    try {
      const file = join(dir, 'backup.archive.gz');
      await writeFile(file, archive);
      const restored = uniqueName('restored');
      await mongorestoreArchive(file, source, restored);
      const [original, copy] = await withMongo(async (client) => [
        await canonicalContents(client, source),
        await canonicalContents(client, restored),
      ]);
      expect(Object.keys(copy)).toEqual(Object.keys(original));
      for (const collection of seed.collections) {
        expect(copy[collection]?.length, collection).toBe(original[collection]?.length);
        expect(copy[collection], collection).toEqual(original[collection]);
      }
      expect(original.customers).toHaveLength(10_000);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('never shows the password: not in the log, outputs, summary, catalog, manifest or mongodump argv', async () => {
    const argvLog = join(await mkdtemp(join(tmpdir(), 'mba-argv-')), 'argv.log');
    const fake = await fakeMongodump(`printf '%s\\n' "$0 $*" >> '${argvLog}'\nexec "$REAL" "$@"`);
    const uri = mongoUri(source, { withPassword: true });
    const name = uniqueName('secret');
    const run = await runEntry(
      BACKUP_ENTRY,
      backupInputs(bucket, source, { name, 'mongodb-uri': uri, 'mongodump-path': fake.path }),
      { node: servers().tools.node24, env: awsEnv() },
    );
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const key = run.outputs['storage-key']!;
    const record = await catalogRecord({ storageKey: key });
    const manifest = (await getObject(s3, bucket, `${key}.json`)).toString();
    const argv = await readFile(argvLog, 'utf8');

    // ::add-mask:: lines are commands the runner consumes (they are what tells it to mask), never shown.
    const shownStdout = run.stdout
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n');
    const places = {
      stdout: shownStdout,
      stderr: run.stderr,
      outputs: JSON.stringify(run.outputs),
      summary: run.summary,
      catalog: BSON.EJSON.stringify(record),
      manifest,
      argv,
    };
    const secrets = servers().external
      ? [new URL(servers().mongoUri).password].filter((p) => p !== '')
      : [TEST_PASSWORD, encodeURIComponent(TEST_PASSWORD), uri];
    for (const [place, text] of Object.entries(places)) {
      for (const secret of secrets) expect(text.includes(secret), `${place} contains a secret`).toBe(false);
    }
    // The URI reached mongodump only through a --config file, which is gone afterwards.
    const configPath = /--config=(\S+)/.exec(argv)?.[1];
    expect(configPath).toBeDefined();
    await expect(readFile(configPath!)).rejects.toThrow(/ENOENT/);
    // The runner is told to mask it too.
    expect(run.stdout).toContain(`::add-mask::${TEST_PASSWORD}`);
  });

  it('fails cleanly when mongodump is killed mid-stream: upload aborted, record failed, no object', async () => {
    // Passes on 7 MB of the real archive (more than one 5 MiB part), then dies by SIGKILL.
    const fake = await fakeMongodump(`"$REAL" "$@" | head -c 7000000\nkill -KILL $$`);
    const name = uniqueName('killed');
    const run = await runEntry(
      BACKUP_ENTRY,
      backupInputs(bucket, source, { name, 'mongodump-path': fake.path }),
      { node: servers().tools.node24, env: awsEnv() },
    );
    expect(run.code).not.toBe(0);
    expect(run.stdout).toContain('::error::Running mongodump failed: mongodump was killed by SIGKILL');
    expect(await listObjects(s3, bucket, `mongo-backups/${name}/`)).toEqual([]);
    expect(await listMultipartUploads(s3, bucket)).toEqual([]);
    const records = await catalogRecords({ dbName: name });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ status: 'failed' });
    expect(records[0]!.error).toContain('killed by SIGKILL');
  });

  it('never completes an object when mongodump fails after writing its whole output', async () => {
    const fake = await fakeMongodump(`"$REAL" "$@"\necho 'Failed: simulated late failure' >&2\nexit 3`);
    const name = uniqueName('late');
    const run = await runEntry(
      BACKUP_ENTRY,
      backupInputs(bucket, source, { name, 'mongodump-path': fake.path }),
      { env: awsEnv() },
    );
    expect(run.code).not.toBe(0);
    expect(run.stdout).toContain('mongodump exited with code 3: Failed: simulated late failure');
    expect(await listObjects(s3, bucket, `mongo-backups/${name}/`)).toEqual([]);
    expect(await listMultipartUploads(s3, bucket)).toEqual([]);
    expect(await catalogRecords({ dbName: name })).toMatchObject([{ status: 'failed' }]);
  });

  it('leaves earlier backups untouched when a later one fails', async () => {
    const name = uniqueName('keep');
    const good = await runEntry(BACKUP_ENTRY, backupInputs(bucket, source, { name }), { env: awsEnv() });
    expect(good.code, good.stdout).toBe(0);
    const before = await listObjects(s3, bucket, `mongo-backups/${name}/`);
    const fake = await fakeMongodump('exit 1');
    const bad = await runEntry(
      BACKUP_ENTRY,
      backupInputs(bucket, source, { name, 'mongodump-path': fake.path }),
      {
        env: awsEnv(),
      },
    );
    expect(bad.code).not.toBe(0);
    expect(await listObjects(s3, bucket, `mongo-backups/${name}/`)).toEqual(before);
    const records = await catalogRecords({ dbName: name });
    expect(records.map((r) => r.status).sort()).toEqual(['completed', 'failed']);
  });

  it('leaves the catalog collection out when it lives in the database being dumped', async () => {
    const db = uniqueName('ops').replace(/-/g, '_');
    await withMongo((client) =>
      client
        .db(db)
        .collection('items')
        .insertMany([{ n: 1 }, { n: 2 }, { n: 3 }]),
    );
    const run = await runEntry(
      BACKUP_ENTRY,
      backupInputs(bucket, db, { 'catalog-database': db, 'catalog-collection': 'backups' }),
      { env: awsEnv() },
    );
    expect(run.code, run.stdout).toBe(0);
    // The catalog collection exists in that database now, holding this very backup's record.
    expect(await withMongo((client) => client.db(db).collection('backups').countDocuments())).toBe(1);
    const dir = await mkdtemp(join(tmpdir(), 'mba-archive-'));
    try {
      const file = join(dir, 'backup.archive.gz');
      await writeFile(file, await getObject(s3, bucket, run.outputs['storage-key']!));
      const restored = uniqueName('opsrestored').replace(/-/g, '_');
      await mongorestoreArchive(file, db, restored);
      const contents = await withMongo((client) => canonicalContents(client, restored));
      expect(Object.keys(contents)).toEqual(['items']);
      expect(contents.items).toHaveLength(3);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
