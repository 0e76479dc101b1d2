import { ObjectId } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { ManifestFinder } from '../../src/catalog/finder.js';
import { manifestBody, parseManifest } from '../../src/catalog/manifest.js';
import type { BackupRecord } from '../../src/catalog/record.js';
import { MemoryStore } from '../support/fakes.js';
import { recordingReporter } from '../support/recording-host.js';

function record(name: string, createdAt: string, tier: BackupRecord['backupType'] = 'daily'): BackupRecord {
  const at = new Date(createdAt);
  const stamp = at.toISOString().replace(/[-:]|\.\d+/g, '');
  return {
    _id: new ObjectId(),
    dbName: name,
    sourceDatabase: name,
    backupType: tier,
    storageProvider: 's3',
    bucket: 'bucket',
    storageKey: `p/${name}/${tier}/${name}-${stamp}-abcd1234.archive.gz`,
    createdAt: at,
    expireAt: new Date(at.getTime() + 7 * 86_400_000),
    retention: '7d',
    status: 'completed',
    sizeBytes: 123,
    sha256: 'a'.repeat(64),
    documents: 5,
    consistency: 'none',
    tools: { mongodump: '100.10.0' },
    server: { version: '7.0.0', topology: 'standalone' },
    run: null,
  };
}

const { report, host } = recordingReporter();

function storeWith(records: BackupRecord[]): MemoryStore {
  const store = new MemoryStore();
  for (const r of records) {
    store.objects.set(r.storageKey, Buffer.alloc(123));
    store.objects.set(`${r.storageKey}.json`, Buffer.from(manifestBody(r)));
  }
  return store;
}

const base = { bucket: 'bucket', prefix: 'p', limit: 1 };

describe('manifests', () => {
  it('round-trip a record', () => {
    const r = record('app', '2026-12-01T03:00:00Z');
    expect(parseManifest(manifestBody(r))).toEqual(r);
  });

  it('refuse what is not a manifest of ours', () => {
    expect(() => parseManifest('{"format":"other"}')).toThrow();
    expect(() => parseManifest('not json')).toThrow();
  });
});

describe('ManifestFinder', () => {
  const records = [
    record('app', '2026-12-01T03:00:00Z'),
    record('app', '2026-12-03T03:00:00Z'),
    record('app', '2026-11-29T03:00:00Z', 'weekly'),
    record('other', '2026-12-04T03:00:00Z'),
  ];
  const finder = new ManifestFinder(storeWith(records), report);

  it('finds the newest of a name, across tiers or in one', async () => {
    expect(await finder.find({ ...base, names: ['app'] })).toEqual([records[1]]);
    expect(await finder.find({ ...base, names: ['app'], tier: 'weekly' })).toEqual([records[2]]);
  });

  it('finds by id, by key, and before a time', async () => {
    expect(await finder.find({ ...base, names: [], id: records[0]!._id.toHexString(), limit: 1 })).toEqual([
      records[0],
    ]);
    expect(await finder.find({ ...base, names: [], storageKey: records[3]!.storageKey })).toEqual([
      records[3],
    ]);
    expect(await finder.find({ ...base, names: ['app'], before: new Date('2026-12-02T00:00:00Z') })).toEqual([
      records[0],
    ]);
  });

  it('lists several newest first', async () => {
    expect(
      (await finder.find({ ...base, names: ['app'], limit: 5 })).map((r) => r.createdAt.toISOString()),
    ).toEqual(['2026-12-03T03:00:00.000Z', '2026-12-01T03:00:00.000Z', '2026-11-29T03:00:00.000Z']);
  });

  it('skips an unreadable manifest with a warning', async () => {
    const store = storeWith([record('app', '2026-12-01T03:00:00Z')]);
    store.objects.set('p/app/daily/app-20261205T000000Z-ffffffff.archive.gz.json', Buffer.from('garbage'));
    const found = await new ManifestFinder(store, report).find({ ...base, names: ['app'] });
    expect(found).toHaveLength(1);
    expect(host.lines.join('\n')).toContain('not a readable manifest');
  });
});
