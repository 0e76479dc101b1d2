// Measures what a backup and a restore cost: wall time, throughput and the peak memory (VmHWM) of the
// action's process, at two part sizes. Prints figures; asserts nothing. Linux (reads /proc).
// Usage: npm run bench [-- --mb 200]
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Binary, MongoClient } from 'mongodb';
import { buildTools, ROOT, startFerretDb, startMinio } from './lib/servers.mjs';

const { values } = parseArgs({ options: { mb: { type: 'string', default: '100' } } });
const megabytes = Number(values.mb);

/** Peak resident memory of a running process, from /proc (kept while it runs; gone once it exits). */
async function peakRss(pid) {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

async function runMeasured(entry, inputs, env) {
  const dir = await mkdtemp(join(tmpdir(), 'mba-bench-'));
  const output = join(dir, 'output');
  await writeFile(output, '');
  const inputEnv = Object.fromEntries(
    Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]),
  );
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [join(ROOT, entry)], {
    env: { ...process.env, ...env, ...inputEnv, GITHUB_OUTPUT: output },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let log = '';
  child.stdout.on('data', (chunk) => (log += chunk.toString()));
  let peak = 0;
  const poll = setInterval(() => void peakRss(child.pid).then((rss) => (peak = Math.max(peak, rss))), 100);
  const code = await new Promise((resolve) => child.once('close', resolve));
  clearInterval(poll);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await rm(dir, { recursive: true, force: true });
  if (code !== 0) throw new Error(`${entry} exited with ${code}:\n${log}`);
  return { seconds, peak };
}

const started = [];
try {
  const tools = await buildTools({ quiet: true });
  process.stderr.write('\n');
  const ferret = await startFerretDb(tools.ferretdb);
  started.push(ferret);
  const minio = await startMinio(tools.minio);
  started.push(minio);

  // In collections of 32 MiB: FerretDB answers a getMore with all that is left, and a reply over 48 MB
  // is more than mongodump accepts (a real MongoDB caps its batches at 16 MiB).
  console.log(`Seeding ${megabytes} MiB of incompressible documents (256 KiB each, 32 MiB per collection)…`);
  const client = new MongoClient(ferret.uri);
  for (let i = 0; i < megabytes * 4; i++) {
    const blobs = client.db('bench').collection(`blobs${Math.floor(i / 128)}`);
    await blobs.insertOne({ _id: i, data: new Binary(randomBytes(256 * 1024)) });
  }
  await client.close();
  const s3 = new S3Client({
    endpoint: minio.s3.endpoint,
    region: minio.s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: minio.s3.accessKeyId, secretAccessKey: minio.s3.secretAccessKey },
  });
  await s3.send(new CreateBucketCommand({ Bucket: 'bench' }));
  s3.destroy();
  const env = {
    AWS_ACCESS_KEY_ID: minio.s3.accessKeyId,
    AWS_SECRET_ACCESS_KEY: minio.s3.secretAccessKey,
    AWS_REGION: minio.s3.region,
  };
  const s3Inputs = { 's3-bucket': 'bench', 's3-endpoint': minio.s3.endpoint, 's3-force-path-style': 'true' };

  console.log('\noperation  part size  seconds   MB/s   peak RSS');
  for (const partSize of ['5MiB', '64MiB']) {
    const backup = await runMeasured(
      'dist/index.js',
      {
        'mongodb-uri': `${ferret.uri}bench`,
        's3-part-size': partSize,
        'mongodump-path': tools.mongodump,
        ...s3Inputs,
      },
      env,
    );
    const line = (op, r) =>
      console.log(
        `${op.padEnd(9)}  ${partSize.padStart(9)}  ${r.seconds.toFixed(1).padStart(7)}  ${(megabytes / r.seconds).toFixed(1).padStart(5)}  ${(r.peak / 1024 ** 2).toFixed(0).padStart(6)} MiB`,
      );
    line('backup', backup);
    if (partSize === '64MiB') {
      const restore = await runMeasured(
        'dist/restore/index.js',
        {
          'target-uri': ferret.uri,
          name: 'bench',
          'ns-from': 'bench.*',
          'ns-to': `bench_restored_${Date.now()}.*`,
          'mongorestore-path': tools.mongorestore,
          'restore-indexes': 'false',
          ...s3Inputs,
        },
        env,
      );
      line('restore', restore);
    }
  }
  console.log('\nPeak RSS is the action process alone (mongodump and mongorestore are separate processes).');
} finally {
  await Promise.all(started.map((s) => s.stop()));
}
