/** The restore action's run(): inputs → settings → the real boundaries → the command → outputs and summary. */
import { statfs } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { openFinder } from '../catalog/finder.js';
import { MongoCatalog } from '../catalog/mongo.js';
import { runRestore, type RestoreResult } from '../commands/restore.js';
import { Inputs, Outputs } from '../constants.js';
import { step } from '../errors.js';
import type { Host } from '../hosts/host.js';
import { mongorestoreRunner } from '../mongo/restore.js';
import { formatBytes, formatDuration, markdownTable, Reporter } from '../report.js';
import { uriSecrets } from '../secrets.js';
import { provideTool } from './tools.js';
import { parseRestoreSettings } from '../settings/restore.js';
import { createS3Client, S3ObjectStore } from '../storage/s3.js';

async function freeBytes(dir: string): Promise<number> {
  const stats = await statfs(dir);
  return stats.bavail * stats.bsize;
}

export async function run(host: Host, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const report = new Reporter(host);
  report.addSecrets(uriSecrets(host.input(Inputs.TargetUri).trim()));
  report.addSecrets(uriSecrets(host.input(Inputs.CatalogUri).trim()));
  try {
    const settings = parseRestoreSettings((name) => host.input(name), env);
    const mongorestore = await provideTool(
      'mongorestore',
      settings.mongorestorePath,
      Inputs.MongorestorePath,
      settings.tools,
      host,
      report,
      env,
    );
    const catalog = new MongoCatalog(settings.catalog);
    const s3 = createS3Client(settings.s3);
    try {
      const store = new S3ObjectStore(s3, settings.s3);
      await step('Checking the S3 bucket', () => store.checkAccess());
      const finder = await openFinder(settings.source, catalog, store, report);
      const result = await runRestore(
        settings,
        {
          finder,
          store,
          restorer: mongorestoreRunner,
          mongorestore,
          tempRoot: env.RUNNER_TEMP || tmpdir(),
          freeBytes,
        },
        report,
      );
      report.output(Outputs.BackupId, result.record._id.toHexString());
      report.output(Outputs.StorageKey, result.record.storageKey);
      report.output(Outputs.CreatedAt, result.record.createdAt.toISOString());
      report.output(Outputs.DocumentsRestored, result.restored);
      report.output(Outputs.DocumentsFailed, result.failed);
      report.output(Outputs.DurationMs, result.durationMs);
      report.output(Outputs.Source, result.source);
      await report.summary(restoreSummary(result));
      report.info(
        result.dryRun
          ? `Dry run complete: backup ${result.record._id.toHexString()} verified, mongorestore --dryRun passed; the target was not modified.`
          : `Restored ${result.restored} documents from backup ${result.record._id.toHexString()}.`,
      );
    } finally {
      await catalog.close().catch(() => undefined);
      s3.destroy();
    }
  } catch (error) {
    report.fail(error);
  }
}

export function restoreSummary(result: RestoreResult): string {
  const { record } = result;
  const rows: [string, string][] = [
    ['Backup', `\`${record._id.toHexString()}\` of ${record.dbName} (${record.backupType})`],
    ['Created', record.createdAt.toISOString()],
    ['Object', `s3://${record.bucket}/${record.storageKey}`],
    ['Verified', `${formatBytes(record.sizeBytes ?? 0)}, sha256 \`${record.sha256 ?? ''}\``],
    ['Found in', result.source === 's3' ? 'the S3 manifest' : 'the catalog'],
    ['Documents restored', String(result.restored)],
    ['Documents failed', String(result.failed)],
    ['Duration', formatDuration(result.durationMs)],
  ];
  const title = result.dryRun ? 'MongoDB restore (dry run: the target was not modified)' : 'MongoDB restore';
  return `## ${title}\n\n${markdownTable(['Field', 'Value'], rows)}`;
}
