/**
 * One behaviour for every implementation of a boundary: the real catalog (MongoDB) and store (S3) and
 * the in-memory stand-ins the unit tests use must answer alike, or those unit tests prove nothing.
 */
import { ObjectId } from 'mongodb';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/catalog/catalog.js';
import { MongoCatalog } from '../../src/catalog/mongo.js';
import type { BackupRecord } from '../../src/catalog/record.js';
import { createS3Client, S3ObjectStore } from '../../src/storage/s3.js';
import type { ObjectStore } from '../../src/storage/store.js';
import { MemoryCatalog, MemoryStore } from '../support/fakes.js';
import { createBucket, s3Client, servers, uniqueName } from '../support/world.js';

function record(name: string, createdAt: Date, status: BackupRecord['status'] = 'pending'): BackupRecord {
  return {
    _id: new ObjectId(),
    dbName: name,
    sourceDatabase: name,
    backupType: 'daily',
    storageProvider: 's3',
    bucket: 'conformance',
    storageKey: `p/${name}/daily/${name}-${createdAt.getTime()}.archive.gz`,
    createdAt,
    expireAt: new Date(createdAt.getTime() + 7 * 86_400_000),
    retention: '7d',
    status,
    consistency: 'none',
    tools: { mongodump: '100.10.0' },
    server: { version: '7.0.0', topology: 'standalone' },
    run: null,
  };
}

const catalogs: [string, () => Promise<{ catalog: Catalog; close: () => Promise<void> }>][] = [
  ['MemoryCatalog', () => Promise.resolve({ catalog: new MemoryCatalog(), close: () => Promise.resolve() })],
  [
    'MongoCatalog',
    async () => {
      const catalog = new MongoCatalog({
        uri: servers().mongoUri,
        database: uniqueName('mba_conf').replace(/-/g, '_'),
        collection: 'backups',
      });
      await catalog.open();
      return { catalog, close: () => catalog.close() };
    },
  ],
];

describe.each(catalogs)('Catalog conformance: %s', (_name, make) => {
  let catalog: Catalog;
  let close: () => Promise<void>;
  beforeAll(async () => ({ catalog, close } = await make()));
  afterAll(() => close());

  it('moves pending → completed once, and never completes a failed record', async () => {
    const a = record('a', new Date('2026-01-01T00:00:00Z'));
    await catalog.begin(a);
    const done = await catalog.complete(a._id, {
      completedAt: new Date(),
      sizeBytes: 5,
      sha256: 'x'.repeat(64),
      documents: 1,
      durationMs: 3,
    });
    expect(done).toMatchObject({ status: 'completed', sizeBytes: 5 });
    await expect(
      catalog.complete(a._id, {
        completedAt: new Date(),
        sizeBytes: 6,
        sha256: 'y',
        documents: 1,
        durationMs: 1,
      }),
    ).rejects.toThrow();
    expect(await catalog.fail(a._id, 'late', new Date())).toBe(false);

    const b = record('a', new Date('2026-01-02T00:00:00Z'));
    await catalog.begin(b);
    expect(await catalog.fail(b._id, 'boom', new Date())).toBe(true);
    await expect(
      catalog.complete(b._id, {
        completedAt: new Date(),
        sizeBytes: 1,
        sha256: 'z',
        documents: 0,
        durationMs: 1,
      }),
    ).rejects.toThrow();
  });

  it('finds completed backups newest first, by name, id, key and time', async () => {
    const times = ['2026-02-01', '2026-02-03', '2026-02-02'].map((d) => new Date(`${d}T00:00:00Z`));
    const made = times.map((t) => record('f', t, 'completed'));
    for (const r of made) await catalog.begin(r);
    await catalog.begin(record('f', new Date('2026-02-05T00:00:00Z'), 'failed'));
    const base = { bucket: 'conformance', prefix: 'p', names: ['f'], limit: 10 };
    expect((await catalog.findCompleted(base)).map((r) => r.createdAt.toISOString().slice(0, 10))).toEqual([
      '2026-02-03',
      '2026-02-02',
      '2026-02-01',
    ]);
    expect((await catalog.findCompleted({ ...base, limit: 1 }))[0]!._id.toHexString()).toBe(
      made[1]!._id.toHexString(),
    );
    expect(await catalog.findCompleted({ ...base, id: made[0]!._id.toHexString() })).toHaveLength(1);
    expect(await catalog.findCompleted({ ...base, storageKey: made[2]!.storageKey })).toHaveLength(1);
    expect(await catalog.findCompleted({ ...base, before: new Date('2026-02-02T12:00:00Z') })).toHaveLength(
      2,
    );
    expect(await catalog.findCompleted({ ...base, prefix: 'other' })).toHaveLength(0);
  });

  it('lets one claimant hold a record, and removes it only for that claimant', async () => {
    const r = record('c', new Date('2026-03-01T00:00:00Z'), 'completed');
    await catalog.begin(r);
    const now = new Date();
    const longAgo = new Date(0);
    expect(await catalog.claim(r._id, 'failed', 'one', now, longAgo)).toBe(false); // wrong status
    expect(await catalog.claim(r._id, 'completed', 'one', now, longAgo)).toBe(true);
    expect(await catalog.claim(r._id, 'completed', 'two', now, longAgo)).toBe(false);
    await expect(catalog.remove(r._id, 'completed', 'two')).rejects.toThrow();
    await catalog.release(r._id, 'one');
    expect(await catalog.claim(r._id, 'completed', 'two', now, longAgo)).toBe(true);
    await catalog.remove(r._id, 'completed', 'two');
    expect(
      await catalog.findInScope({ bucket: 'conformance', prefix: 'p', names: ['c'], tiers: [] }),
    ).toEqual([]);
  });
});

const stores: [string, () => Promise<{ store: ObjectStore; close: () => void }>][] = [
  ['MemoryStore', () => Promise.resolve({ store: new MemoryStore(), close: () => undefined })],
  [
    'S3ObjectStore',
    async () => {
      const admin = s3Client();
      const bucket = await createBucket(admin);
      admin.destroy();
      const { s3 } = servers();
      process.env.AWS_ACCESS_KEY_ID = s3.accessKeyId;
      process.env.AWS_SECRET_ACCESS_KEY = s3.secretAccessKey;
      const client = createS3Client({
        bucket,
        prefix: 'p',
        region: s3.region,
        endpoint: s3.endpoint,
        forcePathStyle: true,
        checksum: 'when-supported',
      });
      return { store: new S3ObjectStore(client, { bucket }), close: () => client.destroy() };
    },
  ],
];

describe.each(stores)('ObjectStore conformance: %s', (_name, make) => {
  let store: ObjectStore;
  let close: () => void;
  beforeAll(async () => ({ store, close } = await make()));
  afterAll(() => close());

  it('writes, reads, lists and deletes; a missing key is undefined and deleting it succeeds', async () => {
    await store.putText('p/a/one.json', '{"a":1}', 'application/json');
    await store.putText('p/a/two.json', 'two', 'application/json');
    await store.putText('q/other.json', 'x', 'application/json');
    expect(await store.getText('p/a/one.json')).toBe('{"a":1}');
    expect(await store.getText('p/a/missing.json')).toBeUndefined();
    expect(await store.head('p/a/two.json')).toEqual({ size: 3 });
    expect(await store.head('p/a/missing.json')).toBeUndefined();
    expect((await store.list('p/')).map((o) => [o.key, o.size]).sort()).toEqual([
      ['p/a/one.json', 7],
      ['p/a/two.json', 3],
    ]);
    expect(await text(Readable.from(await store.download('p/a/two.json')))).toBe('two');
    await store.delete('p/a/one.json');
    await store.delete('p/a/never-existed.json');
    expect((await store.list('p/')).map((o) => o.key)).toEqual(['p/a/two.json']);
    expect(await store.abortIncompleteUploads('p/a/two.json')).toBe(0);
  });
});
