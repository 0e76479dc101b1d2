import { describe, expect, it } from 'vitest';
import { InputErrors } from '../../src/errors.js';
import { parseBackupSettings } from '../../src/settings/backup.js';
import { reader } from '../support/inputs.js';

const ENV = { MONGO_URI_1: 'mongodb://u:p1@db1.example.com/app', MONGO_URI_2: 'mongodb://db2.example.com/' };

function parse(databases: string, extra: Record<string, string> = {}, env: NodeJS.ProcessEnv = ENV) {
  return parseBackupSettings(
    reader({ databases, 's3-bucket': 'b', 'catalog-uri': 'mongodb://catalog.example.com/', ...extra }),
    env,
  );
}

function errorsOf(
  databases: string,
  extra: Record<string, string> = {},
  env: NodeJS.ProcessEnv = ENV,
): string {
  try {
    parse(databases, extra, env);
  } catch (error) {
    if (error instanceof InputErrors) return error.message;
    throw error;
  }
  throw new Error('expected the list to be rejected');
}

describe('databases list', () => {
  it('reads names, URIs from the environment and databases', () => {
    const settings = parse(`
- { name: App DB, uri-env: MONGO_URI_1 }
- name: reports
  uri-env: MONGO_URI_2
  database: analytics
`);
    expect(settings.fromList).toBe(true);
    expect(settings.targets).toEqual([
      { name: 'app-db', uri: ENV.MONGO_URI_1, database: 'app' },
      { name: 'reports', uri: ENV.MONGO_URI_2, database: 'analytics' },
    ]);
  });

  it.each([
    ['- [unclosed', 'is not valid YAML'],
    ['name: app', 'must be a YAML list'],
    ['[]', 'lists no databases'],
    ['- { uri-env: MONGO_URI_1 }', 'item 1 is missing "name"'],
    ['- { name: app }', 'item 1 is missing "uri-env"'],
    ['- { name: app, uri-env: MONGO_URI_1, uri: "mongodb://x" }', 'unknown keys "uri"'],
    ['- { name: app, uri-env: "not a var" }', 'environment variable name'],
    [
      '- { name: a, uri-env: MONGO_URI_1 }\n- { name: A, uri-env: MONGO_URI_2 }',
      'the name "a" is already used by item 1',
    ],
    ['- { name: app, uri-env: MISSING_URI }', 'the environment variable MISSING_URI is not set'],
    ['- { name: "***", uri-env: MONGO_URI_1 }', 'the name must contain'],
    ['- { name: app, uri-env: MONGO_URI_2, database: "*" }', 'is not supported in a list'],
  ])('rejects %j', (list, message) => {
    const text = errorsOf(list);
    expect(text).toContain("Input 'databases'");
    expect(text).toContain(message);
  });

  it('names a bad URI by its variable, never by its value', () => {
    const text = errorsOf('- { name: app, uri-env: BAD }', {}, { BAD: 'http://user:hunter2@x' });
    expect(text).toContain('BAD must be a MongoDB connection string');
    expect(text).not.toContain('hunter2');
  });

  it('refuses the single-database inputs alongside a list, and needs catalog-uri', () => {
    const text = errorsOf('- { name: app, uri-env: MONGO_URI_1 }', {
      'mongodb-uri': 'mongodb://x/',
      'catalog-uri': '',
    });
    expect(text).toContain("Input 'mongodb-uri' cannot be combined with 'databases'");
    expect(text).toContain("Input 'catalog-uri' is required here");
  });
});
