/** The catalog boundary: where every backup is recorded, from pending to completed or failed. */
import type { ObjectId } from 'mongodb';
import type { BackupRecord, CompletedFields } from './record.js';

export interface Catalog {
  /** Connects and creates the indexes (idempotent). */
  open(): Promise<void>;
  begin(record: BackupRecord): Promise<void>;
  /** pending → completed; throws unless exactly that pending record was updated. */
  complete(id: ObjectId, fields: CompletedFields): Promise<BackupRecord>;
  /** pending → failed, with a (masked) error. */
  fail(id: ObjectId, error: string, at: Date): Promise<void>;
  close(): Promise<void>;
}
