import { describe, expect, it } from 'vitest';
import { InputErrors } from '../../src/errors.js';
import { parseCheckSettings } from '../../src/settings/check.js';
import { parseRestoreSettings } from '../../src/settings/restore.js';
import { reader } from '../support/inputs.js';

function errorsOf(parse: () => unknown): string {
  try {
    parse();
  } catch (error) {
    if (error instanceof InputErrors) return error.message;
    throw error;
  }
  throw new Error('expected the inputs to be rejected');
}

const RESTORE = { 'target-uri': 'mongodb://u:pw@db.example.com/', 's3-bucket': 'b', name: 'app' };
const restore = (inputs: Record<string, string>) =>
  parseRestoreSettings(reader({ ...RESTORE, ...inputs }), {});

describe('restore settings', () => {
  it('defaults to the newest backup, no drop, indexes, the catalog in the target', () => {
    expect(restore({})).toMatchObject({
      name: 'app',
      selector: { kind: 'latest' },
      source: 'auto',
      drop: false,
      restoreIndexes: true,
      dryRun: false,
      nsInclude: [],
      catalog: { uri: RESTORE['target-uri'], database: 'mongodb_backup' },
    });
  });

  it.each([
    [{ 'backup-id': '6B12DD9460E7727B74B5C001' }, { kind: 'id', id: '6b12dd9460e7727b74b5c001' }],
    [
      { 'storage-key': '/p/app/daily/app-x.archive.gz' },
      { kind: 'key', storageKey: 'p/app/daily/app-x.archive.gz' },
    ],
    [{ before: '2026-12-01' }, { kind: 'before', before: new Date('2026-12-01T00:00:00Z') }],
    [{ before: '2026-12-01T06:30:00+01:00' }, { kind: 'before', before: new Date('2026-12-01T05:30:00Z') }],
  ])('selects with %j', (inputs, selector) => {
    expect(restore(inputs).selector).toEqual(selector);
  });

  it('needs no name with a backup id', () => {
    expect(
      parseRestoreSettings(reader({ ...RESTORE, name: '', 'backup-id': 'a'.repeat(24) }), {}).name,
    ).toBeUndefined();
  });

  it.each([
    ['target-uri', { 'target-uri': '' }, 'is required'],
    ['name', { name: '' }, 'is required to pick the newest'],
    ['backup-id', { 'backup-id': 'xyz' }, '"xyz"'],
    ['storage-key', { 'storage-key': 'p/app.tar' }, '"p/app.tar"'],
    ['before', { before: 'yesterday' }, '"yesterday"'],
    [
      'storage-key',
      { 'backup-id': 'a'.repeat(24), 'storage-key': 'k.archive.gz' },
      "cannot be combined with 'backup-id'",
    ],
    ['source', { source: 'tape' }, '"tape"'],
    ['drop', { drop: 'yes' }, '"yes"'],
    ['ns-to', { 'ns-from': 'shop.*' }, "is required with 'ns-from'"],
    ['ns-from', { 'ns-from': 'shop .*', 'ns-to': 'x.*' }, '"shop .*"'],
    ['ns-include', { 'ns-include': 'a.b, "c"' }, '""c""'],
    ['tier', { tier: 'hourly' }, '"hourly"'],
  ])('%s: %j', (input, inputs, detail) => {
    const text = errorsOf(() => restore(inputs));
    expect(text).toContain(`Input '${input}'`);
    expect(text).toContain(detail);
  });
});

const CHECK = { name: 'app', 'max-age': '26h', 'catalog-uri': 'mongodb://db.example.com/', 's3-bucket': 'b' };
const check = (inputs: Record<string, string>) => parseCheckSettings(reader({ ...CHECK, ...inputs }), {});

describe('check settings', () => {
  it('reads names, max-age and the source', () => {
    expect(check({ name: 'App, billing' })).toMatchObject({
      names: ['app', 'billing'],
      maxAgeMs: 26 * 3600 * 1000,
      source: 'auto',
    });
    expect(check({ 'catalog-uri': '', source: 's3' }).catalog).toBeUndefined();
    expect(check({ name: '', databases: '- { name: a, uri-env: X }\n- { name: b }' }).names).toEqual([
      'a',
      'b',
    ]);
  });

  it.each([
    ['max-age', { 'max-age': '' }, 'is required'],
    ['max-age', { 'max-age': '2y' }, '"2y"'],
    ['name', { name: '' }, "or 'databases' is required"],
    ['catalog-uri', { 'catalog-uri': '' }, 'is required here'],
    ['databases', { databases: 'a: b' }, 'must be a YAML list'],
    ['source', { source: 'x' }, '"x"'],
  ])('%s: %j', (input, inputs, detail) => {
    const text = errorsOf(() => check(inputs));
    expect(text).toContain(`Input '${input}'`);
    expect(text).toContain(detail);
  });
});
