import { describe, expect, it } from 'vitest';
import { InputErrors } from '../../src/errors.js';
import { parseBackupSettings, sharesDeployment } from '../../src/settings/backup.js';
import { reader, VALID_BACKUP_INPUTS } from '../support/inputs.js';

function parse(overrides: Record<string, string>, env: NodeJS.ProcessEnv = {}) {
  return parseBackupSettings(reader({ ...VALID_BACKUP_INPUTS, ...overrides }), env);
}

function errorsOf(overrides: Record<string, string>): string[] {
  try {
    parse(overrides);
  } catch (error) {
    if (error instanceof InputErrors) return error.errors.map((e) => e.message);
    throw error;
  }
  throw new Error('expected the inputs to be rejected');
}

describe('backup settings: defaults', () => {
  it('fills every default from the minimal inputs', () => {
    const settings = parse({});
    expect(settings).toMatchObject({
      targets: [{ name: 'app', database: 'app', uri: VALID_BACKUP_INPUTS['mongodb-uri'] }],
      fromList: false,
      parallel: 1,
      partSize: 64 * 1024 ** 2,
      tier: 'daily',
      rotation: { timeZone: 'UTC', weeklyDay: 'sunday', monthlyDay: 1 },
      retention: {
        daily: { text: '7d', amount: 7, unit: 'd' },
        weekly: { text: '5w' },
        monthly: { text: '12mo' },
        manual: { text: '30d' },
      },
      prune: undefined,
      oplog: 'auto',
      mongodumpPath: undefined,
      s3: {
        bucket: 'backups',
        prefix: 'mongo-backups',
        region: 'us-east-1',
        endpoint: undefined,
        forcePathStyle: false,
        checksum: 'when-supported',
      },
      catalog: { database: 'mongodb_backup', collection: 'backups' },
    });
    expect(settings.catalog.uri).toBe(VALID_BACKUP_INPUTS['mongodb-uri']);
  });

  it('takes the region from AWS_REGION, then AWS_DEFAULT_REGION', () => {
    expect(parse({}, { AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'x' }).s3.region).toBe('eu-west-1');
    expect(parse({}, { AWS_DEFAULT_REGION: 'ap-south-1' }).s3.region).toBe('ap-south-1');
    expect(parse({ 's3-region': 'us-west-2' }, { AWS_REGION: 'eu-west-1' }).s3.region).toBe('us-west-2');
  });

  it('lets retention override the chosen tier only', () => {
    const settings = parse({ tier: 'weekly', retention: '9w' });
    expect(settings.retention.weekly.text).toBe('9w');
    expect(settings.retention.daily.text).toBe('7d');
  });

  it('takes per-tier retentions', () => {
    const settings = parse({ tier: 'auto', 'retention-daily': '10d', 'retention-monthly': '2y' });
    expect(settings.retention).toMatchObject({
      daily: { text: '10d' },
      weekly: { text: '5w' },
      monthly: { text: '2y' },
    });
  });
});

describe('backup settings: valid values', () => {
  it('accepts every input', () => {
    const settings = parse({
      database: 'orders',
      name: 'Orders Prod',
      's3-prefix': '/team/backups/',
      's3-endpoint': 'http://127.0.0.1:9000',
      's3-force-path-style': 'true',
      's3-checksum': 'WHEN-REQUIRED',
      's3-part-size': '16MiB',
      tier: 'monthly',
      retention: '2y',
      'catalog-uri': 'mongodb://catalog.example.com/',
      'catalog-database': 'ops',
      'catalog-collection': 'backup.records',
      oplog: 'false',
      'mongodump-path': '/opt/tools/mongodump',
    });
    expect(settings).toMatchObject({
      targets: [{ database: 'orders', name: 'orders-prod' }],
      partSize: 16 * 1024 ** 2,
      tier: 'monthly',
      retention: { monthly: { text: '2y' } },
      oplog: 'false',
      mongodumpPath: '/opt/tools/mongodump',
      s3: {
        prefix: 'team/backups',
        endpoint: 'http://127.0.0.1:9000',
        forcePathStyle: true,
        checksum: 'when-required',
      },
      catalog: { uri: 'mongodb://catalog.example.com/', database: 'ops', collection: 'backup.records' },
    });
  });

  it("dumps the whole deployment with database '*'", () => {
    const settings = parse({ database: '*', name: 'cluster' });
    expect(settings.targets).toEqual([
      { name: 'cluster', database: undefined, uri: VALID_BACKUP_INPUTS['mongodb-uri'] },
    ]);
  });

  it('allows no prefix with "/"', () => {
    expect(parse({ 's3-prefix': '/' }).s3.prefix).toBe('');
  });

  it('sees a catalog on a shared host as the same deployment', () => {
    expect(
      sharesDeployment('mongodb://a.example.com,b.example.com:27018/app', 'mongodb://B.example.com:27018/'),
    ).toBe(true);
    expect(sharesDeployment('mongodb://a.example.com/app', 'mongodb://a.example.com:27017/')).toBe(true);
    expect(sharesDeployment('mongodb://a.example.com/app', 'mongodb://c.example.com/')).toBe(false);
  });

  it('reads the prune options when prune is true', () => {
    expect(parse({ prune: 'true', 'keep-last': '3', 'stale-after': '2d' }).prune).toEqual({
      keepLast: 3,
      staleAfterMs: 2 * 24 * 3600 * 1000,
      staleAfterText: '2d',
    });
  });

  it('reads the rotation rules', () => {
    expect(
      parse({ tier: 'auto', 'time-zone': 'Europe/Berlin', 'weekly-day': 'Friday', 'monthly-day': '15' })
        .rotation,
    ).toEqual({
      timeZone: 'Europe/Berlin',
      weeklyDay: 'friday',
      monthlyDay: 15,
    });
  });

  it.each([
    ['5MiB', 5 * 1024 ** 2],
    ['8m', 8 * 1024 ** 2],
    ['1GiB', 1024 ** 3],
    ['10485760', 10 * 1024 ** 2],
  ])('reads part size %s', (value, bytes) => {
    expect(parse({ 's3-part-size': value }).partSize).toBe(bytes);
  });
});

describe('backup settings: invalid values name the input and the value', () => {
  it.each([
    ['mongodb-uri', { 'mongodb-uri': '' }, 'is required'],
    ['mongodb-uri', { 'mongodb-uri': 'postgres://x' }, 'must be a MongoDB connection string'],
    [
      'mongodb-uri',
      { 'mongodb-uri': 'mongodb://a:b@c:d@host/db' },
      'is not a valid MongoDB connection string',
    ],
    ['s3-bucket', { 's3-bucket': '' }, 'is required'],
    ['database', { database: 'a/b' }, '"a/b"'],
    ['name', { 'mongodb-uri': 'mongodb://h/', name: '' }, 'is required'],
    ['name', { name: '..' }, '".."'],
    ['name', { name: '***' }, '"***"'],
    ['s3-prefix', { 's3-prefix': 'a/../b' }, '"a/../b"'],
    ['s3-endpoint', { 's3-endpoint': 'ftp://x' }, '"ftp://x"'],
    ['s3-force-path-style', { 's3-force-path-style': 'yes' }, '"yes"'],
    ['s3-checksum', { 's3-checksum': 'always' }, '"always"'],
    ['s3-part-size', { 's3-part-size': '1MiB' }, '"1MiB"'],
    ['s3-part-size', { 's3-part-size': 'lots' }, '"lots"'],
    ['tier', { tier: 'hourly' }, '"hourly"'],
    ['retention', { retention: '0d' }, '"0d"'],
    ['retention', { retention: '7x' }, '"7x"'],
    ['retention', { retention: '5m' }, 'ambiguous'],
    ['catalog-uri', { 'catalog-uri': 'http://x' }, 'must be a MongoDB connection string'],
    ['catalog-database', { 'catalog-database': 'a.b' }, '"a.b"'],
    ['catalog-collection', { 'catalog-collection': 'system.x' }, '"system.x"'],
    ['oplog', { oplog: 'maybe' }, '"maybe"'],
    ['oplog', { oplog: 'true' }, '--oplog needs a dump of the whole deployment'],
    ['tier', { tier: 'yearly' }, '"yearly"'],
    ['retention', { tier: 'auto', retention: '7d' }, "cannot be used with 'tier: auto'"],
    ['retention-weekly', { 'retention-weekly': '0w' }, '"0w"'],
    ['time-zone', { 'time-zone': 'Mars/Olympus' }, '"Mars/Olympus"'],
    ['weekly-day', { 'weekly-day': 'funday' }, '"funday"'],
    ['monthly-day', { 'monthly-day': '31' }, '"31"'],
    ['parallel', { parallel: '0' }, '"0"'],
    ['keep-last', { 'keep-last': '0' }, '"0"'],
    ['stale-after', { 'stale-after': '2mo' }, '"2mo"'],
    ['prune', { prune: 'yes' }, '"yes"'],
  ])('%s: %j', (input, overrides, detail) => {
    const messages = errorsOf(overrides);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(`Input '${input}'`);
    expect(messages[0]).toContain(detail);
  });

  it('reports every bad input at once', () => {
    expect(errorsOf({ tier: 'x', oplog: 'y', 's3-bucket': '' })).toHaveLength(3);
  });

  it('never echoes a connection string', () => {
    const uri = 'mongodb://user:hunter2@/db';
    const messages = errorsOf({ 'mongodb-uri': uri });
    expect(messages.join('\n')).not.toContain('hunter2');
  });
});
