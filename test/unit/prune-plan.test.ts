import { ObjectId } from 'mongodb';
import { describe, expect, it } from 'vitest';
import type { BackupRecord, BackupStatus } from '../../src/catalog/record.js';
import { planPrune } from '../../src/prune-plan.js';
import type { Tier } from '../../src/retention.js';

const NOW = new Date('2026-12-04T12:00:00Z');
const DAY = 24 * 3600 * 1000;
const STALE = DAY;

function record(
  name: string,
  tier: Tier,
  status: BackupStatus,
  ageDays: number,
  expiresInDays: number,
): BackupRecord {
  const createdAt = new Date(NOW.getTime() - ageDays * DAY);
  return {
    _id: new ObjectId(),
    dbName: name,
    sourceDatabase: name,
    backupType: tier,
    storageProvider: 's3',
    bucket: 'b',
    storageKey: `p/${name}/${tier}/${name}-${ageDays}.archive.gz`,
    createdAt,
    expireAt: new Date(NOW.getTime() + expiresInDays * DAY),
    retention: '7d',
    status,
    consistency: 'none',
    tools: { mongodump: '100.10.0' },
    server: { version: '7.0', topology: 'standalone' },
    run: null,
  };
}

const plan = (records: BackupRecord[], keepLast = 1) =>
  planPrune(records, { now: NOW, keepLast, staleAfterMs: STALE });
const keys = (items: { record: BackupRecord }[]) => items.map((i) => i.record.storageKey).sort();
const keysOf = (records: BackupRecord[]) => records.map((r) => r.storageKey).sort();

describe('planPrune', () => {
  it('deletes expired completed backups and keeps the unexpired', () => {
    const fresh = record('app', 'daily', 'completed', 1, 6);
    const old = record('app', 'daily', 'completed', 9, -2);
    const older = record('app', 'daily', 'completed', 10, -3);
    const result = plan([old, fresh, older]);
    expect(keys(result.delete)).toEqual(keysOf([old, older]));
    expect(result.delete.every((d) => d.reason === 'expired')).toBe(true);
    expect(result.keep).toEqual([{ record: fresh, reason: 'newest (keep-last)' }]);
  });

  it('keeps the newest completed backup even when everything expired (the floor)', () => {
    const newest = record('app', 'daily', 'completed', 20, -13);
    const older = record('app', 'daily', 'completed', 21, -14);
    const result = plan([older, newest]);
    expect(keys(result.delete)).toEqual(keysOf([older]));
    expect(result.keep).toEqual([{ record: newest, reason: 'newest (keep-last)' }]);
  });

  it('applies the floor per name and tier, with keep-last', () => {
    const records = [
      record('app', 'daily', 'completed', 10, -3),
      record('app', 'daily', 'completed', 11, -4),
      record('app', 'daily', 'completed', 12, -5),
      record('app', 'weekly', 'completed', 40, -5),
      record('billing', 'daily', 'completed', 30, -23),
    ];
    const result = plan(records, 2);
    expect(keys(result.delete)).toEqual([records[2]!.storageKey]);
    expect(result.keep).toHaveLength(4);
  });

  it('never lets a failed or pending record count toward the floor', () => {
    const failedNewer = record('app', 'daily', 'failed', 0.5, 5);
    const completed = record('app', 'daily', 'completed', 10, -3);
    const result = plan([failedNewer, completed]);
    expect(result.keep.map((k) => k.reason).sort()).toEqual(['newest (keep-last)', 'recent failed']);
    expect(result.delete).toEqual([]);
  });

  it('deletes pending and failed records only once they are stale', () => {
    const stalePending = record('app', 'daily', 'pending', 2, 5);
    const staleFailed = record('app', 'daily', 'failed', 3, 4);
    const runningPending = record('app', 'daily', 'pending', 0.01, 7);
    const result = plan([stalePending, staleFailed, runningPending]);
    expect(result.delete.map((d) => [d.record.storageKey, d.reason]).sort()).toEqual(
      [
        [stalePending.storageKey, 'stale-pending'],
        [staleFailed.storageKey, 'stale-failed'],
      ].sort(),
    );
    expect(result.keep).toEqual([{ record: runningPending, reason: 'recent pending' }]);
  });

  it('plans nothing for no records', () => {
    expect(plan([])).toEqual({ delete: [], keep: [] });
  });
});
