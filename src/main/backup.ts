/** The backup action's run(): inputs → settings → the real boundaries → the command → outputs and summary. */
import { MongoCatalog } from '../catalog/mongo.js';
import type { BackupRecord } from '../catalog/record.js';
import { runBackups, type BackupOutcome } from '../commands/backup.js';
import { runPrune } from '../commands/prune.js';
import { Inputs, Outputs } from '../constants.js';
import type { Host } from '../hosts/host.js';
import { mongodumpRunner } from '../mongo/dump.js';
import { mongoTopologyProbe } from '../mongo/topology.js';
import { manifestKey } from '../naming.js';
import { formatBytes, formatDuration, markdownTable, Reporter } from '../report.js';
import { uriSecrets } from '../secrets.js';
import { provideTool } from './tools.js';
import { parseBackupSettings, type BackupSettings } from '../settings/backup.js';
import { createS3Client, S3ObjectStore } from '../storage/s3.js';
import { claimantId, failOnPruneErrors, pruneSummary, writePruneOutputs } from './prune.js';

export async function run(host: Host, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const report = new Reporter(host);
  // Mask before anything can print: even an input error must not echo a URI.
  report.addSecrets(uriSecrets(host.input(Inputs.MongodbUri).trim()));
  report.addSecrets(uriSecrets(host.input(Inputs.CatalogUri).trim()));
  try {
    const settings = parseBackupSettings((name) => host.input(name), env);
    for (const target of settings.targets) report.addSecrets(uriSecrets(target.uri));
    const mongodump = await provideTool(
      'mongodump',
      settings.mongodumpPath,
      Inputs.MongodumpPath,
      settings.tools,
      host,
      report,
      env,
    );
    const catalog = new MongoCatalog(settings.catalog);
    const s3 = createS3Client(settings.s3);
    try {
      const store = new S3ObjectStore(s3, settings.s3);
      const now = () => new Date();
      const outcomes = await runBackups(
        settings,
        { catalog, store, dumper: mongodumpRunner, probe: mongoTopologyProbe, mongodump, now, env },
        report,
      );
      writeBackupOutputs(settings, outcomes, report);
      await report.summary(backupSummary(outcomes));

      const completedNames = outcomes.filter((o) => o.record).map((o) => o.target.name);
      if (settings.prune && completedNames.length > 0) {
        // Only what this run backed up successfully: a database whose backup failed keeps everything.
        const result = await runPrune(
          {
            prefix: settings.s3.prefix,
            names: completedNames,
            tiers: [],
            keepLast: settings.prune.keepLast,
            staleAfterMs: settings.prune.staleAfterMs,
            staleAfterText: settings.prune.staleAfterText,
            dryRun: false,
          },
          { catalog, store, now, claimant: claimantId(env) },
          report,
        );
        writePruneOutputs(result, report);
        await report.summary(pruneSummary(result));
        failOnPruneErrors(result);
      }
      failOnBackupErrors(outcomes);
    } finally {
      await catalog.close().catch(() => undefined);
      s3.destroy();
    }
  } catch (error) {
    report.fail(error);
  }
}

function failOnBackupErrors(outcomes: BackupOutcome[]): void {
  const failed = outcomes.filter((o) => o.error !== undefined);
  if (failed.length === 0) return;
  if (outcomes.length === 1) throw new Error(failed[0]!.error);
  const list = failed.map((o) => `${o.target.name}: ${o.error}`).join('; ');
  throw new Error(`${failed.length} of ${outcomes.length} backups failed: ${list}`);
}

export interface BackupResultOutput {
  status: 'completed' | 'failed';
  tier: string;
  backupId?: string;
  storageKey?: string;
  sizeBytes?: number;
  sha256?: string;
  createdAt?: string;
  expireAt?: string;
  consistency?: string;
  durationMs: number;
  error?: string;
}

export function resultOutput(outcome: BackupOutcome): BackupResultOutput {
  const { record } = outcome;
  if (!record)
    return { status: 'failed', tier: outcome.tier, durationMs: outcome.durationMs, error: outcome.error };
  return {
    status: 'completed',
    tier: record.backupType,
    backupId: record._id.toHexString(),
    storageKey: record.storageKey,
    sizeBytes: record.sizeBytes,
    sha256: record.sha256,
    createdAt: record.createdAt.toISOString(),
    expireAt: record.expireAt.toISOString(),
    consistency: record.consistency,
    durationMs: outcome.durationMs,
  };
}

function writeBackupOutputs(settings: BackupSettings, outcomes: BackupOutcome[], report: Reporter): void {
  report.output(
    Outputs.Results,
    JSON.stringify(Object.fromEntries(outcomes.map((o) => [o.target.name, resultOutput(o)]))),
  );
  const tier = outcomes[0]?.tier;
  if (tier) report.output(Outputs.Tier, tier);
  const record = outcomes[0]?.record;
  if (settings.fromList || !record) return;
  report.output(Outputs.BackupId, record._id.toHexString());
  report.output(Outputs.StorageKey, record.storageKey);
  report.output(Outputs.SizeBytes, record.sizeBytes ?? 0);
  report.output(Outputs.Sha256, record.sha256 ?? '');
  report.output(Outputs.CreatedAt, record.createdAt.toISOString());
  report.output(Outputs.ExpireAt, record.expireAt.toISOString());
  report.output(Outputs.Consistency, record.consistency);
}

function singleSummary(record: BackupRecord): string {
  const rows: [string, string][] = [
    ['Name', record.dbName],
    ['Tier', record.backupType],
    ['Object', `s3://${record.bucket}/${record.storageKey}`],
    ['Manifest', manifestKey(record.storageKey)],
    ['Size', `${formatBytes(record.sizeBytes ?? 0)} (${record.sizeBytes ?? 0} bytes)`],
    ['SHA-256', `\`${record.sha256 ?? ''}\``],
    ['Consistency', record.consistency === 'oplog' ? 'point in time (--oplog)' : 'none (no --oplog)'],
    ['Created', record.createdAt.toISOString()],
    ['Expires', `${record.expireAt.toISOString()} (retention ${record.retention})`],
    ['Duration', formatDuration(record.durationMs ?? 0)],
    ['Server', `${record.server.version} (${record.server.topology})`],
    ['mongodump', record.tools.mongodump],
    ['Backup id', `\`${record._id.toHexString()}\``],
  ];
  return `## MongoDB backup: ${record.dbName}\n\n${markdownTable(['Field', 'Value'], rows)}`;
}

export function backupSummary(outcomes: BackupOutcome[]): string {
  if (outcomes.length === 1 && outcomes[0]!.record) return singleSummary(outcomes[0]!.record);
  const completed = outcomes.filter((o) => o.record).length;
  const rows = outcomes.map((o) => [
    o.target.name,
    o.tier,
    o.record ? 'completed' : `**failed**: ${o.error ?? ''}`,
    o.record ? formatBytes(o.record.sizeBytes ?? 0) : '',
    formatDuration(o.durationMs),
    o.record ? `\`${o.record.storageKey}\`` : '',
    o.record ? o.record.expireAt.toISOString() : '',
  ]);
  return (
    `## MongoDB backups: ${completed} of ${outcomes.length} completed\n\n` +
    markdownTable(['Name', 'Tier', 'Status', 'Size', 'Duration', 'Key', 'Expires'], rows)
  );
}
