/** Input and output names, in one place (each action's lists must match its action.yml; a test checks). */

export const Inputs = {
  MongodbUri: 'mongodb-uri',
  Database: 'database',
  Name: 'name',
  Databases: 'databases',
  Parallel: 'parallel',
  S3Bucket: 's3-bucket',
  S3Prefix: 's3-prefix',
  S3Region: 's3-region',
  S3Endpoint: 's3-endpoint',
  S3ForcePathStyle: 's3-force-path-style',
  S3Checksum: 's3-checksum',
  S3PartSize: 's3-part-size',
  Tier: 'tier',
  Retention: 'retention',
  RetentionDaily: 'retention-daily',
  RetentionWeekly: 'retention-weekly',
  RetentionMonthly: 'retention-monthly',
  RetentionManual: 'retention-manual',
  TimeZone: 'time-zone',
  WeeklyDay: 'weekly-day',
  MonthlyDay: 'monthly-day',
  CatalogUri: 'catalog-uri',
  CatalogDatabase: 'catalog-database',
  CatalogCollection: 'catalog-collection',
  Oplog: 'oplog',
  MongodumpPath: 'mongodump-path',
  Prune: 'prune',
  KeepLast: 'keep-last',
  StaleAfter: 'stale-after',
  DryRun: 'dry-run',
  AllowWholeBucket: 'allow-whole-bucket',
  TargetUri: 'target-uri',
  BackupId: 'backup-id',
  StorageKey: 'storage-key',
  Before: 'before',
  Source: 'source',
  Drop: 'drop',
  Confirm: 'confirm',
  NsFrom: 'ns-from',
  NsTo: 'ns-to',
  NsInclude: 'ns-include',
  NsExclude: 'ns-exclude',
  RestoreIndexes: 'restore-indexes',
  MongorestorePath: 'mongorestore-path',
  MaxAge: 'max-age',
  MongodbToolsVersion: 'mongodb-tools-version',
  MongodbToolsUrl: 'mongodb-tools-url',
  MongodbToolsSha256: 'mongodb-tools-sha256',
  MongodbToolsAllowUnverified: 'mongodb-tools-allow-unverified',
} as const;

type InputName = (typeof Inputs)[keyof typeof Inputs];

const S3_INPUTS = [
  Inputs.S3Bucket,
  Inputs.S3Prefix,
  Inputs.S3Region,
  Inputs.S3Endpoint,
  Inputs.S3ForcePathStyle,
  Inputs.S3Checksum,
] as const satisfies readonly InputName[];
const CATALOG_INPUTS = [Inputs.CatalogUri, Inputs.CatalogDatabase, Inputs.CatalogCollection] as const;
const PRUNE_RULE_INPUTS = [Inputs.KeepLast, Inputs.StaleAfter] as const;
const TOOLS_INPUTS = [
  Inputs.MongodbToolsVersion,
  Inputs.MongodbToolsUrl,
  Inputs.MongodbToolsSha256,
  Inputs.MongodbToolsAllowUnverified,
] as const;

export const BACKUP_INPUTS: readonly InputName[] = [
  Inputs.MongodbUri,
  Inputs.Database,
  Inputs.Name,
  Inputs.Databases,
  Inputs.Parallel,
  ...S3_INPUTS,
  Inputs.S3PartSize,
  Inputs.Tier,
  Inputs.Retention,
  Inputs.RetentionDaily,
  Inputs.RetentionWeekly,
  Inputs.RetentionMonthly,
  Inputs.RetentionManual,
  Inputs.TimeZone,
  Inputs.WeeklyDay,
  Inputs.MonthlyDay,
  ...CATALOG_INPUTS,
  Inputs.Oplog,
  Inputs.MongodumpPath,
  ...TOOLS_INPUTS,
  Inputs.Prune,
  ...PRUNE_RULE_INPUTS,
];

export const PRUNE_INPUTS: readonly InputName[] = [
  ...CATALOG_INPUTS,
  ...S3_INPUTS,
  Inputs.Name,
  Inputs.Tier,
  ...PRUNE_RULE_INPUTS,
  Inputs.DryRun,
  Inputs.AllowWholeBucket,
];

export const RESTORE_INPUTS: readonly InputName[] = [
  Inputs.TargetUri,
  Inputs.Name,
  Inputs.Tier,
  Inputs.BackupId,
  Inputs.StorageKey,
  Inputs.Before,
  Inputs.Source,
  ...CATALOG_INPUTS,
  ...S3_INPUTS,
  Inputs.Drop,
  Inputs.Confirm,
  Inputs.NsFrom,
  Inputs.NsTo,
  Inputs.NsInclude,
  Inputs.NsExclude,
  Inputs.RestoreIndexes,
  Inputs.DryRun,
  Inputs.MongorestorePath,
  ...TOOLS_INPUTS,
];

export const CHECK_INPUTS: readonly InputName[] = [
  Inputs.Name,
  Inputs.Databases,
  Inputs.MaxAge,
  Inputs.Tier,
  Inputs.Source,
  ...CATALOG_INPUTS,
  ...S3_INPUTS,
];

export const Outputs = {
  BackupId: 'backup-id',
  StorageKey: 'storage-key',
  SizeBytes: 'size-bytes',
  Sha256: 'sha256',
  CreatedAt: 'created-at',
  ExpireAt: 'expire-at',
  Consistency: 'consistency',
  Tier: 'tier',
  Results: 'results',
  DeletedCount: 'deleted-count',
  DeletedBytes: 'deleted-bytes',
  KeptCount: 'kept-count',
  UntrackedCount: 'untracked-count',
  AbortedUploads: 'aborted-uploads',
  DocumentsRestored: 'documents-restored',
  DocumentsFailed: 'documents-failed',
  DurationMs: 'duration-ms',
  Source: 'source',
  Fresh: 'fresh',
  ToolsVersion: 'tools-version',
  ToolsPath: 'tools-path',
} as const;

type OutputName = (typeof Outputs)[keyof typeof Outputs];

const PRUNE_RESULT_OUTPUTS = [
  Outputs.DeletedCount,
  Outputs.DeletedBytes,
  Outputs.KeptCount,
  Outputs.UntrackedCount,
  Outputs.AbortedUploads,
] as const satisfies readonly OutputName[];

export const BACKUP_OUTPUTS: readonly OutputName[] = [
  Outputs.BackupId,
  Outputs.StorageKey,
  Outputs.SizeBytes,
  Outputs.Sha256,
  Outputs.CreatedAt,
  Outputs.ExpireAt,
  Outputs.Consistency,
  Outputs.Tier,
  Outputs.Results,
  Outputs.ToolsVersion,
  Outputs.ToolsPath,
  ...PRUNE_RESULT_OUTPUTS,
];

export const PRUNE_OUTPUTS: readonly OutputName[] = PRUNE_RESULT_OUTPUTS;

export const RESTORE_OUTPUTS: readonly OutputName[] = [
  Outputs.BackupId,
  Outputs.StorageKey,
  Outputs.CreatedAt,
  Outputs.DocumentsRestored,
  Outputs.DocumentsFailed,
  Outputs.DurationMs,
  Outputs.Source,
  Outputs.ToolsVersion,
  Outputs.ToolsPath,
];

export const CHECK_OUTPUTS: readonly OutputName[] = [Outputs.Fresh, Outputs.Results, Outputs.Source];

export const Defaults = {
  S3Prefix: 'mongo-backups',
  S3Region: 'us-east-1',
  S3PartSize: '64MiB',
  Tier: 'daily',
  CatalogDatabase: 'mongodb_backup',
  CatalogCollection: 'backups',
  Oplog: 'auto',
  Parallel: 1,
  KeepLast: 1,
  StaleAfter: '24h',
  TimeZone: 'UTC',
  WeeklyDay: 'sunday',
  MonthlyDay: 1,
  Source: 'auto',
} as const;

/** All-databases marker for the `database` input. */
export const ALL_DATABASES = '*';
