/** The catalog in a MongoDB collection. */
import {
  MongoClient,
  MongoServerError,
  ObjectId,
  type Collection,
  type Filter,
  type IndexDescription,
} from 'mongodb';
import { driverOptions } from '../mongo/topology.js';
import type { CatalogSettings } from '../settings/shared.js';
import type { BackupQuery, Catalog, CatalogScope } from './catalog.js';
import type { BackupRecord, BackupStatus, CompletedFields } from './record.js';

const DUPLICATE_KEY = 11000;

interface PruneClaim {
  _id: ObjectId;
  by: string;
  at: Date;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

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

  /** Prune claims, beside the catalog collection: `{ _id: record id, by, at }`. */
  private get claims(): Collection<PruneClaim> {
    return this.client
      .db(this.settings.database)
      .collection<PruneClaim>(`${this.settings.collection}_claims`);
  }

  async open(options: { readOnly?: boolean } = {}): Promise<void> {
    await this.client.connect();
    const collection = this.client
      .db(this.settings.database)
      .collection<BackupRecord>(this.settings.collection);
    // No TTL index on expireAt, ever: MongoDB would delete the records while their archives stay in S3,
    // untracked and never pruned. Expiry is enforced by prune, which deletes the object first.
    if (options.readOnly) {
      this.collectionHandle = collection;
      return;
    }
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

  async fail(id: ObjectId, error: string, at: Date): Promise<boolean> {
    const result = await this.collection.updateOne(
      { _id: id, status: 'pending' },
      { $set: { status: 'failed', error, failedAt: at } },
    );
    return result.modifiedCount === 1;
  }

  async findCompleted(query: BackupQuery): Promise<BackupRecord[]> {
    const filter: Filter<BackupRecord> = { bucket: query.bucket, status: 'completed' };
    if (query.prefix !== '') filter.storageKey = { $regex: `^${escapeRegExp(query.prefix)}/` };
    if (query.storageKey !== undefined) filter.storageKey = query.storageKey;
    if (query.id !== undefined) filter._id = ObjectId.createFromHexString(query.id);
    if (query.names.length > 0) filter.dbName = { $in: query.names };
    if (query.tier !== undefined) filter.backupType = query.tier;
    if (query.before !== undefined) filter.createdAt = { $lt: query.before };
    return this.collection.find(filter).sort({ createdAt: -1 }).limit(query.limit).toArray();
  }

  async findInScope(scope: CatalogScope): Promise<BackupRecord[]> {
    const filter: Filter<BackupRecord> = { bucket: scope.bucket };
    if (scope.prefix !== '') filter.storageKey = { $regex: `^${escapeRegExp(scope.prefix)}/` };
    if (scope.names.length > 0) filter.dbName = { $in: scope.names };
    if (scope.tiers.length > 0) filter.backupType = { $in: scope.tiers };
    return this.collection.find(filter).toArray();
  }

  // Claims live in a companion collection keyed by the record's _id: an insert either wins or meets a
  // duplicate key, which is atomic on every MongoDB-compatible server, where a conditional update on the
  // record itself is not always so.
  async claim(
    id: ObjectId,
    status: BackupStatus,
    claimant: string,
    at: Date,
    staleClaimBefore: Date,
  ): Promise<boolean> {
    await this.claims.deleteOne({ _id: id, at: { $lt: staleClaimBefore } });
    try {
      await this.claims.insertOne({ _id: id, by: claimant, at });
    } catch (error) {
      if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) return false;
      throw error;
    }
    if ((await this.collection.countDocuments({ _id: id, status }, { limit: 1 })) === 0) {
      await this.release(id, claimant);
      return false;
    }
    return true;
  }

  async release(id: ObjectId, claimant: string): Promise<void> {
    await this.claims.deleteOne({ _id: id, by: claimant });
  }

  async remove(id: ObjectId, status: BackupStatus, claimant: string): Promise<void> {
    if ((await this.claims.countDocuments({ _id: id, by: claimant }, { limit: 1 })) === 0) {
      throw new Error(`the claim on catalog record ${id.toHexString()} was lost`);
    }
    await this.collection.deleteOne({ _id: id, status });
    await this.release(id, claimant);
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
