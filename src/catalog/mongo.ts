/** The catalog in a MongoDB collection. */
import { MongoClient, type Collection, type IndexDescription, type ObjectId } from 'mongodb';
import { driverOptions } from '../mongo/topology.js';
import type { CatalogSettings } from '../settings/backup.js';
import type { Catalog } from './catalog.js';
import type { BackupRecord, CompletedFields } from './record.js';

export class MongoCatalog implements Catalog {
  private readonly client: MongoClient;
  private collectionHandle: Collection<BackupRecord> | undefined;

  constructor(private readonly settings: CatalogSettings) {
    this.client = new MongoClient(settings.uri, driverOptions());
  }

  private get collection(): Collection<BackupRecord> {
    if (!this.collectionHandle) throw new Error('the catalog is not open');
    return this.collectionHandle;
  }

  async open(): Promise<void> {
    await this.client.connect();
    const collection = this.client
      .db(this.settings.database)
      .collection<BackupRecord>(this.settings.collection);
    // No TTL index on expireAt, ever: MongoDB would delete the records while their archives stay in S3,
    // untracked and never pruned. Expiry is enforced by prune, which deletes the object first.
    const wanted: IndexDescription[] = [
      { key: { storageKey: 1 }, name: 'storageKey_unique', unique: true },
      {
        key: { dbName: 1, backupType: 1, status: 1, createdAt: -1 },
        name: 'dbName_backupType_status_createdAt',
      },
      { key: { status: 1, expireAt: 1 }, name: 'status_expireAt' },
    ];
    // Only the missing ones, one per command: cheap on every run, and some MongoDB-compatible servers
    // fail a multi-index createIndexes when part of it already exists.
    // listIndexes fails on a collection that does not exist yet: then nothing exists.
    const indexes: { name?: unknown }[] = await collection
      .listIndexes()
      .toArray()
      .catch(() => []);
    const existing = new Set(indexes.map((i) => String(i.name)));
    for (const { key, ...options } of wanted) {
      if (!existing.has(options.name!)) await collection.createIndex(key, options);
    }
    this.collectionHandle = collection;
  }

  async begin(record: BackupRecord): Promise<void> {
    await this.collection.insertOne(record);
  }

  async complete(id: ObjectId, fields: CompletedFields): Promise<BackupRecord> {
    const updated = await this.collection.findOneAndUpdate(
      { _id: id, status: 'pending' },
      { $set: { status: 'completed', ...fields } },
      { returnDocument: 'after' },
    );
    if (!updated) throw new Error(`catalog record ${id.toHexString()} is no longer pending`);
    return updated;
  }

  async fail(id: ObjectId, error: string, at: Date): Promise<void> {
    await this.collection.updateOne(
      { _id: id, status: 'pending' },
      { $set: { status: 'failed', error, failedAt: at } },
    );
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
