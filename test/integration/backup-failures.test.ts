/** The backup action refusing bad input and failing cleanly when a server is missing or refuses it. */
import type { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKUP_ENTRY, runEntry } from '../support/run-action.js';
import {
  awsEnv,
  backupInputs,
  createBucket,
  freeClosedPortUri,
  listMultipartUploads,
  listObjects,
  s3Client,
  servers,
  uniqueName,
  withMongo,
} from '../support/world.js';

describe('backup failures', () => {
  let s3: S3Client;
  let bucket: string;
  const source = uniqueName('small');
  const catalogDatabase = uniqueName('mba_fail').replace(/-/g, '_');

  beforeAll(async () => {
    s3 = s3Client();
    bucket = await createBucket(s3);
    await withMongo((client) =>
      client
        .db(source)
        .collection('items')
        .insertMany([{ a: 1 }, { a: 2 }]),
    );
  });

  afterAll(() => s3.destroy());

  async function recordsNamed(name: string) {
    return withMongo((client) =>
      client.db(catalogDatabase).collection('backups').find({ dbName: name }).toArray(),
    );
  }

  it('names the catalog when MongoDB is unreachable, and writes nothing', async () => {
    const name = uniqueName('down');
    const run = await runEntry(
      BACKUP_ENTRY,
      backupInputs(bucket, source, {
        name,
        'mongodb-uri': await freeClosedPortUri(source),
        'catalog-database': catalogDatabase,
      }),
      { env: awsEnv() },
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/::error::Opening the catalog failed: .*ECONNREFUSED/);
    expect(await listObjects(s3, bucket)).toEqual([]);
  });

  it('fails before recording anything when only the source is unreachable', async () => {
    const name = uniqueName('nosource');
    const run = await runEntry(
      BACKUP_ENTRY,
      backupInputs(bucket, source, {
        name,
        'mongodb-uri': await freeClosedPortUri(source),
        'catalog-uri': servers().mongoUri,
        'catalog-database': catalogDatabase,
      }),
      { env: awsEnv() },
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/::error::Probing the source deployment failed: .*ECONNREFUSED/);
    expect(await recordsNamed(name)).toEqual([]);
    expect(await listObjects(s3, bucket)).toEqual([]);
  });

  it('says the bucket does not exist, and records nothing', async () => {
    const name = uniqueName('nobucket');
    const missing = uniqueName('missing-bucket');
    const run = await runEntry(
      BACKUP_ENTRY,
      backupInputs(missing, source, { name, 'catalog-database': catalogDatabase }),
      { env: awsEnv() },
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `::error::Checking the S3 bucket failed: bucket "${missing}" does not exist`,
    );
    expect(await recordsNamed(name)).toEqual([]);
  });

  it('says the S3 credentials were rejected, leaving no record and no multipart upload', async () => {
    const name = uniqueName('badcreds');
    const run = await runEntry(
      BACKUP_ENTRY,
      backupInputs(bucket, source, { name, 'catalog-database': catalogDatabase }),
      { env: { ...awsEnv(), AWS_SECRET_ACCESS_KEY: 'definitely-wrong-secret' } },
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /::error::Checking the S3 bucket failed: .*(credentials were rejected|access denied)/,
    );
    expect(run.stdout + run.stderr).not.toContain('definitely-wrong-secret');
    expect(await recordsNamed(name)).toEqual([]);
    expect(await listMultipartUploads(s3, bucket)).toEqual([]);
  });

  describe('malformed inputs: a message naming the input, exit 1, nothing written', () => {
    const cases: [string, Record<string, string>, string][] = [
      ['mongodb-uri', { 'mongodb-uri': '' }, 'is required'],
      ['mongodb-uri', { 'mongodb-uri': 'http://db.example.com/app' }, 'must be a MongoDB connection string'],
      ['s3-bucket', { 's3-bucket': '' }, 'is required'],
      ['name', { name: '..' }, '".."'],
      ['database', { database: 'a/b' }, '"a/b"'],
      ['s3-prefix', { 's3-prefix': 'a/../b' }, '"a/../b"'],
      ['s3-endpoint', { 's3-endpoint': 'ftp://store.example.com' }, '"ftp://store.example.com"'],
      ['s3-force-path-style', { 's3-force-path-style': 'yes' }, '"yes"'],
      ['s3-checksum', { 's3-checksum': 'always' }, '"always"'],
      ['s3-part-size', { 's3-part-size': '1MiB' }, '"1MiB"'],
      ['s3-part-size', { 's3-part-size': '10GiB' }, '"10GiB"'],
      ['tier', { tier: 'hourly' }, '"hourly"'],
      ['retention', { retention: '0d' }, '"0d"'],
      ['retention', { retention: 'P1Y' }, '"P1Y"'],
      ['retention', { retention: '7x' }, '"7x"'],
      [
        'catalog-uri',
        { 'catalog-uri': 'postgres://db.example.com/x' },
        'must be a MongoDB connection string',
      ],
      ['catalog-database', { 'catalog-database': 'bad.name' }, '"bad.name"'],
      ['catalog-collection', { 'catalog-collection': 'system.backups' }, '"system.backups"'],
      ['oplog', { oplog: 'maybe' }, '"maybe"'],
      ['oplog', { oplog: 'true' }, 'needs a dump of the whole deployment'],
      ['mongodump-path', { 'mongodump-path': '/nonexistent/bin/mongodump' }, '"/nonexistent/bin/mongodump"'],
    ];

    it.each(cases)('%s: %j', async (input, overrides, detail) => {
      const name = uniqueName('badinput');
      const run = await runEntry(
        BACKUP_ENTRY,
        backupInputs(bucket, source, { name, 'catalog-database': catalogDatabase, ...overrides }),
        { node: servers().tools.node24, env: awsEnv() },
      );
      expect(run.code).toBe(1);
      const error = run.stdout.split('\n').find((l) => l.startsWith('::error::')) ?? '';
      expect(error).toContain(`Input '${input}'`);
      expect(error).toContain(detail);
      expect(run.outputs).toEqual({});
      expect(await recordsNamed(name)).toEqual([]);
    });

    it('wrote no object for any of them', async () => {
      expect(await listObjects(s3, bucket)).toEqual([]);
      expect(await listMultipartUploads(s3, bucket)).toEqual([]);
    });
  });
});
