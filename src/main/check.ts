/** The check action's run(): is every database's newest completed backup younger than max-age? */
import { ManifestFinder, openFinder } from '../catalog/finder.js';
import { MongoCatalog } from '../catalog/mongo.js';
import { runCheck, staleMessage, type CheckResult } from '../commands/check.js';
import { Inputs, Outputs } from '../constants.js';
import { step } from '../errors.js';
import type { Host } from '../hosts/host.js';
import { markdownTable, Reporter } from '../report.js';
import { formatAge } from '../retention.js';
import { uriSecrets } from '../secrets.js';
import { parseCheckSettings, type CheckSettings } from '../settings/check.js';
import { createS3Client, S3ObjectStore } from '../storage/s3.js';

export async function run(host: Host, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const report = new Reporter(host);
  report.addSecrets(uriSecrets(host.input(Inputs.CatalogUri).trim()));
  try {
    const settings = parseCheckSettings((name) => host.input(name), env);
    const catalog = settings.catalog ? new MongoCatalog(settings.catalog) : undefined;
    const s3 = createS3Client(settings.s3);
    try {
      const store = new S3ObjectStore(s3, settings.s3);
      const finder = catalog
        ? await openFinder(settings.source, catalog, store, report)
        : new ManifestFinder(store, report);
      if (finder.source === 's3') await step('Checking the S3 bucket', () => store.checkAccess());
      const result = await runCheck(
        settings,
        { finder, bucket: store.bucket, now: () => new Date() },
        report,
      );
      report.output(Outputs.Fresh, String(result.fresh));
      report.output(Outputs.Source, result.source);
      report.output(
        Outputs.Results,
        JSON.stringify(
          Object.fromEntries(
            result.databases.map((d) => [
              d.name,
              {
                fresh: d.fresh,
                backupId: d.newest?._id.toHexString() ?? null,
                storageKey: d.newest?.storageKey ?? null,
                createdAt: d.newest?.createdAt.toISOString() ?? null,
                ageSeconds: d.ageMs === undefined ? null : Math.floor(d.ageMs / 1000),
              },
            ]),
          ),
        ),
      );
      await report.summary(checkSummary(settings, result));
      if (!result.fresh) throw new Error(staleMessage(settings, result));
    } finally {
      await catalog?.close().catch(() => undefined);
      s3.destroy();
    }
  } catch (error) {
    report.fail(error);
  }
}

export function checkSummary(settings: CheckSettings, result: CheckResult): string {
  const rows = result.databases.map((d) => [
    d.name,
    d.fresh ? 'fresh' : '**stale**',
    d.newest ? formatAge(d.ageMs!) : 'none',
    d.newest?.createdAt.toISOString() ?? '',
    d.newest ? `\`${d.newest.storageKey}\`` : '',
  ]);
  return (
    `## Backup freshness: ${result.fresh ? 'fresh' : 'STALE'} (max-age ${settings.maxAgeText})\n\n` +
    markdownTable(['Name', 'Status', 'Age', 'Newest backup', 'Key'], rows)
  );
}
