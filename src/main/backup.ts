/** The backup action's run(): inputs → settings → the real boundaries → the command → outputs and summary. */
import { MongoCatalog } from '../catalog/mongo.js';
import type { BackupRecord } from '../catalog/record.js';
import { runBackup } from '../commands/backup.js';
import { Outputs } from '../constants.js';
import type { Host } from '../hosts/host.js';
import { mongodumpRunner } from '../mongo/dump.js';
import { findTool } from '../mongo/tools.js';
import { mongoTopologyProbe } from '../mongo/topology.js';
import { manifestKey } from '../naming.js';
import { formatBytes, formatDuration, markdownTable, Reporter } from '../report.js';
import { uriSecrets } from '../secrets.js';
import { parseBackupSettings } from '../settings/backup.js';
import { Inputs } from '../constants.js';
import { step } from '../errors.js';
import { createS3Client, S3ObjectStore } from '../storage/s3.js';

export async function run(host: Host, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const report = new Reporter(host);
  // Mask before anything can print: even an input error must not echo a URI.
  report.addSecrets(uriSecrets(host.input(Inputs.MongodbUri).trim()));
  report.addSecrets(uriSecrets(host.input(Inputs.CatalogUri).trim()));
  try {
    const settings = parseBackupSettings((name) => host.input(name), env);
    const mongodump = await step('Finding mongodump', () =>
      findTool('mongodump', settings.mongodumpPath, Inputs.MongodumpPath, env),
    );
    const catalog = new MongoCatalog(settings.catalog);
    const s3 = createS3Client(settings.s3);
    try {
      const record = await runBackup(
        settings,
        {
          catalog,
          store: new S3ObjectStore(s3, settings.s3),
          dumper: mongodumpRunner,
          probe: mongoTopologyProbe,
          mongodump,
          now: () => new Date(),
          env,
        },
        report,
      );
      writeOutputs(record, report);
      await report.summary(backupSummary(record));
      report.info(
        `Backup ${record._id.toHexString()} completed: ${formatBytes(record.sizeBytes ?? 0)}, sha256 ${record.sha256}`,
      );
    } finally {
      await catalog.close().catch(() => undefined);
      s3.destroy();
    }
  } catch (error) {
    report.fail(error);
  }
}

function writeOutputs(record: BackupRecord, report: Reporter): void {
  report.output(Outputs.BackupId, record._id.toHexString());
  report.output(Outputs.StorageKey, record.storageKey);
  report.output(Outputs.SizeBytes, record.sizeBytes ?? 0);
  report.output(Outputs.Sha256, record.sha256 ?? '');
  report.output(Outputs.CreatedAt, record.createdAt.toISOString());
  report.output(Outputs.ExpireAt, record.expireAt.toISOString());
  report.output(Outputs.Consistency, record.consistency);
}

export function backupSummary(record: BackupRecord): string {
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
