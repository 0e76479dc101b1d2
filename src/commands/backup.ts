/** The backup command: dump → stream to the store → record in the catalog, and nothing half-done left behind. */
import { randomBytes } from 'node:crypto';
import { ObjectId } from 'mongodb';
import type { Catalog } from '../catalog/catalog.js';
import { manifestBody } from '../catalog/manifest.js';
import { runContext, type BackupRecord, type Consistency } from '../catalog/record.js';
import { errorMessage, step } from '../errors.js';
import type { DumpRunner } from '../mongo/dump.js';
import type { ToolBinary } from '../mongo/tools.js';
import type { ServerInfo, TopologyProbe } from '../mongo/topology.js';
import { uriWithoutDatabase } from '../mongo/uri.js';
import { backupKey, manifestKey } from '../naming.js';
import { ProgressTicker, type Reporter } from '../report.js';
import { addDuration, chooseTier, type Tier } from '../retention.js';
import { mapWithLimit } from '../concurrency.js';
import { writeSecretConfig } from '../secrets.js';
import { sharesDeployment, type BackupSettings, type BackupTarget } from '../settings/backup.js';
import type { ObjectStore } from '../storage/store.js';
import { DumpFailedError, transferDump } from './transfer.js';

export const ARCHIVE_CONTENT_TYPE = 'application/gzip';
export const PROGRESS_INTERVAL_MS = 10_000;
/** How many of mongodump's last log lines a failure message quotes. */
const DUMP_LOG_TAIL = 5;

export interface BackupDeps {
  catalog: Catalog;
  store: ObjectStore;
  dumper: DumpRunner;
  probe: TopologyProbe;
  mongodump: ToolBinary;
  now: () => Date;
  env: NodeJS.ProcessEnv;
}

export interface DumpPlan {
  oplog: boolean;
  consistency: Consistency;
  excludeCollections: string[];
  /** Why --oplog is not used although it was allowed, for a warning. */
  downgrade: string | undefined;
  /** The catalog lives in a database this dump includes and cannot leave out. */
  includesCatalog: boolean;
}

/**
 * Decides --oplog and exclusions from the settings and what the server said. --oplog works only for a
 * whole-deployment dump of a replica set; the catalog's own collection is left out of its database's
 * dump (mongodump can exclude collections only within one --db).
 */
export function planDump(settings: BackupSettings, target: BackupTarget, server: ServerInfo): DumpPlan {
  const wholeDeployment = target.database === undefined;
  let downgrade: string | undefined;
  if (server.topology !== 'replica-set')
    downgrade = `the deployment is ${server.topology === 'sharded' ? 'a sharded cluster (mongos)' : 'a standalone server'}, which has no oplog to capture`;
  else if (!wholeDeployment)
    downgrade = `--oplog needs a dump of the whole deployment and this dumps only database "${target.database}"`;
  if (settings.oplog === 'true' && downgrade !== undefined) {
    throw new Error(`Input 'oplog' is true, but ${downgrade}. Use 'oplog: auto' to back up without it.`);
  }
  const oplog = settings.oplog !== 'false' && downgrade === undefined;
  const catalogInDump =
    sharesDeployment(target.uri, settings.catalog.uri) &&
    (wholeDeployment || target.database === settings.catalog.database);
  return {
    oplog,
    consistency: oplog ? 'oplog' : 'none',
    excludeCollections: catalogInDump && !wholeDeployment ? [settings.catalog.collection] : [],
    downgrade: settings.oplog === 'auto' ? downgrade : undefined,
    includesCatalog: catalogInDump && wholeDeployment,
  };
}

export function newRecord(
  settings: BackupSettings,
  target: BackupTarget,
  tier: Tier,
  deps: BackupDeps,
  server: ServerInfo,
  plan: DumpPlan,
): BackupRecord {
  const createdAt = deps.now();
  const shortId = randomBytes(4).toString('hex');
  const retention = settings.retention[tier];
  return {
    _id: new ObjectId(),
    dbName: target.name,
    sourceDatabase: target.database ?? null,
    backupType: tier,
    storageProvider: 's3',
    bucket: deps.store.bucket,
    storageKey: backupKey({ prefix: settings.s3.prefix, name: target.name, tier, createdAt, shortId }),
    createdAt,
    expireAt: addDuration(createdAt, retention),
    retention: retention.text,
    status: 'pending',
    consistency: plan.consistency,
    tools: { mongodump: deps.mongodump.version },
    server: { version: server.version, topology: server.topology },
    run: runContext(deps.env),
  };
}

export interface BackupOutcome {
  target: BackupTarget;
  tier: Tier;
  /** The completed record, when the backup succeeded. */
  record?: BackupRecord;
  /** What went wrong (masked), when it failed. */
  error?: string;
  durationMs: number;
}

/**
 * Backs up every target: the catalog and bucket are checked once, the tier is chosen once for the run,
 * and each database is independent — one failure stops none of the others.
 */
export async function runBackups(
  settings: BackupSettings,
  deps: BackupDeps,
  report: Reporter,
): Promise<BackupOutcome[]> {
  await report.group('Checking the catalog and the bucket', async () => {
    await step('Opening the catalog', () => deps.catalog.open());
    report.info(`Catalog: ${settings.catalog.database}.${settings.catalog.collection}`);
    await step('Checking the S3 bucket', () => deps.store.checkAccess());
    report.info(`Bucket: ${deps.store.bucket}, prefix: ${settings.s3.prefix || '(none)'}`);
  });
  const tier = chooseTier(settings.tier, deps.now(), settings.rotation);
  if (settings.tier === 'auto') {
    report.info(
      `Tier: ${tier} (auto, ${settings.rotation.timeZone}; retention ${settings.retention[tier].text})`,
    );
  }
  const concurrent = settings.parallel > 1 && settings.targets.length > 1;
  return mapWithLimit(settings.targets, settings.parallel, async (target) => {
    const scoped = settings.targets.length > 1 ? report.scoped(target.name, !concurrent) : report;
    const started = Date.now();
    try {
      const record = await backupOne(settings, target, tier, deps, scoped);
      return { target, tier, record, durationMs: Date.now() - started };
    } catch (error) {
      const message = report.mask(errorMessage(error));
      if (settings.targets.length > 1) scoped.warning(`Backup failed: ${message}`);
      return { target, tier, error: message, durationMs: Date.now() - started };
    }
  });
}

/** Backs up one target. Resolves with the completed record; on failure leaves no object and a failed record. */
export async function backupOne(
  settings: BackupSettings,
  target: BackupTarget,
  tier: Tier,
  deps: BackupDeps,
  report: Reporter,
): Promise<BackupRecord> {
  const { catalog, store } = deps;
  const { server, plan } = await report.group('Probing the source deployment', async () => {
    const server = await step('Probing the source deployment', () => deps.probe.probe(target.uri));
    const plan = await step('Planning the dump', () =>
      Promise.resolve().then(() => planDump(settings, target, server)),
    );
    report.info(`Server ${server.version} (${server.topology}); mongodump ${deps.mongodump.version}`);
    report.info(
      `Dumping ${target.database === undefined ? 'every database' : `database "${target.database}"`}${plan.oplog ? ' with --oplog' : ''}`,
    );
    if (plan.downgrade) report.warning(`Backing up without --oplog (consistency: none): ${plan.downgrade}.`);
    if (plan.includesCatalog) {
      report.info(
        `The dump includes the catalog (${settings.catalog.database}.${settings.catalog.collection}); restores leave it out.`,
      );
    }
    return { server, plan };
  });

  const record = newRecord(settings, target, tier, deps, server, plan);
  await step('Recording the pending backup', () => catalog.begin(record));
  report.info(`Backup ${record._id.toHexString()} → s3://${store.bucket}/${record.storageKey}`);

  const started = Date.now();
  try {
    const { sizeBytes, sha256, documents } = await report.group('Streaming mongodump to S3', () =>
      streamDump(settings, target, deps, record.storageKey, plan, report),
    );
    return await report.group('Verifying and recording', async () => {
      const head = await step('Verifying the uploaded object', () => store.head(record.storageKey));
      if (head === undefined) {
        throw new Error(
          `Verifying the uploaded object failed: s3://${store.bucket}/${record.storageKey} is missing`,
        );
      }
      if (head.size !== sizeBytes) {
        throw new Error(
          `Verifying the uploaded object failed: S3 holds ${head.size} bytes but ${sizeBytes} were streamed`,
        );
      }
      const completed: BackupRecord = {
        ...record,
        status: 'completed',
        completedAt: deps.now(),
        sizeBytes,
        sha256,
        documents,
        durationMs: Date.now() - started,
      };
      await step('Writing the manifest', () =>
        store.putText(manifestKey(record.storageKey), manifestBody(completed), 'application/json'),
      );
      const { completedAt, durationMs } = completed as Required<BackupRecord>;
      return await step('Recording the completed backup', () =>
        catalog.complete(record._id, { completedAt, sizeBytes, sha256, documents, durationMs }),
      );
    });
  } catch (error) {
    await cleanUpFailedBackup(record, deps, report, error);
    throw error;
  }
}

/** mongodump logs "done dumping shop.orders (5000 documents)" per collection. */
export function dumpedDocuments(line: string): number {
  const match = /done dumping \S+ \((\d+) documents?\)/.exec(line);
  return match ? Number(match[1]) : 0;
}

async function streamDump(
  settings: BackupSettings,
  target: BackupTarget,
  deps: BackupDeps,
  key: string,
  plan: DumpPlan,
  report: Reporter,
): Promise<{ sizeBytes: number; sha256: string; documents: number }> {
  const config = await step('Writing the mongodump config', () =>
    writeSecretConfig({ uri: uriWithoutDatabase(target.uri) }),
  );
  const ticker = new ProgressTicker('streamed', PROGRESS_INTERVAL_MS, (line) => report.info(line));
  const logTail: string[] = [];
  let documents = 0;
  try {
    const dump = deps.dumper.start({
      binary: deps.mongodump.path,
      configPath: config.path,
      database: target.database,
      oplog: plan.oplog,
      excludeCollections: plan.excludeCollections,
    });
    dump.onLog((line) => {
      report.info(`mongodump: ${line}`);
      documents += dumpedDocuments(line);
      logTail.push(line);
      if (logTail.length > DUMP_LOG_TAIL) logTail.shift();
    });
    const result = await transferDump(dump, deps.store, key, {
      partSize: settings.partSize,
      contentType: ARCHIVE_CONTENT_TYPE,
      onBytes: (n) => ticker.add(n),
    });
    report.info(`${ticker.line()}; ${documents} documents`);
    return { ...result, documents };
  } catch (error) {
    if (error instanceof DumpFailedError) {
      const failure = logTail.findLast((l) => /failed/i.test(l)) ?? logTail.at(-1);
      throw new Error(`Running mongodump failed: ${error.message}${failure ? `: ${failure}` : ''}`, {
        cause: error,
      });
    }
    throw new Error(`Uploading the archive failed: ${errorMessage(error)}`, { cause: error });
  } finally {
    ticker.stop();
    await config.remove();
  }
}

/**
 * After a failure: no object, no manifest, no multipart upload, and a failed record (never a completed
 * one). Each clean-up step is tried even when another fails; what could not be cleaned is reported.
 */
async function cleanUpFailedBackup(
  record: BackupRecord,
  deps: BackupDeps,
  report: Reporter,
  error: unknown,
): Promise<void> {
  const { store, catalog } = deps;
  // Deleting a key that does not exist succeeds, so each step runs whatever stage the failure came at.
  const attempts: [string, () => Promise<unknown>][] = [
    ['abort unfinished multipart uploads', () => store.abortIncompleteUploads(record.storageKey)],
    ['delete the manifest', () => store.delete(manifestKey(record.storageKey))],
    ['delete the object', () => store.delete(record.storageKey)],
    ['mark the record failed', () => catalog.fail(record._id, report.mask(errorMessage(error)), deps.now())],
  ];
  for (const [what, attempt] of attempts) {
    try {
      await attempt();
    } catch (cleanupError) {
      report.warning(
        `Could not ${what} of failed backup ${record._id.toHexString()}: ${errorMessage(cleanupError)}`,
      );
    }
  }
}
