/** Inputs of the restore command → validated, typed settings. No side effects. */
import { DateTime } from 'luxon';
import { SOURCES, type Source } from '../catalog/finder.js';
import { Defaults, Inputs } from '../constants.js';
import { sanitizeName } from '../naming.js';
import { TIERS, type Tier } from '../retention.js';
import { FieldParser, type InputReader } from './fields.js';
import type { ToolsSettings } from '../mongo/tools-release.js';
import {
  parseCatalogSettings,
  parseS3Settings,
  parseToolsSettings,
  type CatalogSettings,
  type S3Settings,
} from './shared.js';

export type BackupSelector =
  | { kind: 'latest' }
  | { kind: 'id'; id: string }
  | { kind: 'key'; storageKey: string }
  | { kind: 'before'; before: Date };

export interface RestoreSettings {
  targetUri: string;
  /** The backups' name; undefined when a backup id or key names the backup alone. */
  name: string | undefined;
  tier: Tier | undefined;
  selector: BackupSelector;
  source: Source;
  catalog: CatalogSettings;
  s3: S3Settings;
  drop: boolean;
  confirm: string | undefined;
  nsFrom: string | undefined;
  nsTo: string | undefined;
  nsInclude: string[];
  nsExclude: string[];
  restoreIndexes: boolean;
  dryRun: boolean;
  mongorestorePath: string | undefined;
  tools: ToolsSettings;
}

/** A namespace pattern as mongorestore takes it (db.collection, * wildcards): no spaces, quotes or slashes. */
const NAMESPACE = /^[^\s$"/\\]+$/;

function parseSelector(fields: FieldParser): BackupSelector | undefined {
  const id = fields.optional(Inputs.BackupId);
  const key = fields.optional(Inputs.StorageKey);
  const before = fields.optional(Inputs.Before);
  const given = [id && Inputs.BackupId, key && Inputs.StorageKey, before && Inputs.Before].filter(Boolean);
  if (given.length > 1) {
    return fields.fail(
      given[1]!,
      `cannot be combined with '${given[0]}': choose one way to select the backup.`,
    );
  }
  if (id !== undefined) {
    if (!/^[0-9a-f]{24}$/i.test(id))
      return fields.fail(Inputs.BackupId, `must be a backup id of 24 hex digits (got "${id}").`);
    return { kind: 'id', id: id.toLowerCase() };
  }
  if (key !== undefined) {
    if (!key.endsWith('.archive.gz'))
      return fields.fail(
        Inputs.StorageKey,
        `must be the key of an archive, ending in .archive.gz (got "${key}").`,
      );
    return { kind: 'key', storageKey: key.replace(/^\/+/, '') };
  }
  if (before !== undefined) {
    const parsed = DateTime.fromISO(before, { zone: 'utc' });
    if (!parsed.isValid)
      return fields.fail(
        Inputs.Before,
        `must be an ISO 8601 date or time like 2026-12-01T06:00:00Z (got "${before}").`,
      );
    return { kind: 'before', before: parsed.toJSDate() };
  }
  return { kind: 'latest' };
}

function namespace(fields: FieldParser, input: string): string | undefined {
  const value = fields.optional(input);
  if (value !== undefined && !NAMESPACE.test(value)) {
    return fields.fail(input, `must be a namespace like shop.* or shop.orders (got "${value}").`);
  }
  return value;
}

export function parseRestoreSettings(
  read: InputReader,
  env: NodeJS.ProcessEnv = process.env,
): RestoreSettings {
  const fields = new FieldParser(read);
  const target = fields.mongoUri(Inputs.TargetUri);
  const selector = parseSelector(fields);
  const rawName = fields.optional(Inputs.Name);
  const name = rawName === undefined ? undefined : sanitizeName(rawName);
  if (rawName !== undefined && name === undefined)
    fields.fail(Inputs.Name, `has nothing usable in it (got "${rawName}").`);
  if (rawName === undefined && (selector?.kind === 'latest' || selector?.kind === 'before')) {
    fields.fail(
      Inputs.Name,
      `is required to pick the ${selector.kind === 'latest' ? 'newest' : 'newest earlier'} backup (or give '${Inputs.BackupId}' or '${Inputs.StorageKey}').`,
    );
  }
  const tierRaw = fields.optional(Inputs.Tier);
  const tier = tierRaw === undefined ? undefined : fields.oneOf(Inputs.Tier, TIERS, 'daily');
  const source = fields.oneOf(Inputs.Source, SOURCES, Defaults.Source);
  const catalog = parseCatalogSettings(fields, target, true);
  const s3 = parseS3Settings(fields, env);
  const drop = fields.boolean(Inputs.Drop, false);
  const confirm = fields.optional(Inputs.Confirm);
  const nsFrom = namespace(fields, Inputs.NsFrom);
  const nsTo = namespace(fields, Inputs.NsTo);
  const fromGiven = fields.raw(Inputs.NsFrom) !== '';
  if (fromGiven !== (fields.raw(Inputs.NsTo) !== '')) {
    fields.fail(
      fromGiven ? Inputs.NsTo : Inputs.NsFrom,
      `is required with '${fromGiven ? Inputs.NsFrom : Inputs.NsTo}'.`,
    );
  }
  const nsInclude = fields.list(Inputs.NsInclude);
  const nsExclude = fields.list(Inputs.NsExclude);
  for (const [input, list] of [
    [Inputs.NsInclude, nsInclude],
    [Inputs.NsExclude, nsExclude],
  ] as const) {
    for (const ns of list)
      if (!NAMESPACE.test(ns))
        fields.fail(input, `must list namespaces like shop.* or shop.orders (got "${ns}").`);
  }
  const restoreIndexes = fields.boolean(Inputs.RestoreIndexes, true);
  const dryRun = fields.boolean(Inputs.DryRun, false);
  const mongorestorePath = fields.optional(Inputs.MongorestorePath);
  const tools = parseToolsSettings(fields);
  fields.finish();
  return {
    targetUri: target!.text,
    name,
    tier,
    selector: selector!,
    source: source!,
    catalog: catalog as CatalogSettings,
    s3: s3 as S3Settings,
    drop: drop!,
    confirm,
    nsFrom,
    nsTo,
    nsInclude,
    nsExclude,
    restoreIndexes: restoreIndexes!,
    dryRun: dryRun!,
    mongorestorePath,
    tools: tools as ToolsSettings,
  };
}
