/** Seeds a database with many BSON types and compares databases document by document. */
import { randomBytes } from 'node:crypto';
import {
  Binary,
  BSONRegExp,
  Decimal128,
  Double,
  BSON,
  Int32,
  Long,
  ObjectId,
  Timestamp,
  UUID,
  type Db,
  type Document,
  type MongoClient,
} from 'mongodb';

export interface SeedOptions {
  /** Documents in the main collection (the others are small). */
  documents: number;
  /** Large documents of random (incompressible) bytes, each `largeBytes` long. */
  largeDocuments: number;
  largeBytes: number;
  /** Also a capped collection. */
  capped?: boolean;
}

export interface SeedReport {
  collections: string[];
  documents: number;
  /** BSON types this server refused and the seed therefore left out (FerretDB lacks some). */
  unsupported: string[];
}

/** Types some MongoDB-compatible servers lack: probed, used where accepted, reported where not. */
const OPTIONAL_TYPES: Record<string, () => unknown> = {
  decimal128: () => Decimal128.fromString('12345.6789'),
};

async function supported(db: Db, make: () => unknown): Promise<boolean> {
  const probe = db.collection('seed_probe');
  try {
    await probe.insertOne({ v: make() });
    return true;
  } catch {
    return false;
  } finally {
    await probe.drop().catch(() => undefined);
  }
}

function customer(i: number, optional: Record<string, () => unknown>): Document {
  const doc: Document = {
    _id: new ObjectId(),
    seq: new Int32(i),
    ref: i % 10 === 0 ? new UUID() : new Binary(Buffer.from([i % 256]), Binary.SUBTYPE_BYTE_ARRAY),
    big: Long.fromString(`900719925474${String(i).padStart(4, '0')}`),
    ratio: new Double(i / 7),
    name: `Kunde ${i} — 名前 ${i % 97} ✓`,
    ключ: `значение ${i}`,
    createdAt: new Date(Date.UTC(2020, 0, 1) + i * 60_000),
    tags: ['a', `t${i % 5}`],
    address: {
      city: ['Zürich', 'München', 'Kraków', '東京'][i % 4],
      zip: String(10000 + i),
      geo: { lat: i / 1000, lng: -i / 1000 },
    },
    active: i % 2 === 0,
    nothing: null,
  };
  for (const [name, make] of Object.entries(optional)) doc[name] = make();
  return doc;
}

export async function seedDatabase(
  client: MongoClient,
  dbName: string,
  options: SeedOptions,
): Promise<SeedReport> {
  const db = client.db(dbName);
  const optional: Record<string, () => unknown> = {};
  const unsupported: string[] = [];
  for (const [name, make] of Object.entries(OPTIONAL_TYPES)) {
    if (await supported(db, make)) optional[name] = make;
    else unsupported.push(name);
  }

  const customers = db.collection('customers');
  for (let start = 0; start < options.documents; start += 1000) {
    const batch = [];
    for (let i = start; i < Math.min(start + 1000, options.documents); i++) batch.push(customer(i, optional));
    await customers.insertMany(batch, { ordered: true });
  }
  await customers.createIndex({ seq: 1 }, { unique: true, name: 'seq_unique' });
  await customers.createIndex({ 'address.city': 1, createdAt: -1 }, { name: 'city_created' });

  await db.collection('events').insertMany(
    Array.from({ length: 200 }, (_, i) => ({
      _id: new ObjectId(),
      kind: ['login', 'logout', 'purchase'][i % 3],
      at: new Timestamp({ t: 1_700_000_000 + i, i: 1 }),
      payload: new Binary(randomBytes(64)),
      session: new UUID(),
      pattern: new BSONRegExp(`^user-${i}`, 'i'),
      amountCents: Long.fromNumber(i * 12345),
      nested: { level1: { level2: { level3: { value: i } } } },
    })),
  );

  const blobs = db.collection<{ _id: number; data: Binary; note: string }>('blobs');
  for (let i = 0; i < options.largeDocuments; i++) {
    await blobs.insertOne({
      _id: i,
      data: new Binary(randomBytes(options.largeBytes)),
      note: 'x'.repeat(1000),
    });
  }

  let cappedDocuments = 0;
  if (options.capped) {
    await db.createCollection('capped_log', { capped: true, size: 1024 * 1024 });
    await db
      .collection<{ _id: number; line: string }>('capped_log')
      .insertMany(Array.from({ length: 50 }, (_, i) => ({ _id: i, line: `log line ${i}` })));
    cappedDocuments = 50;
  }

  const collections = [
    'customers',
    'events',
    ...(options.largeDocuments > 0 ? ['blobs'] : []),
    ...(options.capped ? ['capped_log'] : []),
  ];
  return {
    collections,
    documents: options.documents + 200 + options.largeDocuments + cappedDocuments,
    unsupported,
  };
}

/** Index names and keys of every collection, to compare a restore with its source. */
export async function indexShapes(client: MongoClient, dbName: string): Promise<Record<string, string[]>> {
  const db = client.db(dbName);
  const shapes: Record<string, string[]> = {};
  for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) {
    const indexes = (await db.collection(name).listIndexes().toArray()) as {
      name?: unknown;
      key?: unknown;
      unique?: unknown;
    }[];
    shapes[name] = indexes
      .map((i) => `${String(i.name)} ${JSON.stringify(i.key)}${i.unique === true ? ' unique' : ''}`)
      .sort();
  }
  return shapes;
}

/** Every document of every collection as canonical Extended JSON, sorted by _id: equal text means equal data. */
export async function canonicalContents(
  client: MongoClient,
  dbName: string,
): Promise<Record<string, string[]>> {
  const db = client.db(dbName);
  const names = (await db.listCollections({}, { nameOnly: true }).toArray())
    .map((c) => c.name)
    .filter((n) => !n.startsWith('system.'))
    .sort();
  const contents: Record<string, string[]> = {};
  for (const name of names) {
    const docs = await db.collection(name).find({}).sort({ _id: 1 }).toArray();
    contents[name] = docs.map((d) => BSON.EJSON.stringify(d, { relaxed: false }));
  }
  return contents;
}
