import { ObjectId } from 'mongodb';
import { describe, expect, it } from 'vitest';
import type { BackupRecord } from '../../src/catalog/record.js';
import { runPrune, scopePrefixes, type PruneRequest } from '../../src/commands/prune.js';
import { failOnPruneErrors } from '../../src/main/prune.js';
import type { Reporter } from '../../src/report.js';
import { MemoryCatalog, MemoryStore } from '../support/fakes.js';
import { recordingReporter } from '../support/recording-host.js';

const NOW = new Date('2026-12-04T12:00:00Z');
const DAY = 24 * 3600 * 1000;

function quietReporter(): Reporter {
  return recordingReporter().report;
}

function completed(name: string, ageDays: number, expiredDaysAgo: number): BackupRecord {
  const createdAt = new Date(NOW.getTime() - ageDays * DAY);
  return {
    _id: new ObjectId(),
    dbName: name,
    sourceDatabase: name,
    backupType: 'daily',
    storageProvider: 's3',
    bucket: 'bucket',
    storageKey: `p/${name}/daily/${name}-${ageDays}.archive.gz`,
    createdAt,
    expireAt: new Date(NOW.getTime() - expiredDaysAgo * DAY),
    retention: '7d',
    status: 'completed',
    sizeBytes: 10,
    consistency: 'none',
    tools: { mongodump: 'x' },
    server: { version: 'x', topology: 'standalone' },
    run: null,
  };
}

const REQUEST: PruneRequest = {
  prefix: 'p',
  names: [],
  tiers: [],
  keepLast: 1,
  staleAfterMs: DAY,
  staleAfterText: '24h',
  dryRun: false,
};

async function world(records: BackupRecord[]) {
  const catalog = new MemoryCatalog();
  const store = new MemoryStore();
  for (const r of records) {
    await catalog.begin(r);
    store.objects.set(r.storageKey, Buffer.alloc(10));
    store.objects.set(`${r.storageKey}.json`, Buffer.from('{}'));
  }
  return { catalog, store, deps: { catalog, store, now: () => NOW, claimant: 'test' } };
}

describe('runPrune', () => {
  it('keeps the record and fails the step, naming it, when a delete fails', async () => {
    const [a, b, c] = [completed('app', 10, 3), completed('app', 9, 2), completed('app', 1, -6)];
    const { catalog, store, deps } = await world([a, b, c]);
    store.failDeletes.add(a.storageKey);
    const result = await runPrune(REQUEST, deps, quietReporter());
    expect(result.deleted.map((d) => d.record.storageKey)).toEqual([b.storageKey]);
    expect(result.failed.map((d) => d.record.storageKey)).toEqual([a.storageKey]);
    expect(catalog.records.has(a._id.toHexString())).toBe(true);
    expect(catalog.claims.size).toBe(0); // released for the next run
    expect(() => failOnPruneErrors(result)).toThrow(
      `Pruning failed for 1 backup(s), kept for the next run: ${a.storageKey}`,
    );
  });

  it('marks a stale pending record failed before deleting it, and skips one that completed meanwhile', async () => {
    const pending = { ...completed('app', 3, -4), status: 'pending' as const };
    const { catalog, deps } = await world([pending, completed('app', 1, -6)]);
    const result = await runPrune(REQUEST, deps, quietReporter());
    expect(result.deleted.map((d) => d.reason)).toEqual(['stale-pending']);
    expect(catalog.records.has(pending._id.toHexString())).toBe(false);

    const late = { ...completed('app', 3, -4), status: 'pending' as const };
    const second = await world([late, completed('app', 1, -6)]);
    // The backup completes after the plan was made: the prune must leave it.
    const originalFail = second.catalog.fail.bind(second.catalog);
    second.catalog.fail = async (id, error, at) => {
      second.catalog.records.get(late._id.toHexString())!.status = 'completed';
      return originalFail(id, error, at);
    };
    const skipped = await runPrune(REQUEST, second.deps, quietReporter());
    expect(skipped.skipped.map((s) => s.record.storageKey)).toEqual([late.storageKey]);
    expect(second.store.objects.has(late.storageKey)).toBe(true);
  });
});

describe('scopePrefixes', () => {
  it('covers names and tiers, or the whole prefix', () => {
    expect(scopePrefixes('p', [], [])).toEqual(['p/']);
    expect(scopePrefixes('', [], [])).toEqual(['']);
    expect(scopePrefixes('p', ['a', 'b'], [])).toEqual(['p/a/', 'p/b/']);
    expect(scopePrefixes('p', ['a'], ['daily', 'weekly'])).toEqual(['p/a/daily/', 'p/a/weekly/']);
  });
});
