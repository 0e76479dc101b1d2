/** The prune command: delete what the catalog says has expired, keep the newest, never touch the untracked. */
import type { Catalog, CatalogScope } from '../catalog/catalog.js';
import type { BackupRecord } from '../catalog/record.js';
import { errorMessage, step } from '../errors.js';
import { manifestKey } from '../naming.js';
import { planPrune, type DeleteReason, type KeptRecord } from '../prune-plan.js';
import type { Reporter } from '../report.js';
import type { Tier } from '../retention.js';
import type { IncompleteUpload, ObjectStore } from '../storage/store.js';

/** A claim older than this belongs to a prune that died; another may take it over. */
const CLAIM_TTL_MS = 60 * 60 * 1000;
/** How many untracked keys a report lists. */
const UNTRACKED_LISTED = 20;

export interface PruneRequest {
  prefix: string;
  names: string[];
  tiers: Tier[];
  keepLast: number;
  staleAfterMs: number;
  /** As written, for messages ("24h"). */
  staleAfterText: string;
  dryRun: boolean;
}

export interface PruneDeps {
  catalog: Catalog;
  store: ObjectStore;
  now: () => Date;
  /** Who holds claims: unique per run. */
  claimant: string;
}

export interface PrunedItem {
  record: BackupRecord;
  reason: DeleteReason;
  bytes: number;
  /** The archive was already gone from S3; only the record (and manifest) were removed. */
  objectMissing?: boolean;
}

export interface PruneResult {
  dryRun: boolean;
  deleted: PrunedItem[];
  failed: (PrunedItem & { error: string })[];
  /** Planned, but another prune claimed it first (it deletes it) or it changed meanwhile. */
  skipped: PrunedItem[];
  kept: KeptRecord[];
  untracked: { count: number; bytes: number; keys: string[] };
  abortedUploads: IncompleteUpload[];
}

/** The key prefixes a scope covers: one per name (and tier), or the whole prefix. */
export function scopePrefixes(prefix: string, names: string[], tiers: Tier[]): string[] {
  const base = prefix === '' ? '' : `${prefix}/`;
  if (names.length === 0) return [base];
  return names.flatMap((name) =>
    tiers.length === 0 ? [`${base}${name}/`] : tiers.map((tier) => `${base}${name}/${tier}/`),
  );
}

export async function runPrune(
  request: PruneRequest,
  deps: PruneDeps,
  report: Reporter,
): Promise<PruneResult> {
  const { catalog, store } = deps;
  const now = deps.now();
  const scope: CatalogScope = {
    bucket: store.bucket,
    prefix: request.prefix,
    names: request.names,
    tiers: request.tiers,
  };
  const prefixes = scopePrefixes(request.prefix, request.names, request.tiers);

  const { plan, untracked, staleUploads } = await report.group('Planning the prune', async () => {
    const records = await step('Reading the catalog', () => catalog.findInScope(scope));
    const plan = planPrune(records, { now, keepLast: request.keepLast, staleAfterMs: request.staleAfterMs });
    const tracked = new Set(records.flatMap((r) => [r.storageKey, manifestKey(r.storageKey)]));
    const objects = (
      await step('Listing the bucket', () => Promise.all(prefixes.map((p) => store.list(p))))
    ).flat();
    const untrackedObjects = objects.filter((o) => !tracked.has(o.key));
    const uploads = (
      await step('Listing unfinished uploads', () =>
        Promise.all(prefixes.map((p) => store.listIncompleteUploads(p))),
      )
    ).flat();
    const staleBefore = now.getTime() - request.staleAfterMs;
    const staleUploads = uploads.filter(
      (u) => u.initiated !== undefined && u.initiated.getTime() < staleBefore,
    );
    report.info(
      `${records.length} records in scope (${prefixes.map((p) => p || '(whole bucket)').join(', ')}): ` +
        `${plan.delete.length} to delete, ${plan.keep.length} to keep`,
    );
    return {
      plan,
      untracked: {
        count: untrackedObjects.length,
        bytes: untrackedObjects.reduce((sum, o) => sum + o.size, 0),
        keys: untrackedObjects.slice(0, UNTRACKED_LISTED).map((o) => o.key),
      },
      staleUploads,
    };
  });

  if (untracked.count > 0) {
    report.warning(
      `${untracked.count} object(s) under the prefix are not in the catalog and were left alone ` +
        `(${untracked.bytes} bytes), e.g. ${untracked.keys.slice(0, 3).join(', ')}`,
    );
  }

  const result: PruneResult = {
    dryRun: request.dryRun,
    deleted: [],
    failed: [],
    skipped: [],
    kept: plan.keep,
    untracked,
    abortedUploads: [],
  };

  if (request.dryRun) {
    for (const { record, reason } of plan.delete) {
      result.deleted.push({ record, reason, bytes: record.sizeBytes ?? 0 });
      report.info(`would delete ${record.storageKey} (${reason})`);
    }
    result.abortedUploads = staleUploads;
    for (const upload of staleUploads) report.info(`would abort the unfinished upload of ${upload.key}`);
    return result;
  }

  await report.group('Deleting', async () => {
    for (const { record, reason } of plan.delete) {
      const item: PrunedItem = { record, reason, bytes: record.sizeBytes ?? 0 };
      const staleClaimBefore = new Date(now.getTime() - CLAIM_TTL_MS);
      // A pending record is first marked failed, conditionally: should its backup still be alive, it can
      // then no longer complete into a record whose object this prune is deleting.
      if (record.status === 'pending') {
        const abandoned = await catalog.fail(
          record._id,
          `abandoned: still pending after ${request.staleAfterText}`,
          now,
        );
        if (!abandoned) {
          report.info(`skipped ${record.storageKey}: it is no longer pending`);
          result.skipped.push(item);
          continue;
        }
        record.status = 'failed';
      }
      if (!(await catalog.claim(record._id, record.status, deps.claimant, now, staleClaimBefore))) {
        report.info(`skipped ${record.storageKey}: another prune holds it, or it changed since the plan`);
        result.skipped.push(item);
        continue;
      }
      try {
        await deleteBackup(item, deps, report);
        result.deleted.push(item);
        report.info(`deleted ${record.storageKey} (${reason})`);
      } catch (error) {
        await catalog.release(record._id, deps.claimant).catch(() => undefined);
        result.failed.push({ ...item, error: report.mask(errorMessage(error)) });
        report.warning(
          `Could not delete ${record.storageKey}: ${errorMessage(error)}; the record stays for the next run.`,
        );
      }
    }
    for (const upload of staleUploads) {
      try {
        await store.abortUpload(upload.key, upload.uploadId);
        result.abortedUploads.push(upload);
        report.info(
          `aborted the unfinished upload of ${upload.key} (started ${upload.initiated?.toISOString()})`,
        );
      } catch (error) {
        report.warning(`Could not abort the unfinished upload of ${upload.key}: ${errorMessage(error)}`);
      }
    }
  });
  return result;
}

/** Manifest first (an archive without one is incomplete, never the reverse), then archive, then record. */
async function deleteBackup(item: PrunedItem, deps: PruneDeps, report: Reporter): Promise<void> {
  const { record } = item;
  const head = await deps.store.head(record.storageKey);
  if (head === undefined && record.status === 'completed') {
    item.objectMissing = true;
    report.warning(`${record.storageKey} was already gone from S3; removing its record.`);
  }
  if (head !== undefined) item.bytes = head.size;
  await deps.store.delete(manifestKey(record.storageKey));
  if (head !== undefined) await deps.store.delete(record.storageKey);
  await deps.catalog.remove(record._id, record.status, deps.claimant);
}
