import { describe, expect, it } from 'vitest';
import { InputErrors } from '../../src/errors.js';
import { parsePruneSettings } from '../../src/settings/prune.js';
import { reader } from '../support/inputs.js';

const BASE = { 'catalog-uri': 'mongodb://catalog.example.com/', 's3-bucket': 'backups' };
const parse = (inputs: Record<string, string>) => parsePruneSettings(reader({ ...BASE, ...inputs }), {});

function errorsOf(inputs: Record<string, string>): string {
  try {
    parse(inputs);
  } catch (error) {
    if (error instanceof InputErrors) return error.message;
    throw error;
  }
  throw new Error('expected the inputs to be rejected');
}

describe('prune settings', () => {
  it('has safe defaults', () => {
    expect(parse({})).toMatchObject({
      names: [],
      tiers: [],
      rules: { keepLast: 1, staleAfterMs: 24 * 3600 * 1000 },
      dryRun: false,
      s3: { prefix: 'mongo-backups' },
      catalog: { database: 'mongodb_backup', collection: 'backups' },
    });
  });

  it('reads lists of names and tiers', () => {
    expect(parse({ name: 'App DB, billing\nreports', tier: 'daily,Weekly' })).toMatchObject({
      names: ['app-db', 'billing', 'reports'],
      tiers: ['daily', 'weekly'],
    });
  });

  it('refuses a whole-bucket scope unless allowed', () => {
    expect(errorsOf({ 's3-prefix': '/' })).toContain('would cover the whole bucket "backups"');
    expect(parse({ 's3-prefix': '/', name: 'app' }).names).toEqual(['app']);
    expect(parse({ 's3-prefix': '/', 'allow-whole-bucket': 'true' }).s3.prefix).toBe('');
  });

  it.each([
    ['catalog-uri', { 'catalog-uri': '' }, 'is required here'],
    ['tier', { tier: 'daily, hourly' }, '"hourly"'],
    ['keep-last', { 'keep-last': '0' }, '"0"'],
    ['stale-after', { 'stale-after': 'soon' }, '"soon"'],
    ['dry-run', { 'dry-run': 'perhaps' }, '"perhaps"'],
    ['allow-whole-bucket', { 'allow-whole-bucket': 'y' }, '"y"'],
  ])('%s: %j', (input, inputs, detail) => {
    const text = errorsOf(inputs);
    expect(text).toContain(`Input '${input}'`);
    expect(text).toContain(detail);
  });
});
