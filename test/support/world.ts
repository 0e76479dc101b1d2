/** Integration helpers: names, S3 and MongoDB clients on the test servers, and inputs for the actions. */
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { inject } from 'vitest';
import { freePort, type TestServers } from './servers.js';

export function servers(): TestServers {
  return inject('servers');
}

/** A fresh lowercase name, so tests sharing the servers never see each other's data. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/** The password in secret-bearing test URIs: special characters, so the percent-encoded form differs. */
export const TEST_PASSWORD = 'Pw@sec/ret:9f3k';

/**
 * A connection string for database `db`. On FerretDB the credentials go through PLAIN, which its
 * SQLite backend accepts without checking, so the URI carries a real-looking password that must never
 * leak; an external server's own URI is used as given.
 */
export function mongoUri(db: string, options: { withPassword?: boolean } = {}): string {
  const { mongoUri: base, external } = servers();
  const url = new URL(base);
  if (external || !options.withPassword) {
    url.pathname = `/${db}`;
    return url.toString();
  }
  const credentials = `backup-user:${encodeURIComponent(TEST_PASSWORD)}`;
  return `mongodb://${credentials}@${url.host}/${db}?authMechanism=PLAIN&authSource=$external`;
}

export function awsEnv(): NodeJS.ProcessEnv {
  const { s3 } = servers();
  return {
    AWS_ACCESS_KEY_ID: s3.accessKeyId,
    AWS_SECRET_ACCESS_KEY: s3.secretAccessKey,
    AWS_REGION: s3.region,
  };
}

export function s3Client(): S3Client {
  const { s3 } = servers();
  return new S3Client({
    endpoint: s3.endpoint,
    region: s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
  });
}

export async function createBucket(client: S3Client, bucket = uniqueName('bucket')): Promise<string> {
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  return bucket;
}

export interface ObjectInfo {
  key: string;
  size: number;
}

export async function listObjects(client: S3Client, bucket: string, prefix = ''): Promise<ObjectInfo[]> {
  const found: ObjectInfo[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const o of page.Contents ?? []) found.push({ key: o.Key ?? '', size: o.Size ?? 0 });
    token = page.NextContinuationToken;
  } while (token);
  return found.sort((a, b) => a.key.localeCompare(b.key));
}

export async function listMultipartUploads(client: S3Client, bucket: string): Promise<string[]> {
  const page = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
  return (page.Uploads ?? []).map((u) => u.Key ?? '');
}

export async function getObject(client: S3Client, bucket: string, key: string): Promise<Buffer> {
  const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await object.Body!.transformToByteArray());
}

export async function withMongo<T>(work: (client: MongoClient) => Promise<T>): Promise<T> {
  const client = new MongoClient(servers().mongoUri, { serverSelectionTimeoutMS: 10_000 });
  try {
    return await work(client);
  } finally {
    await client.close();
  }
}

/** The inputs every backup run needs, pointing at the test servers; override per test. */
export function backupInputs(
  bucket: string,
  db: string,
  overrides: Record<string, string> = {},
): Record<string, string> {
  const { s3, tools } = servers();
  return {
    'mongodb-uri': mongoUri(db),
    's3-bucket': bucket,
    's3-endpoint': s3.endpoint,
    's3-force-path-style': 'true',
    's3-part-size': '5MiB',
    'catalog-database': 'mba_catalog',
    'mongodump-path': tools.mongodump,
    ...overrides,
  };
}

/** A connection string to a loopback port nothing listens on. */
export async function freeClosedPortUri(db: string): Promise<string> {
  return `mongodb://127.0.0.1:${await freePort()}/${db}`;
}
