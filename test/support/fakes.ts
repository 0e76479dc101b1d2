/** In-memory stand-ins for the catalog and the object store, for unit tests of command logic. */
import { Readable } from 'node:stream';
import type { ObjectId } from 'mongodb';
import type { BackupQuery, Catalog, CatalogScope } from '../../src/catalog/catalog.js';
import type { BackupRecord, BackupStatus, CompletedFields } from '../../src/catalog/record.js';
import type { IncompleteUpload, ObjectStore, RunningUpload, StoredObject } from '../../src/storage/store.js';

export class MemoryCatalog implements Catalog {
  readonly records = new Map<string, BackupRecord>();
  readonly claims = new Map<string, string>();

  open(): Promise<void> {
    return Promise.resolve();
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
  begin(record: BackupRecord): Promise<void> {
    this.records.set(record._id.toHexString(), { ...record });
    return Promise.resolve();
  }
  complete(id: ObjectId, fields: CompletedFields): Promise<BackupRecord> {
    const record = this.records.get(id.toHexString());
    if (record?.status !== 'pending') return Promise.reject(new Error('no longer pending'));
    Object.assign(record, fields, { status: 'completed' });
    return Promise.resolve(record);
  }
  fail(id: ObjectId, error: string, at: Date): Promise<boolean> {
    const record = this.records.get(id.toHexString());
    if (record?.status !== 'pending') return Promise.resolve(false);
    Object.assign(record, { status: 'failed', error, failedAt: at });
    return Promise.resolve(true);
  }
  findCompleted(query: BackupQuery): Promise<BackupRecord[]> {
    return Promise.resolve(
      [...this.records.values()]
        .filter((r) => r.status === 'completed' && r.bucket === query.bucket)
        .filter((r) => query.prefix === '' || r.storageKey.startsWith(`${query.prefix}/`))
        .filter((r) => query.names.length === 0 || query.names.includes(r.dbName))
        .filter((r) => query.tier === undefined || r.backupType === query.tier)
        .filter((r) => query.id === undefined || r._id.toHexString() === query.id)
        .filter((r) => query.storageKey === undefined || r.storageKey === query.storageKey)
        .filter((r) => query.before === undefined || r.createdAt < query.before)
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
        .slice(0, query.limit),
    );
  }
  findInScope(scope: CatalogScope): Promise<BackupRecord[]> {
    return Promise.resolve(
      [...this.records.values()]
        .filter(
          (r) =>
            r.bucket === scope.bucket && (scope.prefix === '' || r.storageKey.startsWith(`${scope.prefix}/`)),
        )
        .filter((r) => scope.names.length === 0 || scope.names.includes(r.dbName))
        .filter((r) => scope.tiers.length === 0 || scope.tiers.includes(r.backupType))
        .map((r) => ({ ...r })),
    );
  }
  claim(id: ObjectId, status: BackupStatus, claimant: string): Promise<boolean> {
    const key = id.toHexString();
    if (this.claims.has(key) || this.records.get(key)?.status !== status) return Promise.resolve(false);
    this.claims.set(key, claimant);
    return Promise.resolve(true);
  }
  release(id: ObjectId, claimant: string): Promise<void> {
    if (this.claims.get(id.toHexString()) === claimant) this.claims.delete(id.toHexString());
    return Promise.resolve();
  }
  remove(id: ObjectId, status: BackupStatus, claimant: string): Promise<void> {
    const key = id.toHexString();
    if (this.claims.get(key) !== claimant) return Promise.reject(new Error('claim lost'));
    if (this.records.get(key)?.status === status) this.records.delete(key);
    this.claims.delete(key);
    return Promise.resolve();
  }
}

export class MemoryStore implements ObjectStore {
  readonly objects = new Map<string, Buffer>();
  readonly uploads: IncompleteUpload[] = [];
  /** Keys whose deletion fails, to test what a prune does then. */
  readonly failDeletes = new Set<string>();

  constructor(readonly bucket = 'bucket') {}

  checkAccess(): Promise<void> {
    return Promise.resolve();
  }
  upload(_key: string, _body: Readable): RunningUpload {
    throw new Error('not used by these tests');
  }
  head(key: string): Promise<{ size: number } | undefined> {
    const object = this.objects.get(key);
    return Promise.resolve(object ? { size: object.length } : undefined);
  }
  putText(key: string, text: string): Promise<void> {
    this.objects.set(key, Buffer.from(text));
    return Promise.resolve();
  }
  getText(key: string): Promise<string | undefined> {
    return Promise.resolve(this.objects.get(key)?.toString());
  }
  download(key: string): Promise<Readable> {
    const object = this.objects.get(key);
    return object ? Promise.resolve(Readable.from([object])) : Promise.reject(new Error(`no object ${key}`));
  }
  delete(key: string): Promise<void> {
    if (this.failDeletes.has(key)) return Promise.reject(new Error(`AccessDenied on ${key}`));
    this.objects.delete(key);
    return Promise.resolve();
  }
  list(prefix: string): Promise<StoredObject[]> {
    return Promise.resolve(
      [...this.objects.entries()]
        .filter(([key]) => key.startsWith(prefix))
        .map(([key, body]) => ({ key, size: body.length, lastModified: undefined })),
    );
  }
  listIncompleteUploads(prefix: string): Promise<IncompleteUpload[]> {
    return Promise.resolve(this.uploads.filter((u) => u.key.startsWith(prefix)));
  }
  abortUpload(key: string, uploadId: string): Promise<void> {
    const index = this.uploads.findIndex((u) => u.key === key && u.uploadId === uploadId);
    if (index >= 0) this.uploads.splice(index, 1);
    return Promise.resolve();
  }
  abortIncompleteUploads(key: string): Promise<number> {
    const before = this.uploads.length;
    for (const u of this.uploads.filter((x) => x.key === key)) void this.abortUpload(u.key, u.uploadId);
    return Promise.resolve(before - this.uploads.length);
  }
}
