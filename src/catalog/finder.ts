/** Finds completed backups: in the catalog, or from the S3 manifests when the catalog cannot be reached. */
import { errorMessage } from '../errors.js';
import type { Reporter } from '../report.js';
import type { ObjectStore } from '../storage/store.js';
import type { BackupQuery, Catalog } from './catalog.js';
import { parseManifest } from './manifest.js';
import type { BackupRecord } from './record.js';

export const SOURCES = ['auto', 'catalog', 's3'] as const;
export type Source = (typeof SOURCES)[number];

export interface BackupFinder {
  /** Where the last answer came from, for the log and the outputs. */
  readonly source: 'catalog' | 's3';
  /** Completed backups matching the query, newest first. */
  find(query: BackupQuery): Promise<BackupRecord[]>;
}

export class CatalogFinder implements BackupFinder {
  readonly source = 'catalog';
  constructor(private readonly catalog: Catalog) {}
  find(query: BackupQuery): Promise<BackupRecord[]> {
    return this.catalog.findCompleted(query);
  }
}

const ARCHIVE_MANIFEST = /\.archive\.gz\.json$/;
/** name-20261204T065048Z-id.archive.gz.json → 20261204T065048Z, which sorts as time does. */
const KEY_TIME = /-(\d{8}T\d{6}Z)-[^/]*\.archive\.gz\.json$/;

/**
 * The manifests written beside each archive. Only completed backups have one (it is written last), so
 * S3 alone can answer when the catalog is gone. Manifests are read newest first and only as needed.
 */
export class ManifestFinder implements BackupFinder {
  readonly source = 's3';
  constructor(
    private readonly store: ObjectStore,
    private readonly report: Reporter,
  ) {}

  async find(query: BackupQuery): Promise<BackupRecord[]> {
    if (query.storageKey !== undefined) {
      const text = await this.store.getText(`${query.storageKey}.json`);
      const record = text === undefined ? undefined : this.parse(`${query.storageKey}.json`, text);
      return record && matches(record, query) ? [record] : [];
    }
    const base = query.prefix === '' ? '' : `${query.prefix}/`;
    const prefixes =
      query.names.length === 0
        ? [base]
        : query.names.map((name) => `${base}${name}/${query.tier ? `${query.tier}/` : ''}`);
    const keys = (await Promise.all(prefixes.map((p) => this.store.list(p))))
      .flat()
      .map((o) => o.key)
      .filter((key) => ARCHIVE_MANIFEST.test(key))
      .sort((a, b) => (KEY_TIME.exec(b)?.[1] ?? '').localeCompare(KEY_TIME.exec(a)?.[1] ?? ''));
    const found: BackupRecord[] = [];
    for (const key of keys) {
      if (found.length >= query.limit) break;
      const text = await this.store.getText(key);
      const record = text === undefined ? undefined : this.parse(key, text);
      if (record && matches(record, query)) found.push(record);
    }
    return found.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  }

  private parse(key: string, text: string): BackupRecord | undefined {
    try {
      return parseManifest(text);
    } catch (error) {
      this.report.warning(`Skipping ${key}: not a readable manifest (${errorMessage(error).split('\n')[0]})`);
      return undefined;
    }
  }
}

function matches(record: BackupRecord, query: BackupQuery): boolean {
  return (
    record.status === 'completed' &&
    record.bucket === query.bucket &&
    (query.names.length === 0 || query.names.includes(record.dbName)) &&
    (query.tier === undefined || record.backupType === query.tier) &&
    (query.id === undefined || record._id.toHexString() === query.id) &&
    (query.storageKey === undefined || record.storageKey === query.storageKey) &&
    (query.before === undefined || record.createdAt < query.before)
  );
}

/** The catalog first; when it has no match (its collection was dropped, say), the manifests. */
class CatalogThenManifests implements BackupFinder {
  source: 'catalog' | 's3' = 'catalog';
  constructor(
    private readonly catalog: CatalogFinder,
    private readonly manifests: ManifestFinder,
    private readonly report: Reporter,
  ) {}

  async find(query: BackupQuery): Promise<BackupRecord[]> {
    const found = await this.catalog.find(query);
    if (found.length > 0) {
      this.source = 'catalog';
      return found;
    }
    const fromS3 = await this.manifests.find(query);
    if (fromS3.length > 0) {
      this.report.warning('The catalog has no matching backup, but the manifests in S3 do: using those.');
      this.source = 's3';
    }
    return fromS3;
  }
}

/**
 * The finder for `source`: the catalog (opened read-only), or the manifests. `auto` falls back to the
 * manifests with a warning when the catalog cannot be opened or has no match — at 3 AM the catalog may
 * be what is gone.
 */
export async function openFinder(
  source: Source,
  catalog: Catalog,
  store: ObjectStore,
  report: Reporter,
): Promise<BackupFinder> {
  const manifests = new ManifestFinder(store, report);
  if (source === 's3') return manifests;
  try {
    await catalog.open({ readOnly: true });
  } catch (error) {
    if (source === 'catalog')
      throw new Error(`Opening the catalog failed: ${errorMessage(error)}`, { cause: error });
    report.warning(
      `The catalog could not be reached (${errorMessage(error)}); using the manifests in S3 instead.`,
    );
    return manifests;
  }
  const fromCatalog = new CatalogFinder(catalog);
  return source === 'catalog' ? fromCatalog : new CatalogThenManifests(fromCatalog, manifests, report);
}
