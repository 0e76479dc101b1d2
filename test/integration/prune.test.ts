/** The prune action against real backups: the plan, the floor, dry runs, untracked objects, concurrency. */
import {
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Filter } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackupRecord } from '../../src/catalog/record.js';
import { BACKUP_ENTRY, runEntry, type ActionRun } from '../support/run-action.js';
import { fakeMongodump } from '../support/tools.js';
import {
  awsEnv,
  backupInputs,
  createBucket,
  listMultipartUploads,
  listObjects,
  s3Client,
  servers,
  uniqueName,
  withMongo,
} from '../support/world.js';

const PRUNE_ENTRY = 'dist/prune/index.js';
const DAY = 24 * 3600 * 1000;

describe('prune', () => {
  let s3: S3Client;
  let bucket: string;
  const source = uniqueName('prunesrc');
  const catalogDatabase = uniqueName('mba_prune').replace(/-/g, '_');
  let orphanUploadStarted = 0;
  const orphanKey = () => `mongo-backups/orphans/daily/orphan-upload.archive.gz`;

  beforeAll(async () => {
    s3 = s3Client();
    bucket = await createBucket(s3);
    await withMongo((client) =>
      client
        .db(source)
        .collection('items')
        .insertMany([{ a: 1 }, { a: 2 }]),
    );
    // An upload that was started and never finished, as a crashed backup leaves behind.
    await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: orphanKey() }));
    orphanUploadStarted = Date.now();
  });

  afterAll(() => s3.destroy());

  const catalog = <T>(work: (c: ReturnType<typeof collection>) => Promise<T>) =>
    withMongo((client) => work(collection(client)));
  function collection(client: Parameters<Parameters<typeof withMongo>[0]>[0]) {
    return client.db(catalogDatabase).collection<BackupRecord>('backups');
  }
  const records = (filter: Filter<BackupRecord>) =>
    catalog((c) => c.find(filter).sort({ createdAt: 1 }).toArray());

  async function backup(name: string, extra: Record<string, string> = {}): Promise<ActionRun> {
    const run = await runEntry(
      BACKUP_ENTRY,
      backupInputs(bucket, source, { name, 'catalog-database': catalogDatabase, ...extra }),
      { env: awsEnv() },
    );
    return run;
  }

  /** Moves a backup into the past: created `ageDays` ago, expiring `expiredDaysAgo` ago. */
  async function backdate(storageKey: string, ageDays: number, expiredDaysAgo: number): Promise<void> {
    const now = Date.now();
    await catalog((c) =>
      c.updateOne(
        { storageKey },
        {
          $set: { createdAt: new Date(now - ageDays * DAY), expireAt: new Date(now - expiredDaysAgo * DAY) },
        },
      ),
    );
  }

  function prune(inputs: Record<string, string>): Promise<ActionRun> {
    const { s3: endpoint } = servers();
    return runEntry(
      PRUNE_ENTRY,
      {
        'catalog-uri': servers().mongoUri,
        'catalog-database': catalogDatabase,
        's3-bucket': bucket,
        's3-endpoint': endpoint.endpoint,
        's3-force-path-style': 'true',
        ...inputs,
      },
      { node: servers().tools.node24, env: awsEnv() },
    );
  }

  async function completedBackups(name: string, count: number): Promise<string[]> {
    const keys: string[] = [];
    for (let i = 0; i < count; i++) {
      const run = await backup(name);
      expect(run.code, run.stdout).toBe(0);
      keys.push(run.outputs['storage-key']!);
    }
    return keys;
  }

  async function state(prefix: string) {
    const objects = await listObjects(s3, bucket, prefix);
    const catalogRecords = await records({ storageKey: { $regex: `^${prefix}` } });
    return { objects, records: catalogRecords.map((r) => ({ key: r.storageKey, status: r.status })) };
  }

  it('dry-run shows the plan and changes nothing; the real prune deletes exactly the plan, keeping the newest', async () => {
    const name = uniqueName('plan');
    const prefix = `mongo-backups/${name}/`;
    const [oldest, middle, newest] = await completedBackups(name, 3);
    await backdate(oldest!, 10, 3);
    await backdate(middle!, 9, 2);
    await backdate(newest!, 8, 1); // expired too: only the floor keeps it

    // A failed backup from two days ago, with a leftover object at its key.
    const fake = await fakeMongodump('exit 1');
    const failedRun = await backup(name, { 'mongodump-path': fake.path });
    expect(failedRun.code).toBe(1);
    const [failed] = await records({ dbName: name, status: 'failed' });
    await backdate(failed!.storageKey, 2, -5);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: failed!.storageKey, Body: 'partial' }));
    // An object nobody recorded.
    const strayKey = `${prefix}daily/stray-upload.archive.gz`;
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: strayKey, Body: 'not a backup of ours' }));

    const before = await state(prefix);
    const dry = await prune({ name, 'dry-run': 'true' });
    expect(dry.code, dry.stdout).toBe(0);
    expect(await state(prefix)).toEqual(before);
    expect(dry.outputs).toMatchObject({ 'deleted-count': '3', 'kept-count': '1', 'untracked-count': '1' });
    expect(dry.summary).toContain('dry run: nothing was changed');
    expect(dry.summary).toContain('newest (keep-last)');
    expect(dry.stdout).toContain(`would delete ${oldest} (expired)`);
    expect(dry.stdout).toContain(`would delete ${failed!.storageKey} (stale-failed)`);

    const real = await prune({ name });
    expect(real.code, real.stdout).toBe(0);
    expect(real.outputs).toMatchObject({ 'deleted-count': '3', 'kept-count': '1', 'untracked-count': '1' });
    expect(Number(real.outputs['deleted-bytes'])).toBeGreaterThan(0);
    const after = await state(prefix);
    expect(after.objects.map((o) => o.key)).toEqual([newest!, `${newest!}.json`, strayKey].sort());
    expect(after.records).toEqual([{ key: newest!, status: 'completed' }]);
    expect(real.stdout).toContain('not in the catalog and were left alone');
    expect(real.summary).toContain(strayKey);
  });

  it('removes the record of an archive already gone from S3, with a warning', async () => {
    const name = uniqueName('gone');
    const [first] = await completedBackups(name, 2);
    await backdate(first!, 10, 3);
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: first! }));
    const run = await prune({ name });
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toContain(`::warning::${first} was already gone from S3; removing its record.`);
    expect(await records({ storageKey: first! })).toEqual([]);
  });

  it('two prunes at once delete each backup once and both succeed', async () => {
    const name = uniqueName('race');
    const keys = await completedBackups(name, 5);
    for (const [i, key] of keys.slice(0, 4).entries()) await backdate(key, 20 - i, 10 - i);
    const [a, b] = await Promise.all([prune({ name }), prune({ name })]);
    expect(a.code, a.stdout).toBe(0);
    expect(b.code, b.stdout).toBe(0);
    expect(Number(a.outputs['deleted-count']) + Number(b.outputs['deleted-count'])).toBe(4);
    const after = await state(`mongo-backups/${name}/`);
    expect(after.records).toEqual([{ key: keys[4]!, status: 'completed' }]);
    expect(after.objects.map((o) => o.key)).toEqual([keys[4]!, `${keys[4]!}.json`]);
  });

  it('never touches a backup that is running during the prune', async () => {
    const name = uniqueName('running');
    const [old] = await completedBackups(name, 1);
    await backdate(old!, 30, 20);
    // A mongodump that waits before dumping keeps the backup pending while the prune runs.
    const slow = await fakeMongodump('sleep 4\nexec "$REAL" "$@"');
    const running = backup(name, { 'mongodump-path': slow.path });
    let pending: BackupRecord[] = [];
    for (let i = 0; i < 50 && pending.length === 0; i++) {
      await sleep(100);
      pending = await records({ dbName: name, status: 'pending' });
    }
    expect(pending).toHaveLength(1);
    const pruned = await prune({ name });
    expect(pruned.code, pruned.stdout).toBe(0);
    // The old backup is the newest completed one while the new one is pending: the floor keeps it.
    expect(pruned.outputs['deleted-count']).toBe('0');
    const done = await running;
    expect(done.code, done.stdout).toBe(0);
    expect(await records({ storageKey: done.outputs['storage-key']! })).toMatchObject([
      { status: 'completed' },
    ]);
    // Now the new one completed, the next prune may take the old one.
    const next = await prune({ name });
    expect(next.outputs['deleted-count']).toBe('1');
    expect((await state(`mongo-backups/${name}/`)).records).toEqual([
      { key: done.outputs['storage-key']!, status: 'completed' },
    ]);
  });

  it('prune: true on the backup prunes only the database it backed up', async () => {
    const name = uniqueName('auto');
    const other = uniqueName('other');
    const [oldA] = await completedBackups(name, 1);
    const [oldB] = await completedBackups(other, 1);
    await backdate(oldA!, 30, 20);
    await backdate(oldB!, 30, 20);
    await completedBackups(other, 1); // other now has an expired backup below its floor too
    const run = await backup(name, { prune: 'true' });
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs).toMatchObject({ 'deleted-count': '1', 'kept-count': '1' });
    expect(await records({ storageKey: oldA! })).toEqual([]);
    expect(await records({ storageKey: oldB! })).toHaveLength(1);
    expect(run.summary).toContain('MongoDB backup prune');
  });

  it('refuses a whole-bucket scope before touching anything', async () => {
    const before = await listObjects(s3, bucket);
    const run = await prune({ 's3-prefix': '/' });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`::error::Input 's3-prefix' is empty and no 'name' is given`);
    expect(await listObjects(s3, bucket)).toEqual(before);
  });

  it('aborts unfinished multipart uploads older than stale-after', async () => {
    expect(await listMultipartUploads(s3, bucket)).toContain(orphanKey());
    const young = await prune({ name: 'orphans', 'stale-after': '1min' });
    const waited = Date.now() - orphanUploadStarted;
    if (waited < 60_000) expect(young.outputs['aborted-uploads']).toBe('0');
    await sleep(Math.max(0, 61_000 - (Date.now() - orphanUploadStarted)));
    const run = await prune({ name: 'orphans', 'stale-after': '1min' });
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs['aborted-uploads']).toBe('1');
    expect(await listMultipartUploads(s3, bucket)).not.toContain(orphanKey());
  }, 120_000);
});
