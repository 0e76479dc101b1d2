/** The restore command: find the backup, prove the download intact, and only then let mongorestore touch the target. */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { BackupQuery } from '../catalog/catalog.js';
import type { BackupFinder } from '../catalog/finder.js';
import type { BackupRecord } from '../catalog/record.js';
import { InputError, step } from '../errors.js';
import { describeExit } from './transfer.js';
import type { RestoreRunner } from '../mongo/restore.js';
import type { ToolBinary } from '../mongo/tools.js';
import { uriWithoutDatabase } from '../mongo/uri.js';
import { formatBytes, ProgressTicker, type Reporter } from '../report.js';
import { writeSecretConfig } from '../secrets.js';
import { sharesDeployment } from '../settings/backup.js';
import { Inputs } from '../constants.js';
import type { RestoreSettings } from '../settings/restore.js';
import type { ObjectStore } from '../storage/store.js';
import { streamMeter } from '../stream-meter.js';

export const PROGRESS_INTERVAL_MS = 10_000;
/** Room to leave on the disk beyond the archive itself. */
const DISK_HEADROOM_BYTES = 64 * 1024 ** 2;
/** How many existing backups a "nothing matches" error lists. */
const LISTED_WHEN_MISSING = 5;

export interface RestoreDeps {
  finder: BackupFinder;
  store: ObjectStore;
  restorer: RestoreRunner;
  mongorestore: ToolBinary;
  /** Where the archive is downloaded to (RUNNER_TEMP on a runner). */
  tempRoot: string;
  freeBytes(dir: string): Promise<number>;
}

export interface RestoreResult {
  record: BackupRecord;
  source: 'catalog' | 's3';
  restored: number;
  failed: number;
  durationMs: number;
  dryRun: boolean;
}

function describeSelector(settings: RestoreSettings): string {
  const { selector } = settings;
  const what = settings.name ? ` of "${settings.name}"${settings.tier ? ` (${settings.tier})` : ''}` : '';
  switch (selector.kind) {
    case 'latest':
      return `the newest completed backup${what}`;
    case 'before':
      return `the newest completed backup${what} created before ${selector.before.toISOString()}`;
    case 'id':
      return `backup ${selector.id}${what}`;
    case 'key':
      return `the backup at ${selector.storageKey}`;
  }
}

export async function findBackup(
  settings: RestoreSettings,
  finder: BackupFinder,
  bucket: string,
): Promise<BackupRecord> {
  const base: BackupQuery = {
    bucket,
    prefix: settings.s3.prefix,
    names: settings.name ? [settings.name] : [],
    tier: settings.tier,
    limit: 1,
  };
  const { selector } = settings;
  const query: BackupQuery = {
    ...base,
    id: selector.kind === 'id' ? selector.id : undefined,
    storageKey: selector.kind === 'key' ? selector.storageKey : undefined,
    before: selector.kind === 'before' ? selector.before : undefined,
  };
  const [record] = await finder.find(query);
  if (record) return record;
  const existing = settings.name ? await finder.find({ ...base, limit: LISTED_WHEN_MISSING }) : [];
  const list = existing.map(
    (r) => `  ${r._id.toHexString()}  ${r.createdAt.toISOString()}  ${r.backupType}  ${r.storageKey}`,
  );
  throw new Error(
    `No match for ${describeSelector(settings)} in the ${finder.source === 's3' ? 'S3 manifests' : 'catalog'}. ` +
      (existing.length > 0
        ? `The newest completed backups of "${settings.name}":\n${list.join('\n')}`
        : settings.name
          ? `There is no completed backup of "${settings.name}"${settings.tier ? ` in tier ${settings.tier}` : ''}.`
          : 'Check the id or key, the bucket and the prefix.'),
  );
}

/** The database a restore writes to: ns-to's, else the backup's own; undefined for a whole deployment. */
export function targetDatabase(settings: RestoreSettings, record: BackupRecord): string | undefined {
  if (settings.nsTo !== undefined) return settings.nsTo.split('.')[0];
  return record.sourceDatabase ?? undefined;
}

/** --drop deletes collections in the target: only with the target's name typed into `confirm`. */
export function checkDropConfirmed(settings: RestoreSettings, record: BackupRecord): void {
  if (!settings.drop) return;
  const expected = targetDatabase(settings, record) ?? record.dbName;
  if (settings.confirm !== expected) {
    throw new InputError(
      Inputs.Confirm,
      `Input '${Inputs.Drop}' is true, which drops each collection in the target before restoring it: set ` +
        `'${Inputs.Confirm}' to "${expected}" (the ${targetDatabase(settings, record) ? 'target database' : "backup's name"}) to go ahead ` +
        `(got ${settings.confirm === undefined ? 'nothing' : `"${settings.confirm}"`}). Nothing was touched.`,
    );
  }
}

async function downloadVerified(
  record: BackupRecord,
  deps: RestoreDeps,
  file: string,
  report: Reporter,
): Promise<void> {
  const ticker = new ProgressTicker('downloaded', PROGRESS_INTERVAL_MS, (line) => report.info(line));
  const meter = streamMeter((n) => ticker.add(n));
  try {
    const body = await step('Downloading the archive', () => deps.store.download(record.storageKey));
    await step('Downloading the archive', () =>
      pipeline(body, meter.stream, createWriteStream(file, { mode: 0o600 })),
    );
    report.info(ticker.line());
  } finally {
    ticker.stop();
  }
  const bytes = meter.bytes();
  const sha256 = meter.sha256();
  if (bytes !== record.sizeBytes || sha256 !== record.sha256) {
    throw new Error(
      `Verifying the download failed: the record says ${record.sizeBytes} bytes with sha256 ${record.sha256}, ` +
        `S3 returned ${bytes} bytes with sha256 ${sha256}. The archive is damaged or not this backup; the target was not touched.`,
    );
  }
  report.info(`Verified: ${formatBytes(bytes)}, sha256 ${sha256}`);
}

export async function runRestore(
  settings: RestoreSettings,
  deps: RestoreDeps,
  report: Reporter,
): Promise<RestoreResult> {
  const record = await report.group('Finding the backup', async () => {
    const found = await step('Finding the backup', () =>
      findBackup(settings, deps.finder, deps.store.bucket),
    );
    report.info(
      `Backup ${found._id.toHexString()} of "${found.dbName}" (${found.backupType}), created ${found.createdAt.toISOString()}, ` +
        `${formatBytes(found.sizeBytes ?? 0)}, from the ${deps.finder.source === 's3' ? 'S3 manifest' : 'catalog'}`,
    );
    return found;
  });
  checkDropConfirmed(settings, record);

  const started = Date.now();
  const free = await step('Checking free disk space', () => deps.freeBytes(deps.tempRoot));
  const needed = (record.sizeBytes ?? 0) + DISK_HEADROOM_BYTES;
  if (free < needed) {
    throw new Error(
      `Checking free disk space failed: ${deps.tempRoot} has ${formatBytes(free)} free, the archive needs ${formatBytes(needed)} ` +
        `(with headroom). Free space or point RUNNER_TEMP/TMPDIR elsewhere.`,
    );
  }

  const dir = await mkdtemp(join(deps.tempRoot, 'mongodb-restore-'));
  try {
    const file = join(dir, 'backup.archive.gz');
    await report.group('Downloading and verifying the archive', () =>
      downloadVerified(record, deps, file, report),
    );
    const config = await writeSecretConfig({ uri: uriWithoutDatabase(settings.targetUri) });
    try {
      const nsExclude = [...settings.nsExclude];
      if (sharesDeployment(settings.targetUri, settings.catalog.uri)) {
        // A restore must never roll the catalog back to what it was when the backup was made.
        nsExclude.push(`${settings.catalog.database}.${settings.catalog.collection}`);
        nsExclude.push(`${settings.catalog.database}.${settings.catalog.collection}_claims`);
      }
      const nsInclude =
        settings.nsInclude.length > 0 ? settings.nsInclude : settings.nsFrom ? [settings.nsFrom] : [];
      const outcome = await report.group(
        settings.dryRun ? 'Running mongorestore --dryRun' : 'Running mongorestore',
        () =>
          deps.restorer.run(
            {
              binary: deps.mongorestore.path,
              configPath: config.path,
              archivePath: file,
              drop: settings.drop,
              dryRun: settings.dryRun,
              oplogReplay: record.consistency === 'oplog',
              restoreIndexes: settings.restoreIndexes,
              nsInclude,
              nsExclude,
              nsFrom: settings.nsFrom,
              nsTo: settings.nsTo,
            },
            (line) => report.info(`mongorestore: ${line}`),
          ),
      );
      const restored = outcome.restored ?? 0;
      const failed = outcome.failed ?? 0;
      const counts = `${restored} document(s) restored, ${failed} failed`;
      if (outcome.exit.code !== 0) {
        const reason = outcome.tail.findLast((l) => /failed|error/i.test(l)) ?? outcome.tail.at(-1) ?? '';
        throw new Error(
          `Running mongorestore failed: mongorestore ${describeExit(outcome.exit)}: ${reason} (${counts})`,
        );
      }
      if (failed > 0) throw new Error(`Running mongorestore failed: ${counts}; see its log above for why`);
      if (!settings.dryRun && restored === 0 && (record.documents ?? 1) > 0) {
        throw new Error(
          `Running mongorestore failed: it restored 0 documents from a backup of ${record.documents ?? 'some'} documents` +
            `${nsInclude.length > 0 ? ` (check ns-include: ${nsInclude.join(', ')})` : ''}`,
        );
      }
      return {
        record,
        source: deps.finder.source,
        restored,
        failed,
        durationMs: Date.now() - started,
        dryRun: settings.dryRun,
      };
    } finally {
      await config.remove();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
