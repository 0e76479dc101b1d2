/** Settings groups that several commands share: S3, the catalog, prune rules, the tier rotation. */
import { Defaults, Inputs } from '../constants.js';
import { DEFAULT_ROTATION, fixedDurationMs, isTimeZone, WEEKDAYS, type RotationRules } from '../retention.js';
import { DEFAULT_TOOLS_VERSION, OFFICIAL_DOWNLOADS, type ToolsSettings } from '../mongo/tools-release.js';
import type { FieldParser, MongoUri } from './fields.js';

export const CHECKSUM_MODES = ['when-supported', 'when-required'] as const;
export type ChecksumMode = (typeof CHECKSUM_MODES)[number];

export interface S3Settings {
  bucket: string;
  prefix: string;
  region: string;
  endpoint: string | undefined;
  forcePathStyle: boolean;
  checksum: ChecksumMode;
}

export interface CatalogSettings {
  uri: string;
  database: string;
  collection: string;
}

export interface PruneRuleSettings {
  keepLast: number;
  staleAfterMs: number;
  staleAfterText: string;
}

/** Region: the input, else the AWS SDK's usual environment variables, else us-east-1. */
function defaultRegion(env: NodeJS.ProcessEnv): string {
  return env.AWS_REGION || env.AWS_DEFAULT_REGION || Defaults.S3Region;
}

export function parseS3Settings(fields: FieldParser, env: NodeJS.ProcessEnv): Partial<S3Settings> {
  return {
    bucket: fields.required(Inputs.S3Bucket),
    prefix: fields.prefix(Inputs.S3Prefix, Defaults.S3Prefix),
    region: fields.optional(Inputs.S3Region) ?? defaultRegion(env),
    endpoint: fields.url(Inputs.S3Endpoint),
    forcePathStyle: fields.boolean(Inputs.S3ForcePathStyle, false),
    checksum: fields.oneOf(Inputs.S3Checksum, CHECKSUM_MODES, 'when-supported'),
  };
}

/** The catalog; its URI defaults to `fallbackUri` (the source) where a command has one. */
export function parseCatalogSettings(
  fields: FieldParser,
  fallbackUri: MongoUri | undefined,
  fallbackAvailable: boolean,
): Partial<CatalogSettings> {
  let uri: MongoUri | undefined;
  if (fields.raw(Inputs.CatalogUri) !== '') uri = fields.mongoUri(Inputs.CatalogUri);
  else if (fallbackAvailable) uri = fallbackUri;
  else fields.fail(Inputs.CatalogUri, 'is required here: there is no source URI to default to.');
  return {
    uri: uri?.text,
    database: fields.mongoIdentifier(Inputs.CatalogDatabase, Defaults.CatalogDatabase, 'database'),
    collection: fields.mongoIdentifier(Inputs.CatalogCollection, Defaults.CatalogCollection, 'collection'),
  };
}

export function parsePruneRules(fields: FieldParser): Partial<PruneRuleSettings> {
  const keepLast = fields.integer(Inputs.KeepLast, Defaults.KeepLast, 1, 1000);
  const stale = fields.duration(Inputs.StaleAfter, Defaults.StaleAfter);
  const staleAfterMs = stale === undefined ? undefined : fixedDurationMs(stale);
  if (stale !== undefined && staleAfterMs === undefined) {
    fields.fail(Inputs.StaleAfter, `must be in minutes, hours, days or weeks (got "${stale.text}").`);
  }
  return { keepLast, staleAfterMs, staleAfterText: stale?.text };
}

export function parseToolsSettings(fields: FieldParser): Partial<ToolsSettings> {
  const raw = fields.raw(Inputs.MongodbToolsVersion) || DEFAULT_TOOLS_VERSION;
  const version = raw.toLowerCase() === 'system' ? 'system' : raw;
  if (version !== 'system' && !/^100\.\d+\.\d+$/.test(version)) {
    fields.fail(
      Inputs.MongodbToolsVersion,
      `must be a Database Tools release like ${DEFAULT_TOOLS_VERSION}, or system (got "${raw}").`,
    );
  }
  const url = (fields.url(Inputs.MongodbToolsUrl) ?? OFFICIAL_DOWNLOADS).replace(/\/+$/, '');
  const sha256 = fields.optional(Inputs.MongodbToolsSha256)?.toLowerCase();
  if (sha256 !== undefined && !/^[0-9a-f]{64}$/.test(sha256)) {
    fields.fail(Inputs.MongodbToolsSha256, `must be a SHA-256 of 64 hex digits (got "${sha256}").`);
  }
  return {
    version,
    downloadUrl: url,
    sha256,
    allowUnverified: fields.boolean(Inputs.MongodbToolsAllowUnverified, false),
  };
}

export function parseRotation(fields: FieldParser): Partial<RotationRules> {
  const timeZone = fields.raw(Inputs.TimeZone) || Defaults.TimeZone;
  if (!isTimeZone(timeZone))
    fields.fail(Inputs.TimeZone, `is not an IANA time zone like Europe/Berlin (got "${timeZone}").`);
  return {
    timeZone: isTimeZone(timeZone) ? timeZone : undefined,
    weeklyDay: fields.oneOf(Inputs.WeeklyDay, WEEKDAYS, DEFAULT_ROTATION.weeklyDay),
    monthlyDay: fields.integer(Inputs.MonthlyDay, DEFAULT_ROTATION.monthlyDay, 1, 28),
  };
}
