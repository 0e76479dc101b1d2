/** The catalog boundary: where every backup is recorded, from pending to completed or failed. */
import type { ObjectId } from 'mongodb';
import type { Tier } from '../retention.js';
import type { BackupRecord, BackupStatus, CompletedFields } from './record.js';

export interface Catalog {
  /** Connects and creates the indexes (idempotent); read-only skips the indexes, for readers. */
  open(options?: { readOnly?: boolean }): Promise<void>;
  begin(record: BackupRecord): Promise<void>;
  /** pending → completed; throws unless exactly that pending record was updated. */
  complete(id: ObjectId, fields: CompletedFields): Promise<BackupRecord>;
  /** pending → failed, with a (masked) error; false when the record was no longer pending. */
  fail(id: ObjectId, error: string, at: Date): Promise<boolean>;
  /** Completed backups matching a query, newest first. */
  findCompleted(query: BackupQuery): Promise<BackupRecord[]>;
  /** Every record in a scope, in any status. */
  findInScope(scope: CatalogScope): Promise<BackupRecord[]>;
  /**
   * Claims a record for deletion by `claimant`: true for one claimant at a time, and only while the
   * record still has `status`. Claims older than `staleClaimBefore` are taken over (their prune died).
   */
  claim(
    id: ObjectId,
    status: BackupStatus,
    claimant: string,
    at: Date,
    staleClaimBefore: Date,
  ): Promise<boolean>;
  /** Gives a claim back (the deletion failed; a later prune retries). */
  release(id: ObjectId, claimant: string): Promise<void>;
  /** Deletes a record this claimant holds, if it still has `status`, and the claim with it. */
  remove(id: ObjectId, status: BackupStatus, claimant: string): Promise<void>;
  close(): Promise<void>;
}

/** Which completed backups a restore or check looks for. */
export interface BackupQuery {
  bucket: string;
  prefix: string;
  /** Only these names; empty for any. */
  names: string[];
  tier?: Tier;
  id?: string;
  storageKey?: string;
  /** Created strictly before this. */
  before?: Date;
  limit: number;
}

/** Which records a prune looks at. */
export interface CatalogScope {
  bucket: string;
  /** Key prefix ('' for the whole bucket). */
  prefix: string;
  /** Only these names; empty for all. */
  names: string[];
  /** Only these tiers; empty for all. */
  tiers: Tier[];
}
