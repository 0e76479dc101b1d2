/** Input maps for the settings parsers in unit tests. */
import type { InputReader } from '../../src/settings/fields.js';

export function reader(inputs: Record<string, string>): InputReader {
  return (name) => inputs[name] ?? '';
}

export const VALID_BACKUP_INPUTS: Record<string, string> = {
  'mongodb-uri': 'mongodb://backup:s3cr%40t@db.example.com:27017/app?authSource=admin',
  's3-bucket': 'backups',
};
