/** The manifest: the completed record as JSON, written beside the archive so S3 alone can restore. */
import type { BackupRecord } from './record.js';

export const MANIFEST_FORMAT = 'mongodb-backup-action/manifest@1';

export function manifestBody(record: BackupRecord): string {
  const { _id, ...rest } = record;
  return `${JSON.stringify({ format: MANIFEST_FORMAT, _id: _id.toHexString(), ...rest }, null, 2)}\n`;
}
