/** Pure: which catalog records a prune deletes and which it keeps, and why. */
import type { BackupRecord } from './catalog/record.js';

export interface PruneRules {
  now: Date;
  /** The newest this many completed backups of each (name, tier) are kept whatever their expiry. */
  keepLast: number;
  /** Pending or failed records older than this are leftovers of dead runs. */
  staleAfterMs: number;
}

export type DeleteReason = 'expired' | 'stale-pending' | 'stale-failed';
export type KeepReason = 'not expired' | 'newest (keep-last)' | 'recent pending' | 'recent failed';

export interface PlannedDeletion {
  record: BackupRecord;
  reason: DeleteReason;
}

export interface KeptRecord {
  record: BackupRecord;
  reason: KeepReason;
}

export interface PrunePlan {
  delete: PlannedDeletion[];
  keep: KeptRecord[];
}

function groupKey(record: BackupRecord): string {
  return `${record.dbName}\u0000${record.backupType}`;
}

/**
 * Completed records past `expireAt` are deleted, except the newest `keepLast` completed ones of their
 * (name, tier): when backups silently stop, everything expires, and the last good backup must survive
 * that. Pending and failed records are deleted once older than the stale limit. Records are judged by
 * what the catalog says; objects the catalog does not track are never in a plan.
 */
export function planPrune(records: readonly BackupRecord[], rules: PruneRules): PrunePlan {
  const newestFirst = [...records].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  const completedSeen = new Map<string, number>();
  const plan: PrunePlan = { delete: [], keep: [] };
  const staleBefore = rules.now.getTime() - rules.staleAfterMs;

  for (const record of newestFirst) {
    if (record.status === 'completed') {
      const rank = (completedSeen.get(groupKey(record)) ?? 0) + 1;
      completedSeen.set(groupKey(record), rank);
      if (rank <= rules.keepLast) plan.keep.push({ record, reason: 'newest (keep-last)' });
      else if (record.expireAt.getTime() < rules.now.getTime())
        plan.delete.push({ record, reason: 'expired' });
      else plan.keep.push({ record, reason: 'not expired' });
    } else if (record.createdAt.getTime() < staleBefore) {
      plan.delete.push({ record, reason: record.status === 'pending' ? 'stale-pending' : 'stale-failed' });
    } else {
      plan.keep.push({ record, reason: record.status === 'pending' ? 'recent pending' : 'recent failed' });
    }
  }
  return plan;
}
