// The main job on embedded servers: starts FerretDB and MinIO, seeds sample databases, runs real backups
// through the built actions exactly as a runner would (one database, then several in one step), prunes
// (a dry run, then for real, showing the floor that keeps an expired last backup), and stops.
import { CreateBucketCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BSON, MongoClient, ObjectId } from 'mongodb';
import { buildTools, ROOT, startFerretDb, startMinio } from './lib/servers.mjs';

const BUCKET = 'demo-backups';
const DATABASE = 'shop';

function heading(text) {
  console.log(`\n\x1b[1m== ${text}\x1b[0m`);
}

async function seedSmall(uri, name, count) {
  const client = new MongoClient(uri);
  try {
    await client
      .db(name)
      .collection('events')
      .insertMany(
        Array.from({ length: count }, (_, i) => ({ i, at: new Date(Date.UTC(2026, 0, 1) + i * 60_000) })),
      );
  } finally {
    await client.close();
  }
}

async function seed(uri) {
  const client = new MongoClient(uri);
  try {
    const db = client.db(DATABASE);
    const customers = Array.from({ length: 2000 }, (_, i) => ({
      _id: new ObjectId(),
      name: `Customer ${i}`,
      email: `customer${i}@example.com`,
      since: new Date(Date.UTC(2024, 0, 1) + i * 3_600_000),
    }));
    await db.collection('customers').insertMany(customers);
    await db.collection('orders').insertMany(
      Array.from({ length: 5000 }, (_, i) => ({
        customer: customers[i % customers.length]._id,
        totalCents: 100 + ((i * 7919) % 50_000),
        items: [{ sku: `SKU-${i % 300}`, qty: 1 + (i % 4) }],
        placedAt: new Date(Date.UTC(2025, 0, 1) + i * 600_000),
      })),
    );
    await db.collection('orders').createIndex({ customer: 1, placedAt: -1 });
    return { customers: 2000, orders: 5000 };
  } finally {
    await client.close();
  }
}

/** Per collection: document count and a SHA-256 of every document as canonical Extended JSON, by _id. */
async function fingerprint(uri, name) {
  const client = new MongoClient(uri);
  try {
    const db = client.db(name);
    const result = {};
    for (const { name: collection } of await db.listCollections({}, { nameOnly: true }).toArray()) {
      const docs = await db.collection(collection).find().sort({ _id: 1 }).toArray();
      const hash = createHash('sha256');
      for (const doc of docs) hash.update(BSON.EJSON.stringify(doc, { relaxed: false }));
      result[collection] = { documents: docs.length, sha256: hash.digest('hex').slice(0, 16) };
    }
    return result;
  } finally {
    await client.close();
  }
}

/** Runs the built action like a runner: INPUT_* variables, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files. */
async function runAction(entry, inputs, env) {
  const dir = await mkdtemp(join(tmpdir(), 'mba-demo-run-'));
  const output = join(dir, 'output');
  const summary = join(dir, 'summary.md');
  await writeFile(output, '');
  await writeFile(summary, '');
  const inputEnv = Object.fromEntries(
    Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]),
  );
  const child = spawn(process.execPath, [join(ROOT, entry)], {
    env: { ...process.env, ...env, ...inputEnv, GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.stdout.on('data', (chunk) => {
    // Show the log as a runner would: workflow commands for masks are consumed, not shown.
    for (const line of chunk.toString().split('\n'))
      if (line && !line.startsWith('::add-mask::')) console.log(`  ${line}`);
  });
  const code = await new Promise((resolve) => child.once('close', resolve));
  const outputs = {};
  const lines = (await readFile(output, 'utf8')).split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<]+)<<(.+)$/.exec(lines[i]);
    if (match) outputs[match[1]] = lines[++i];
  }
  const markdown = await readFile(summary, 'utf8');
  await rm(dir, { recursive: true, force: true });
  return { code, outputs, markdown };
}

const started = [];
const stopAll = () => Promise.all(started.map((s) => s.stop()));
process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));

try {
  heading('Test servers (built once per machine)');
  const tools = await buildTools({ quiet: true });
  const ferret = await startFerretDb(tools.ferretdb);
  started.push(ferret);
  const minio = await startMinio(tools.minio);
  started.push(minio);
  console.log(`FerretDB ${ferret.uri}  MinIO ${minio.s3.endpoint}`);

  heading(`Seeding database "${DATABASE}"`);
  console.log(await seed(ferret.uri));
  const s3 = new S3Client({
    endpoint: minio.s3.endpoint,
    region: minio.s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: minio.s3.accessKeyId, secretAccessKey: minio.s3.secretAccessKey },
  });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));

  const runnerEnv = {
    AWS_ACCESS_KEY_ID: minio.s3.accessKeyId,
    AWS_SECRET_ACCESS_KEY: minio.s3.secretAccessKey,
    AWS_REGION: minio.s3.region,
    GITHUB_REPOSITORY: 'example/shop',
    GITHUB_WORKFLOW: 'Backups',
    GITHUB_RUN_ID: '1',
    GITHUB_RUN_ATTEMPT: '1',
  };
  const s3Inputs = { 's3-bucket': BUCKET, 's3-endpoint': minio.s3.endpoint, 's3-force-path-style': 'true' };

  heading('Running the backup action (dist/index.js)');
  const run = await runAction(
    'dist/index.js',
    {
      'mongodb-uri': `${ferret.uri}${DATABASE}`,
      's3-bucket': BUCKET,
      's3-endpoint': minio.s3.endpoint,
      's3-force-path-style': 'true',
      tier: 'daily',
      'mongodump-path': tools.mongodump,
    },
    runnerEnv,
  );
  if (run.code !== 0) throw new Error(`the backup action failed (exit ${run.code})`);

  heading('Outputs');
  console.log(run.outputs);

  heading('The object in S3');
  const key = run.outputs['storage-key'];
  const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
  const manifest = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: `${key}.json` }));
  console.log(`s3://${BUCKET}/${key}  ${head.ContentLength} bytes`);
  console.log(`s3://${BUCKET}/${key}.json  ${manifest.ContentLength} bytes (manifest)`);
  s3.destroy();

  heading('The catalog record (mongodb_backup.backups)');
  const client = new MongoClient(ferret.uri);
  try {
    const record = await client
      .db('mongodb_backup')
      .collection('backups')
      .findOne({ _id: new ObjectId(run.outputs['backup-id']) });
    console.log(JSON.stringify(BSON.EJSON.serialize(record, { relaxed: true }), null, 2));
  } finally {
    await client.close();
  }

  heading('Job summary');
  console.log(run.markdown);

  heading(`Disaster: database "${DATABASE}" is dropped`);
  const before = await fingerprint(ferret.uri, DATABASE);
  const dropper = new MongoClient(ferret.uri);
  await dropper.db(DATABASE).dropDatabase();
  await dropper.close();
  console.log(await fingerprint(ferret.uri, DATABASE));

  heading('Restoring the newest backup (dist/restore/index.js): verified first, then mongorestore');
  const restored = await runAction(
    'dist/restore/index.js',
    {
      'target-uri': ferret.uri,
      name: DATABASE,
      ...s3Inputs,
      'mongorestore-path': tools.mongorestore,
      // FerretDB refuses the index options mongorestore sends; a real MongoDB restores indexes too.
      'restore-indexes': 'false',
    },
    runnerEnv,
  );
  if (restored.code !== 0) throw new Error(`the restore failed (exit ${restored.code})`);
  const after = await fingerprint(ferret.uri, DATABASE);
  console.log('\ncollection   source docs  restored docs  source sha256     restored sha256   equal');
  for (const collection of Object.keys(before).sort()) {
    const a = before[collection];
    const b = after[collection] ?? { documents: 0, sha256: '-' };
    console.log(
      `${collection.padEnd(12)} ${String(a.documents).padStart(11)}  ${String(b.documents).padStart(13)}  ${a.sha256}  ${b.sha256.padEnd(16)}  ${a.sha256 === b.sha256 && a.documents === b.documents ? 'yes' : 'NO'}`,
    );
  }
  if (JSON.stringify(before) !== JSON.stringify(after))
    throw new Error('the restored data differs from the source');

  heading('Several databases in one step (databases list, parallel: 2), twice');
  await seedSmall(ferret.uri, 'analytics', 3000);
  await seedSmall(ferret.uri, 'users', 500);
  const list = [
    '- { name: shop, uri-env: URI_SHOP }',
    '- { name: analytics, uri-env: URI_ANALYTICS }',
    '- { name: users, uri-env: URI_USERS }',
  ].join('\n');
  const listEnv = {
    ...runnerEnv,
    URI_SHOP: `${ferret.uri}${DATABASE}`,
    URI_ANALYTICS: `${ferret.uri}analytics`,
    URI_USERS: `${ferret.uri}users`,
  };
  for (let i = 0; i < 2; i++) {
    const multi = await runAction(
      'dist/index.js',
      {
        databases: list,
        parallel: '2',
        'catalog-uri': ferret.uri,
        'mongodump-path': tools.mongodump,
        ...s3Inputs,
      },
      listEnv,
    );
    if (multi.code !== 0) throw new Error(`the multi-database backup failed (exit ${multi.code})`);
    if (i === 1) console.log(multi.markdown);
  }

  heading('Time passes: every analytics backup expires (the catalog is backdated 10 days)');
  const catalogClient = new MongoClient(ferret.uri);
  try {
    const backups = catalogClient.db('mongodb_backup').collection('backups');
    const past = (days) => new Date(Date.now() - days * 24 * 3600 * 1000);
    const analytics = await backups.find({ dbName: 'analytics' }).sort({ createdAt: 1 }).toArray();
    for (const [i, record] of analytics.entries()) {
      await backups.updateOne(
        { _id: record._id },
        { $set: { createdAt: past(10 - i), expireAt: past(3 - i) } },
      );
    }
    console.log(`${analytics.length} analytics backups, all past their expireAt`);
  } finally {
    await catalogClient.close();
  }

  const pruneInputs = { 'catalog-uri': ferret.uri, name: 'analytics', ...s3Inputs };
  heading('Prune, dry run (dist/prune/index.js): the plan, nothing changed');
  const dry = await runAction('dist/prune/index.js', { ...pruneInputs, 'dry-run': 'true' }, runnerEnv);
  if (dry.code !== 0) throw new Error(`the prune dry run failed (exit ${dry.code})`);
  console.log(dry.markdown);

  heading('Prune for real: the newest expired backup stays (keep-last: 1)');
  const pruned = await runAction('dist/prune/index.js', pruneInputs, runnerEnv);
  if (pruned.code !== 0) throw new Error(`the prune failed (exit ${pruned.code})`);
  console.log(pruned.outputs);
  console.log(pruned.markdown);

  const checkInputs = { 'catalog-uri': ferret.uri, 'max-age': '26h', ...s3Inputs };
  heading('Deploy gate (dist/check/index.js): shop and users backed up minutes ago, max-age 26h');
  const gate = await runAction('dist/check/index.js', { ...checkInputs, name: 'shop, users' }, runnerEnv);
  console.log(`exit ${gate.code}, fresh: ${gate.outputs.fresh}`);
  if (gate.code !== 0) throw new Error('the gate failed on fresh backups');

  heading('Deploy gate again, with analytics (its newest backup is days old): the gate fails');
  const stale = await runAction(
    'dist/check/index.js',
    { ...checkInputs, name: 'shop, analytics' },
    runnerEnv,
  );
  console.log(`exit ${stale.code}, fresh: ${stale.outputs.fresh}`);
  if (stale.code === 0) throw new Error('the gate passed a stale backup');
} catch (error) {
  console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await stopAll();
}
