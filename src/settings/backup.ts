/** Inputs of the backup command → validated, typed settings. No side effects. */
import { ConnectionString } from 'mongodb-connection-string-url';
import { ALL_DATABASES, Defaults, Inputs } from '../constants.js';
import {
  DEFAULT_RETENTION,
  TIER_CHOICES,
  TIERS,
  type RetentionDuration,
  type RotationRules,
  type Tier,
  type TierChoice,
} from '../retention.js';
import type { ToolsSettings } from '../mongo/tools-release.js';
import { parseDatabases } from './databases.js';
import { FieldParser, isMongoIdentifier, type InputReader, type MongoUri } from './fields.js';
import {
  parseCatalogSettings,
  parsePruneRules,
  parseRotation,
  parseS3Settings,
  parseToolsSettings,
  type CatalogSettings,
  type PruneRuleSettings,
  type S3Settings,
} from './shared.js';

export { CHECKSUM_MODES, type CatalogSettings, type ChecksumMode, type S3Settings } from './shared.js';

export const OPLOG_MODES = ['auto', 'true', 'false'] as const;
export type OplogMode = (typeof OPLOG_MODES)[number];

// S3 multipart limits: parts of 5 MiB to 5 GiB, at most 10,000 of them.
const MIN_PART_SIZE = 5 * 1024 ** 2;
const MAX_PART_SIZE = 5 * 1024 ** 3;
const MAX_PARALLEL = 16;

/** One database (or whole deployment) to back up. */
export interface BackupTarget {
  name: string;
  uri: string;
  /** The database to dump; undefined dumps the whole deployment. */
  database: string | undefined;
}

export interface BackupSettings {
  targets: BackupTarget[];
  /** Several databases from the `databases` list: per-database outputs. */
  fromList: boolean;
  parallel: number;
  s3: S3Settings;
  partSize: number;
  tier: TierChoice;
  rotation: RotationRules;
  /** Retention of each tier, with the inputs' overrides applied. */
  retention: Record<Tier, RetentionDuration>;
  catalog: CatalogSettings;
  oplog: OplogMode;
  mongodumpPath: string | undefined;
  tools: ToolsSettings;
  /** Prune after the backups when `prune: true`. */
  prune: PruneRuleSettings | undefined;
}

function databaseFromUri(uri: MongoUri | undefined): string | undefined {
  const path = uri?.parsed.pathname.replace(/^\//, '') ?? '';
  return path === '' ? undefined : decodeURIComponent(path);
}

function hostsOf(uri: string): string[] {
  const parsed = new ConnectionString(uri);
  return parsed.hosts.map((h) => (h.includes(':') || parsed.isSRV ? h : `${h}:27017`).toLowerCase());
}

/** The catalog lives in the deployment `uri` points at (same URI or a shared host). */
export function sharesDeployment(uri: string, catalogUri: string): boolean {
  const hosts = hostsOf(catalogUri);
  return uri === catalogUri || hostsOf(uri).some((h) => hosts.includes(h));
}

const RETENTION_INPUTS: Record<Tier, string> = {
  daily: Inputs.RetentionDaily,
  weekly: Inputs.RetentionWeekly,
  monthly: Inputs.RetentionMonthly,
  manual: Inputs.RetentionManual,
};

function parseRetention(
  fields: FieldParser,
  tier: TierChoice | undefined,
): Partial<Record<Tier, RetentionDuration>> {
  const retention: Partial<Record<Tier, RetentionDuration>> = {};
  for (const t of TIERS) retention[t] = fields.duration(RETENTION_INPUTS[t], DEFAULT_RETENTION[t]);
  if (fields.raw(Inputs.Retention) !== '') {
    if (tier === 'auto') {
      fields.fail(
        Inputs.Retention,
        `cannot be used with 'tier: auto', which picks a tier per run: set ${TIERS.filter(
          (t) => t !== 'manual',
        )
          .map((t) => `'${RETENTION_INPUTS[t]}'`)
          .join(', ')} instead.`,
      );
    } else if (tier !== undefined) {
      retention[tier] = fields.duration(Inputs.Retention, '');
    }
  }
  return retention;
}

/** The single database of `mongodb-uri` (+ `database`, `name`). */
function parseSingleTarget(fields: FieldParser): BackupTarget | undefined {
  const uri = fields.mongoUri(Inputs.MongodbUri);
  const databaseInput = fields.raw(Inputs.Database);
  let database: string | undefined;
  if (databaseInput === ALL_DATABASES) database = undefined;
  else if (databaseInput !== '')
    database = fields.mongoIdentifier(Inputs.Database, databaseInput, 'database');
  else database = databaseFromUri(uri);

  // Without a valid URI or database there is no default name to complain about: those errors suffice.
  const nameDefaultKnown =
    uri !== undefined && (database !== undefined || databaseInput === '' || databaseInput === ALL_DATABASES);
  const name =
    fields.raw(Inputs.Name) === '' && !nameDefaultKnown ? undefined : fields.name(Inputs.Name, database);
  if (uri === undefined || name === undefined) return undefined;
  return { name, uri: uri.text, database };
}

export function parseBackupSettings(read: InputReader, env: NodeJS.ProcessEnv = process.env): BackupSettings {
  const fields = new FieldParser(read);
  const list = parseDatabases(fields, env);
  let targets: BackupTarget[] | undefined;
  let sourceUri: MongoUri | undefined;
  if (fields.raw(Inputs.Databases) !== '') {
    for (const single of [Inputs.MongodbUri, Inputs.Database, Inputs.Name]) {
      if (fields.raw(single) !== '')
        fields.fail(single, `cannot be combined with '${Inputs.Databases}': give each database in the list.`);
    }
    targets = list?.map((entry) => {
      const database = entry.database ?? databaseFromUri(entry.uri);
      if (database !== undefined && !isMongoIdentifier(database, 'database')) {
        fields.fail(
          Inputs.Databases,
          `entry "${entry.name}": "${database}" is not a valid MongoDB database name.`,
        );
      }
      return { name: entry.name, uri: entry.uri.text, database };
    });
  } else {
    const single = parseSingleTarget(fields);
    targets = single ? [single] : undefined;
    sourceUri = single ? { text: single.uri, parsed: new ConnectionString(single.uri) } : undefined;
  }

  const parallel = fields.integer(Inputs.Parallel, Defaults.Parallel, 1, MAX_PARALLEL);
  const s3 = parseS3Settings(fields, env);
  const partSize = fields.byteSize(Inputs.S3PartSize, Defaults.S3PartSize, MIN_PART_SIZE, MAX_PART_SIZE);
  const tier = fields.oneOf(Inputs.Tier, TIER_CHOICES, Defaults.Tier);
  const rotation = parseRotation(fields);
  const retention = parseRetention(fields, tier);
  // With a list there is no one source to default the catalog to: it must be named.
  const catalog = parseCatalogSettings(fields, sourceUri, fields.raw(Inputs.Databases) === '');
  const oplog = fields.oneOf(Inputs.Oplog, OPLOG_MODES, Defaults.Oplog);
  const singleDatabase = targets?.find((t) => t.database !== undefined)?.database;
  if (oplog === 'true' && singleDatabase !== undefined) {
    fields.fail(
      Inputs.Oplog,
      `is true, but --oplog needs a dump of the whole deployment and this dumps only database "${singleDatabase}" (set '${Inputs.Database}: ${ALL_DATABASES}' or 'oplog: auto').`,
    );
  }
  const mongodumpPath = fields.optional(Inputs.MongodumpPath);
  const tools = parseToolsSettings(fields);
  const prune = fields.boolean(Inputs.Prune, false);
  const pruneRules = parsePruneRules(fields);
  fields.finish();

  // finish() threw if any parser recorded an error, so every value below is defined.
  return {
    targets: targets!,
    fromList: fields.raw(Inputs.Databases) !== '',
    parallel: parallel!,
    s3: s3 as S3Settings,
    partSize: partSize!,
    tier: tier!,
    rotation: rotation as RotationRules,
    retention: retention as Record<Tier, RetentionDuration>,
    catalog: catalog as CatalogSettings,
    oplog: oplog!,
    mongodumpPath,
    tools: tools as ToolsSettings,
    prune: prune ? (pruneRules as PruneRuleSettings) : undefined,
  };
}
