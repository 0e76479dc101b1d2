/** Input and output names, in one place (they must match action.yml; a test checks). */

export const Inputs = {
  MongodbUri: 'mongodb-uri',
  Database: 'database',
  Name: 'name',
  S3Bucket: 's3-bucket',
  S3Prefix: 's3-prefix',
  S3Region: 's3-region',
  S3Endpoint: 's3-endpoint',
  S3ForcePathStyle: 's3-force-path-style',
  S3Checksum: 's3-checksum',
  S3PartSize: 's3-part-size',
  Tier: 'tier',
  Retention: 'retention',
  CatalogUri: 'catalog-uri',
  CatalogDatabase: 'catalog-database',
  CatalogCollection: 'catalog-collection',
  Oplog: 'oplog',
  MongodumpPath: 'mongodump-path',
} as const;

export const Outputs = {
  BackupId: 'backup-id',
  StorageKey: 'storage-key',
  SizeBytes: 'size-bytes',
  Sha256: 'sha256',
  CreatedAt: 'created-at',
  ExpireAt: 'expire-at',
  Consistency: 'consistency',
} as const;

export const Defaults = {
  S3Prefix: 'mongo-backups',
  S3Region: 'us-east-1',
  S3PartSize: '64MiB',
  Tier: 'daily',
  CatalogDatabase: 'mongodb_backup',
  CatalogCollection: 'backups',
  Oplog: 'auto',
} as const;

/** All-databases marker for the `database` input. */
export const ALL_DATABASES = '*';
