import { describe, expect, it } from 'vitest';
import { backupKey, keyTimestamp, manifestKey, sanitizeName, sanitizePrefix } from '../../src/naming.js';

describe('sanitizeName', () => {
  it.each([
    ['App DB', 'app-db'],
    ['  orders  ', 'orders'],
    ['Prod_Orders.v2', 'prod_orders.v2'],
    ['über/../data', 'ber..data'],
    ['a  b\tc', 'a-b-c'],
  ])('%j → %j', (raw, expected) => {
    expect(sanitizeName(raw)).toBe(expected);
  });

  it.each(['', '   ', '..', '.', '***', '/'])('rejects %j', (raw) => {
    expect(sanitizeName(raw)).toBeUndefined();
  });
});

describe('sanitizePrefix', () => {
  it.each([
    ['mongo-backups', 'mongo-backups'],
    ['/a//b/', 'a/b'],
    ['/', ''],
    ['', ''],
  ])('%j → %j', (raw, expected) => {
    expect(sanitizePrefix(raw)).toBe(expected);
  });

  it.each(['a/../b', './x', 'a\\b', 'a/\u0001'])('rejects %j', (raw) => {
    expect(sanitizePrefix(raw)).toBeUndefined();
  });
});

describe('keys', () => {
  const createdAt = new Date('2026-03-09T04:05:06.789Z');

  it('formats the timestamp compactly in UTC', () => {
    expect(keyTimestamp(createdAt)).toBe('20260309T040506Z');
  });

  it('builds {prefix}/{name}/{tier}/{name}-{ts}-{id}.archive.gz', () => {
    expect(
      backupKey({ prefix: 'mongo-backups', name: 'app', tier: 'daily', createdAt, shortId: 'a1b2c3d4' }),
    ).toBe('mongo-backups/app/daily/app-20260309T040506Z-a1b2c3d4.archive.gz');
  });

  it('leaves out an empty prefix', () => {
    expect(backupKey({ prefix: '', name: 'app', tier: 'weekly', createdAt, shortId: 'x' })).toBe(
      'app/weekly/app-20260309T040506Z-x.archive.gz',
    );
  });

  it('puts the manifest beside the archive', () => {
    expect(manifestKey('p/a.archive.gz')).toBe('p/a.archive.gz.json');
  });
});
