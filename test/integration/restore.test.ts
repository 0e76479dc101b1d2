/** The restore action: verified before it touches anything, safe by default, and able to work from S3 alone. */
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { ObjectId, type Filter } from 'mongodb';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manifestBody } from '../../src/catalog/manifest.js';
import type { BackupRecord } from '../../src/catalog/record.js';
import { BACKUP_ENTRY, runEntry, type ActionRun } from '../support/run-action.js';
import { canonicalContents, indexShapes, seedDatabase, type SeedReport } from '../support/seed.js';
import {
  awsEnv,
  backupInputs,
  createBucket,
  freeClosedPortUri,
  getObject,
  mongoUri,
  s3Client,
  servers,
  TEST_PASSWORD,
  uniqueName,
  withMongo,
} from '../support/world.js';

const RESTORE_ENTRY = 'dist/restore/index.js';
const DAY = 24 * 3600 * 1000;

describe('restore', () => {
  let s3: S3Client;
  let bucket: string;
  const source = uniqueName('rsrc').replace(/-/g, '_');
  const name = uniqueName('shop');
  const catalogDatabase = uniqueName('mba_restore').replace(/-/g, '_');
  let seed: SeedReport;
  let original: Record<string, string[]>;
  let originalIndexes: Record<string, string[]>;
  let backup: ActionRun;

  const records = (filter: Filter<BackupRecord>) =>
    withMongo((client) =>
      client.db(catalogDatabase).collection<BackupRecord>('backups').find(filter).toArray(),
    );

  beforeAll(async () => {
    s3 = s3Client();
    bucket = await createBucket(s3);
    seed = await withMongo((client) =>
      seedDatabase(client, source, {
        documents: 2000,
        largeDocuments: 2,
        largeBytes: 512 * 1024,
        capped: true,
      }),
    );
    [original, originalIndexes] = await withMongo(async (client) => [
      await canonicalContents(client, source),
      await indexShapes(client, source),
    ]);
    backup = await runEntry(
      BACKUP_ENTRY,
      backupInputs(bucket, source, { name, 'catalog-database': catalogDatabase }),
      {
        env: awsEnv(),
      },
    );
    expect(backup.code, backup.stdout).toBe(0);
  });

  afterAll(() => s3.destroy());

  /** FerretDB refuses the index options mongorestore sends: there, documents only (see the README). */
  const indexesRestorable = () => servers().external;

  function restore(inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}): Promise<ActionRun> {
    const { s3: endpoint, tools } = servers();
    return runEntry(
      RESTORE_ENTRY,
      {
        'target-uri': mongoUri('admin'),
        'catalog-database': catalogDatabase,
        's3-bucket': bucket,
        's3-endpoint': endpoint.endpoint,
        's3-force-path-style': 'true',
        'mongorestore-path': tools.mongorestore,
        'restore-indexes': String(indexesRestorable()),
        ...inputs,
      },
      { node: servers().tools.node24, env: { ...awsEnv(), ...env } },
    );
  }

  const contents = (db: string) => withMongo((client) => canonicalContents(client, db));

  it('round trip: drop the database, restore it, every document equal', async () => {
    await withMongo((client) => client.db(source).dropDatabase());
    const run = await restore({ name });
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs).toMatchObject({
      'backup-id': backup.outputs['backup-id'],
      'storage-key': backup.outputs['storage-key'],
      'documents-restored': String(seed.documents),
      'documents-failed': '0',
      source: 'catalog',
    });
    expect(await contents(source)).toEqual(original);
    if (indexesRestorable())
      expect(await withMongo((client) => indexShapes(client, source))).toEqual(originalIndexes);
    expect(run.stdout).toMatch(/Verified: .* sha256 [0-9a-f]{64}/);
    expect(run.summary).toContain(`Documents restored | ${seed.documents}`);
  });

  it('restores into new names with ns-from/ns-to, and a subset with ns-include', async () => {
    const copy = uniqueName('copy').replace(/-/g, '_');
    const renamed = await restore({ name, 'ns-from': `${source}.*`, 'ns-to': `${copy}.*` });
    expect(renamed.code, renamed.stdout).toBe(0);
    expect(await contents(copy)).toEqual(original);

    const subset = uniqueName('subset').replace(/-/g, '_');
    const partial = await restore({
      name,
      'ns-include': `${source}.events`,
      'ns-from': `${source}.*`,
      'ns-to': `${subset}.*`,
    });
    expect(partial.code, partial.stdout).toBe(0);
    expect(await contents(subset)).toEqual({ events: original.events });
    expect(partial.outputs['documents-restored']).toBe('200');
  });

  it('without drop keeps existing documents and fails on the duplicates; with drop and confirm replaces them', async () => {
    const target = uniqueName('dup').replace(/-/g, '_');
    const first = await restore({ name, 'ns-from': `${source}.*`, 'ns-to': `${target}.*` });
    expect(first.code, first.stdout).toBe(0);
    await withMongo((client) =>
      client.db(target).collection('events').insertOne({ extra: 'added after the restore' }),
    );
    const changed = await contents(target);

    const again = await restore({ name, 'ns-from': `${source}.*`, 'ns-to': `${target}.*` });
    expect(again.code).toBe(1);
    expect(again.stdout).toMatch(/::error::Running mongorestore failed: .*\d+ failed/);
    expect(await contents(target)).toEqual(changed);

    const dropped = await restore({
      name,
      'ns-from': `${source}.*`,
      'ns-to': `${target}.*`,
      drop: 'true',
      confirm: target,
    });
    expect(dropped.code, dropped.stdout).toBe(0);
    expect(await contents(target)).toEqual(original);
  });

  it.each([
    ['a wrong confirm', { confirm: 'production' }],
    ['no confirm', {}],
  ])('refuses drop with %s before touching anything', async (_what, extra) => {
    const target = uniqueName('guard').replace(/-/g, '_');
    await withMongo((client) => client.db(target).collection('keep').insertOne({ precious: true }));
    const before = await contents(target);
    const run = await restore({
      name,
      'ns-from': `${source}.*`,
      'ns-to': `${target}.*`,
      drop: 'true',
      ...extra,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`::error::Input 'drop' is true`);
    expect(run.stdout).toContain(`set 'confirm' to "${target}"`);
    expect(run.stdout).not.toContain('Downloading');
    expect(await contents(target)).toEqual(before);
  });

  it('dry-run verifies everything and leaves the target unchanged', async () => {
    const target = uniqueName('dry').replace(/-/g, '_');
    const run = await restore({ name, 'ns-from': `${source}.*`, 'ns-to': `${target}.*`, 'dry-run': 'true' });
    expect(run.code, run.stdout).toBe(0);
    expect(run.summary).toContain('dry run: the target was not modified');
    expect(await contents(target)).toEqual({});
  });

  /** Stores `body` as a new completed backup of `backupName` whose record matches it exactly. */
  async function storeBackup(
    backupName: string,
    body: Buffer,
    createdAt = new Date(),
  ): Promise<BackupRecord> {
    const [template] = await records({ storageKey: backup.outputs['storage-key']! });
    const record: BackupRecord = {
      ...template!,
      _id: new ObjectId(),
      dbName: backupName,
      storageKey: `mongo-backups/${backupName}/daily/${backupName}-${createdAt.toISOString().replace(/[-:]|\.\d+/g, '')}-${randomHex()}.archive.gz`,
      createdAt,
      sizeBytes: body.length,
      sha256: createHash('sha256').update(body).digest('hex'),
    };
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: record.storageKey, Body: body }));
    await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: `${record.storageKey}.json`, Body: manifestBody(record) }),
    );
    await withMongo((client) =>
      client.db(catalogDatabase).collection<BackupRecord>('backups').insertOne(record),
    );
    return record;
  }

  it('refuses an archive whose bytes changed in S3, and never touches the target', async () => {
    const archive = await getObject(s3, bucket, backup.outputs['storage-key']!);
    const damagedName = uniqueName('flip');
    const record = await storeBackup(damagedName, archive);
    const flipped = Buffer.from(archive);
    flipped[Math.floor(flipped.length / 2)]! ^= 0x01;
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: record.storageKey, Body: flipped }));
    const target = uniqueName('flipped').replace(/-/g, '_');
    const run = await restore({ name: damagedName, 'ns-from': `${source}.*`, 'ns-to': `${target}.*` });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::error::Verifying the download failed');
    expect(run.stdout).not.toContain('mongorestore:');
    expect(await contents(target)).toEqual({});
  });

  it('never reports success for a truncated archive, even one whose record matches it', async () => {
    const archive = await getObject(s3, bucket, backup.outputs['storage-key']!);
    for (let tenth = 1; tenth <= 9; tenth++) {
      const cutName = uniqueName(`cut${tenth}`);
      await storeBackup(cutName, archive.subarray(0, Math.floor((archive.length * tenth) / 10)));
      const target = uniqueName(`cut${tenth}`).replace(/-/g, '_');
      const run = await restore({ name: cutName, 'ns-from': `${source}.*`, 'ns-to': `${target}.*` });
      expect(run.code, `${tenth}0% of the archive: ${run.stdout}`).toBe(1);
      // The checksum matched: it was mongorestore that refused the archive.
      expect(run.stdout).toContain('Verified:');
      expect(run.stdout).toContain('::error::Running mongorestore failed');
    }
  }, 300_000);

  it('restores from the S3 manifests when the catalog is unreachable or dropped', async () => {
    const target = uniqueName('nocat').replace(/-/g, '_');
    const down = await restore({
      name,
      'catalog-uri': await freeClosedPortUri('x'),
      'ns-from': `${source}.*`,
      'ns-to': `${target}.*`,
    });
    expect(down.code, down.stdout).toBe(0);
    expect(down.outputs.source).toBe('s3');
    expect(down.stdout).toContain('::warning::The catalog could not be reached');
    expect(await contents(target)).toEqual(original);

    const emptied = uniqueName('emptycat').replace(/-/g, '_');
    const dropped = await restore({
      name,
      'catalog-database': uniqueName('dropped').replace(/-/g, '_'),
      'ns-from': `${source}.*`,
      'ns-to': `${emptied}.*`,
    });
    expect(dropped.code, dropped.stdout).toBe(0);
    expect(dropped.outputs).toMatchObject({ source: 's3', 'backup-id': backup.outputs['backup-id'] });
  });

  it('picks the newest backup before a time, and lists what exists when nothing matches', async () => {
    const archive = await getObject(s3, bucket, backup.outputs['storage-key']!);
    const series = uniqueName('series');
    const now = Date.now();
    const old = await storeBackup(series, archive, new Date(now - 3 * DAY));
    const middle = await storeBackup(series, archive, new Date(now - 2 * DAY));
    const recent = await storeBackup(series, archive, new Date(now - 1 * DAY));
    const target = uniqueName('before').replace(/-/g, '_');
    const run = await restore({
      name: series,
      before: new Date(now - 1.5 * DAY).toISOString(),
      'ns-from': `${source}.*`,
      'ns-to': `${target}.*`,
    });
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs['backup-id']).toBe(middle._id.toHexString());

    const missing = await restore({ name: series, 'backup-id': 'aaaaaaaaaaaaaaaaaaaaaaaa' });
    expect(missing.code).toBe(1);
    const message = decodeURIComponent(
      missing.stdout.split('\n').find((l) => l.startsWith('::error::')) ?? '',
    );
    expect(message).toContain('No match for backup aaaaaaaaaaaaaaaaaaaaaaaa');
    for (const r of [recent, middle, old]) expect(message).toContain(r._id.toHexString());
  });

  it('never shows the target password: not in the log, outputs, summary, or mongorestore argv', async () => {
    const argvDir = await mkdtemp(join(tmpdir(), 'mba-argv-'));
    const argvLog = join(argvDir, 'argv.log');
    const real = servers().tools.mongorestore;
    const fake = join(argvDir, 'mongorestore');
    await writeFile(fake, `#!/bin/bash\nprintf '%s\\n' "$0 $*" >> '${argvLog}'\nexec '${real}' "$@"\n`, {
      mode: 0o755,
    });
    const target = uniqueName('secret').replace(/-/g, '_');
    const uri = mongoUri('admin', { withPassword: true });
    const run = await restore({
      name,
      'target-uri': uri,
      'catalog-uri': mongoUri('admin'),
      'mongorestore-path': fake,
      'ns-from': `${source}.*`,
      'ns-to': `${target}.*`,
    });
    expect(run.code, run.stdout).toBe(0);
    const shown = run.stdout
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n');
    const argv = await readFile(argvLog, 'utf8');
    const secrets = servers().external ? [] : [TEST_PASSWORD, encodeURIComponent(TEST_PASSWORD), uri];
    for (const [place, text] of Object.entries({
      stdout: shown,
      stderr: run.stderr,
      summary: run.summary,
      outputs: JSON.stringify(run.outputs),
      argv,
    })) {
      for (const secret of secrets) expect(text.includes(secret), `${place} contains a secret`).toBe(false);
    }
    expect(argv).toMatch(/--config=\S+/);
    await rm(argvDir, { recursive: true, force: true });
  });
});

function randomHex(): string {
  return new ObjectId().toHexString().slice(-8);
}
