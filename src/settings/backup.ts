/** Inputs of the backup command → validated, typed settings. No side effects. */
import { ALL_DATABASES, Defaults, Inputs } from '../constants.js';
import { DEFAULT_RETENTION, TIERS, type RetentionDuration, type Tier } from '../retention.js';
import { FieldParser, type InputReader, type MongoUri } from './fields.js';

export const CHECKSUM_MODES = ['when-supported', 'when-required'] as const;
export type ChecksumMode = (typeof CHECKSUM_MODES)[number];
export const OPLOG_MODES = ['auto', 'true', 'false'] as const;
export type OplogMode = (typeof OPLOG_MODES)[number];

// S3 multipart limits: parts of 5 MiB to 5 GiB, at most 10,000 of them.
const MIN_PART_SIZE = 5 * 1024 ** 2;
const MAX_PART_SIZE = 5 * 1024 ** 3;

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
  /** The catalog lives in the deployment being backed up (same URI or a shared host). */
  sharesSourceDeployment: boolean;
}

export interface BackupSettings {
  mongodbUri: string;
  /** The database to dump; undefined dumps the whole deployment. */
  database: string | undefined;
  name: string;
  s3: S3Settings;
  partSize: number;
  tier: Tier;
  retention: RetentionDuration;
  catalog: CatalogSettings;
  oplog: OplogMode;
  mongodumpPath: string | undefined;
}

/** Region: the input, else the AWS SDK's usual environment variables, else us-east-1. */
function defaultRegion(env: NodeJS.ProcessEnv): string {
  return env.AWS_REGION || env.AWS_DEFAULT_REGION || Defaults.S3Region;
}

function databaseFromUri(uri: MongoUri | undefined): string | undefined {
  const path = uri?.parsed.pathname.replace(/^\//, '') ?? '';
  return path === '' ? undefined : decodeURIComponent(path);
}

function hostsOf(uri: MongoUri): string[] {
  return uri.parsed.hosts.map((h) => (h.includes(':') || uri.parsed.isSRV ? h : `${h}:27017`).toLowerCase());
}

function sharesHosts(a: MongoUri, b: MongoUri): boolean {
  const hosts = hostsOf(b);
  return hostsOf(a).some((h) => hosts.includes(h));
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

export function parseBackupSettings(read: InputReader, env: NodeJS.ProcessEnv = process.env): BackupSettings {
  const fields = new FieldParser(read);
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
  const s3 = parseS3Settings(fields, env);
  const partSize = fields.byteSize(Inputs.S3PartSize, Defaults.S3PartSize, MIN_PART_SIZE, MAX_PART_SIZE);
  const tier = fields.oneOf(Inputs.Tier, TIERS, Defaults.Tier);
  const retention = fields.duration(Inputs.Retention, DEFAULT_RETENTION[tier ?? Defaults.Tier]);
  const catalogUri = fields.raw(Inputs.CatalogUri) === '' ? uri : fields.mongoUri(Inputs.CatalogUri);
  const catalogDatabase = fields.mongoIdentifier(
    Inputs.CatalogDatabase,
    Defaults.CatalogDatabase,
    'database',
  );
  const catalogCollection = fields.mongoIdentifier(
    Inputs.CatalogCollection,
    Defaults.CatalogCollection,
    'collection',
  );
  const oplog = fields.oneOf(Inputs.Oplog, OPLOG_MODES, Defaults.Oplog);
  if (oplog === 'true' && database !== undefined) {
    fields.fail(
      Inputs.Oplog,
      `is true, but --oplog needs a dump of the whole deployment and this dumps only database "${database}" (set '${Inputs.Database}: ${ALL_DATABASES}' or 'oplog: auto').`,
    );
  }
  const mongodumpPath = fields.optional(Inputs.MongodumpPath);
  fields.finish();

  // finish() threw if any parser recorded an error, so every value below is defined.
  return {
    mongodbUri: uri!.text,
    database,
    name: name!,
    s3: s3 as S3Settings,
    partSize: partSize!,
    tier: tier!,
    retention: retention!,
    catalog: {
      uri: catalogUri!.text,
      database: catalogDatabase!,
      collection: catalogCollection!,
      sharesSourceDeployment: sharesHosts(uri!, catalogUri!),
    },
    oplog: oplog!,
    mongodumpPath,
  };
}
