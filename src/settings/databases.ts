/** The `databases` input: a YAML list of databases to back up in one step, their URIs in env variables. */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ALL_DATABASES, Inputs } from '../constants.js';
import { sanitizeName } from '../naming.js';
import { parseMongoUri, type FieldParser, type MongoUri } from './fields.js';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const entrySchema = z.strictObject({
  name: z.string().trim().min(1, 'is empty'),
  'uri-env': z.string().regex(ENV_NAME, 'must be an environment variable name like MONGO_URI_1'),
  database: z.string().trim().min(1, 'is empty').optional(),
});

const listSchema = z.array(entrySchema).min(1, 'lists no databases');

export interface DatabaseEntry {
  name: string;
  uri: MongoUri;
  uriEnv: string;
  /** As written in the entry; undefined takes the URI's path. */
  database: string | undefined;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const [index, field] = issue.path;
  const where = typeof index === 'number' ? `item ${index + 1}` : 'the list';
  if (issue.code === 'unrecognized_keys')
    return `${where} has unknown keys ${issue.keys.map((k) => `"${k}"`).join(', ')} (allowed: name, uri-env, database)`;
  if (issue.code === 'invalid_type' && field !== undefined && issue.input === undefined)
    return `${where} is missing "${String(field)}"`;
  return `${where}${field !== undefined ? ` "${String(field)}"` : ''} ${issue.message}`;
}

/**
 * Parses the list and resolves each URI from the environment. URIs never appear inline: a workflow
 * file is not a place for secrets, and `uri-env` keeps each one in its own masked secret.
 */
export function parseDatabases(fields: FieldParser, env: NodeJS.ProcessEnv): DatabaseEntry[] | undefined {
  const text = fields.raw(Inputs.Databases);
  if (text === '') return undefined;
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    const reason = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    return fields.fail(Inputs.Databases, `is not valid YAML: ${reason}`);
  }
  const result = listSchema.safeParse(document);
  if (!result.success) {
    const problems = result.error.issues.map(describeIssue);
    return fields.fail(
      Inputs.Databases,
      `must be a YAML list of { name, uri-env, database? }: ${problems.join('; ')}.`,
    );
  }

  const entries: DatabaseEntry[] = [];
  const seen = new Map<string, string>();
  let failed = false;
  result.data.forEach((item, index) => {
    const where = `item ${index + 1} ("${item.name}")`;
    const name = sanitizeName(item.name);
    if (name === undefined) {
      failed = true;
      return fields.fail(
        Inputs.Databases,
        `${where}: the name must contain at least one of a-z, 0-9, '.', '_', '-'.`,
      );
    }
    const earlier = seen.get(name);
    if (earlier !== undefined) {
      failed = true;
      return fields.fail(
        Inputs.Databases,
        `${where}: the name "${name}" is already used by ${earlier}; names must be unique.`,
      );
    }
    seen.set(name, where);
    if (item.database === ALL_DATABASES) {
      failed = true;
      return fields.fail(
        Inputs.Databases,
        `${where}: "database: ${ALL_DATABASES}" is not supported in a list; back up a whole deployment with mongodb-uri and database.`,
      );
    }
    const value = env[item['uri-env']]?.trim() ?? '';
    if (value === '') {
      failed = true;
      return fields.fail(
        Inputs.Databases,
        `${where}: the environment variable ${item['uri-env']} is not set (pass the secret in the step's env).`,
      );
    }
    const uri = parseMongoUri(value);
    if ('problem' in uri) {
      failed = true;
      return fields.fail(Inputs.Databases, `${where}: ${item['uri-env']} ${uri.problem}`);
    }
    entries.push({ name, uri, uriEnv: item['uri-env'], database: item.database });
  });
  return failed ? undefined : entries;
}
