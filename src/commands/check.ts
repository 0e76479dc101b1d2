/** The check command, a deploy gate: every named database must have a completed backup newer than max-age. */
import type { BackupFinder } from '../catalog/finder.js';
import type { BackupRecord } from '../catalog/record.js';
import { step } from '../errors.js';
import type { Reporter } from '../report.js';
import { formatAge } from '../retention.js';
import type { CheckSettings } from '../settings/check.js';

export interface Freshness {
  name: string;
  /** The newest completed backup, if there is any. */
  newest: BackupRecord | undefined;
  ageMs: number | undefined;
  fresh: boolean;
}

export interface CheckResult {
  fresh: boolean;
  databases: Freshness[];
  source: 'catalog' | 's3';
}

export async function runCheck(
  settings: CheckSettings,
  deps: { finder: BackupFinder; bucket: string; now: () => Date },
  report: Reporter,
): Promise<CheckResult> {
  const now = deps.now().getTime();
  const databases: Freshness[] = [];
  for (const name of settings.names) {
    const [newest] = await step(`Finding the newest backup of ${name}`, () =>
      deps.finder.find({
        bucket: deps.bucket,
        prefix: settings.s3.prefix,
        names: [name],
        tier: settings.tier,
        limit: 1,
      }),
    );
    const ageMs = newest ? now - newest.createdAt.getTime() : undefined;
    const fresh = ageMs !== undefined && ageMs <= settings.maxAgeMs;
    databases.push({ name, newest, ageMs, fresh });
    report.info(
      newest
        ? `${name}: newest completed backup ${formatAge(ageMs!)} old (${newest.createdAt.toISOString()}): ${fresh ? 'fresh' : 'STALE'}`
        : `${name}: no completed backup: STALE`,
    );
  }
  return { fresh: databases.every((d) => d.fresh), databases, source: deps.finder.source };
}

/** The failure message: each stale database with its newest backup's age, or "none". */
export function staleMessage(settings: CheckSettings, result: CheckResult): string {
  const stale = result.databases
    .filter((d) => !d.fresh)
    .map((d) =>
      d.newest
        ? `${d.name}: newest completed backup is ${formatAge(d.ageMs!)} old (${d.newest.createdAt.toISOString()})`
        : `${d.name}: none`,
    );
  return `No fresh backup (max-age ${settings.maxAgeText}${settings.tier ? `, tier ${settings.tier}` : ''}) for ${stale.length} of ${result.databases.length}: ${stale.join('; ')}`;
}
