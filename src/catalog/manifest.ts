/** The manifest: the completed record as JSON, written beside the archive so S3 alone can restore. */
import { ObjectId } from 'mongodb';
import { z } from 'zod';
import { TIERS } from '../retention.js';
import type { BackupRecord } from './record.js';

export const MANIFEST_FORMAT = 'mongodb-backup-action/manifest@1';

export function manifestBody(record: BackupRecord): string {
  const { _id, ...rest } = record;
  return `${JSON.stringify({ format: MANIFEST_FORMAT, _id: _id.toHexString(), ...rest }, null, 2)}\n`;
}

const isoDate = z.iso.datetime().transform((text) => new Date(text));

/** What a restore relies on; anything else in the manifest is carried along as written. */
const manifestSchema = z.looseObject({
  format: z.literal(MANIFEST_FORMAT),
  _id: z.string().regex(/^[0-9a-f]{24}$/),
  dbName: z.string(),
  sourceDatabase: z.string().nullable(),
  backupType: z.enum(TIERS),
  bucket: z.string(),
  storageKey: z.string(),
  createdAt: isoDate,
  expireAt: isoDate,
  completedAt: isoDate.optional(),
  status: z.enum(['pending', 'completed', 'failed']),
  sizeBytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  consistency: z.enum(['oplog', 'none']),
});

/** Parses a manifest back into a record; throws with the reason when it is not one of ours. */
export function parseManifest(text: string): BackupRecord {
  const parsed = manifestSchema.parse(JSON.parse(text));
  const { format: _format, _id, ...rest } = parsed;
  return { ...(rest as unknown as Omit<BackupRecord, '_id'>), _id: new ObjectId(_id) };
}
