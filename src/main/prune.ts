/** The prune action's run(), and the prune's outputs and summary (the backup action's `prune: true` uses them too). */
import { randomUUID } from 'node:crypto';
import { MongoCatalog } from '../catalog/mongo.js';
import type { BackupRecord } from '../catalog/record.js';
import { runPrune, type PruneResult } from '../commands/prune.js';
import { Inputs, Outputs } from '../constants.js';
import { step } from '../errors.js';
import type { Host } from '../hosts/host.js';
import { formatBytes, markdownTable, Reporter } from '../report.js';
import { uriSecrets } from '../secrets.js';
import { parsePruneSettings } from '../settings/prune.js';
import { createS3Client, S3ObjectStore } from '../storage/s3.js';

/** A unique holder for catalog claims: the run, when there is one, plus randomness. */
export function claimantId(env: NodeJS.ProcessEnv): string {
  const run = env.GITHUB_RUN_ID
    ? `${env.GITHUB_REPOSITORY ?? ''}#${env.GITHUB_RUN_ID}.${env.GITHUB_RUN_ATTEMPT ?? '1'}:`
    : '';
  return `${run}${randomUUID()}`;
}

export async function run(host: Host, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const report = new Reporter(host);
  report.addSecrets(uriSecrets(host.input(Inputs.CatalogUri).trim()));
  try {
    const settings = parsePruneSettings((name) => host.input(name), env);
    const catalog = new MongoCatalog(settings.catalog);
    const s3 = createS3Client(settings.s3);
    try {
      const store = new S3ObjectStore(s3, settings.s3);
      await report.group('Checking the catalog and the bucket', async () => {
        await step('Opening the catalog', () => catalog.open());
        await step('Checking the S3 bucket', () => store.checkAccess());
      });
      const result = await runPrune(
        {
          prefix: settings.s3.prefix,
          names: settings.names,
          tiers: settings.tiers,
          keepLast: settings.rules.keepLast,
          staleAfterMs: settings.rules.staleAfterMs,
          staleAfterText: settings.rules.staleAfterText,
          dryRun: settings.dryRun,
        },
        { catalog, store, now: () => new Date(), claimant: claimantId(env) },
        report,
      );
      writePruneOutputs(result, report);
      await report.summary(pruneSummary(result));
      failOnPruneErrors(result);
    } finally {
      await catalog.close().catch(() => undefined);
      s3.destroy();
    }
  } catch (error) {
    report.fail(error);
  }
}

export function writePruneOutputs(result: PruneResult, report: Reporter): void {
  report.output(Outputs.DeletedCount, result.deleted.length);
  report.output(
    Outputs.DeletedBytes,
    result.deleted.reduce((sum, d) => sum + d.bytes, 0),
  );
  report.output(Outputs.KeptCount, result.kept.length);
  report.output(Outputs.UntrackedCount, result.untracked.count);
  report.output(Outputs.AbortedUploads, result.abortedUploads.length);
}

/** Deletions that failed keep their records for the next run, and fail the step, naming each. */
export function failOnPruneErrors(result: PruneResult): void {
  if (result.failed.length === 0) return;
  const list = result.failed.map((f) => `${f.record.storageKey}: ${f.error}`).join('; ');
  throw new Error(`Pruning failed for ${result.failed.length} backup(s), kept for the next run: ${list}`);
}

export function pruneSummary(result: PruneResult): string {
  const verb = result.dryRun ? 'Would delete' : 'Deleted';
  const deletedBytes = result.deleted.reduce((sum, d) => sum + d.bytes, 0);
  const lines = [
    `## MongoDB backup prune${result.dryRun ? ' (dry run: nothing was changed)' : ''}`,
    '',
    `${verb} **${result.deleted.length}** backup(s), ${formatBytes(deletedBytes)}; kept **${result.kept.length}**; ` +
      `untracked objects left alone: **${result.untracked.count}** (${formatBytes(result.untracked.bytes)}); ` +
      `unfinished uploads ${result.dryRun ? 'to abort' : 'aborted'}: **${result.abortedUploads.length}**.`,
    '',
  ];
  const row = (action: string, record: BackupRecord, bytes: number, why: string) => [
    action,
    record.dbName,
    record.backupType,
    record.status,
    record.createdAt.toISOString(),
    record.expireAt.toISOString(),
    formatBytes(bytes),
    why,
    record.storageKey,
  ];
  const rows = [
    ...result.deleted.map((d) =>
      row(
        result.dryRun ? 'would delete' : 'deleted',
        d.record,
        d.bytes,
        d.reason + (d.objectMissing ? ' (object was already gone)' : ''),
      ),
    ),
    ...result.failed.map((d) => row('FAILED', d.record, d.bytes, d.error)),
    ...result.skipped.map((d) => row('skipped', d.record, d.bytes, 'claimed by another prune')),
    // Only the floor's keeps are worth a row each: they are the expired backups kept on purpose.
    ...result.kept
      .filter((k) => k.reason === 'newest (keep-last)')
      .map((k) => row('kept', k.record, k.record.sizeBytes ?? 0, k.reason)),
  ];
  if (rows.length > 0) {
    lines.push(
      markdownTable(['Action', 'Name', 'Tier', 'Status', 'Created', 'Expires', 'Size', 'Why', 'Key'], rows),
    );
  }
  const otherKept = result.kept.filter((k) => k.reason !== 'newest (keep-last)').length;
  if (otherKept > 0)
    lines.push('', `${otherKept} other backup(s) kept: not expired yet, or pending/failed and recent.`);
  if (result.untracked.count > 0) {
    lines.push(
      '',
      `Untracked objects (not in the catalog, never deleted): ${result.untracked.keys.map((k) => `\`${k}\``).join(', ')}${result.untracked.count > result.untracked.keys.length ? ', …' : ''}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
