/** Pure: backup names and the S3 keys built from them (see the S3 layout in the README). */

const NAME_ALLOWED = /[^a-z0-9._-]/g;

/**
 * Lowercase, spaces → '-', anything outside [a-z0-9._-] dropped. Returns undefined when nothing usable
 * remains or the result could walk out of its folder ('.', '..').
 */
export function sanitizeName(raw: string): string | undefined {
  const name = raw.trim().toLowerCase().replace(/\s+/g, '-').replace(NAME_ALLOWED, '');
  if (name === '' || /^\.+$/.test(name)) return undefined;
  return name;
}

/** Normalizes a key prefix: no leading/trailing slashes, no empty or dot segments. */
export function sanitizePrefix(raw: string): string | undefined {
  const segments = raw.split('/').filter((s) => s !== '');
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (segments.some((s) => s === '.' || s === '..' || /[\\\u0000-\u001f]/.test(s))) return undefined;
  return segments.join('/');
}

/** 2026-12-04T06:50:48.123Z → 20261204T065048Z */
export function keyTimestamp(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

export interface BackupKeyParts {
  prefix: string;
  name: string;
  tier: string;
  createdAt: Date;
  shortId: string;
}

/** {prefix}/{name}/{tier}/{name}-{YYYYMMDDTHHMMSSZ}-{shortid}.archive.gz */
export function backupKey(parts: BackupKeyParts): string {
  const file = `${parts.name}-${keyTimestamp(parts.createdAt)}-${parts.shortId}.archive.gz`;
  return [parts.prefix, parts.name, parts.tier, file].filter((s) => s !== '').join('/');
}

/** The manifest sits beside its archive and is written last. */
export function manifestKey(storageKey: string): string {
  return `${storageKey}.json`;
}
