/** Inputs of the check command (the deploy gate) → validated, typed settings. No side effects. */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { SOURCES, type Source } from '../catalog/finder.js';
import { Defaults, Inputs } from '../constants.js';
import { sanitizeName } from '../naming.js';
import { fixedDurationMs, TIERS, type Tier } from '../retention.js';
import { FieldParser, type InputReader } from './fields.js';
import { parseCatalogSettings, parseS3Settings, type CatalogSettings, type S3Settings } from './shared.js';

export interface CheckSettings {
  names: string[];
  maxAgeMs: number;
  maxAgeText: string;
  tier: Tier | undefined;
  source: Source;
  /** Undefined with source s3, which does not need one. */
  catalog: CatalogSettings | undefined;
  s3: S3Settings;
}

/** The backup action's `databases` list works here as is: only each entry's name is used. */
const namesSchema = z.array(z.looseObject({ name: z.string().trim().min(1) })).min(1);

function namesFromList(fields: FieldParser): string[] {
  const text = fields.raw(Inputs.Databases);
  if (text === '') return [];
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    fields.fail(
      Inputs.Databases,
      `is not valid YAML: ${error instanceof Error ? (error.message.split('\n')[0] ?? '') : ''}`,
    );
    return [];
  }
  const result = namesSchema.safeParse(document);
  if (!result.success) {
    fields.fail(Inputs.Databases, "must be a YAML list of entries with a name, like the backup action's.");
    return [];
  }
  return result.data.map((entry) => entry.name);
}

export function parseCheckSettings(read: InputReader, env: NodeJS.ProcessEnv = process.env): CheckSettings {
  const fields = new FieldParser(read);
  const names: string[] = [];
  for (const raw of [...fields.list(Inputs.Name), ...namesFromList(fields)]) {
    const name = sanitizeName(raw);
    if (name === undefined) fields.fail(Inputs.Name, `has a name with nothing usable in it (got "${raw}").`);
    else if (!names.includes(name)) names.push(name);
  }
  if (names.length === 0 && fields.raw(Inputs.Databases) === '') {
    fields.fail(Inputs.Name, `or '${Inputs.Databases}' is required: which backups must be fresh?`);
  }
  let maxAgeMs: number | undefined;
  const maxAge =
    fields.raw(Inputs.MaxAge) === ''
      ? fields.fail(Inputs.MaxAge, 'is required, e.g. 26h.')
      : fields.duration(Inputs.MaxAge, '');
  if (maxAge !== undefined) {
    maxAgeMs = fixedDurationMs(maxAge);
    if (maxAgeMs === undefined)
      fields.fail(Inputs.MaxAge, `must be in minutes, hours, days or weeks (got "${maxAge.text}").`);
  }
  const tierRaw = fields.optional(Inputs.Tier);
  const tier = tierRaw === undefined ? undefined : fields.oneOf(Inputs.Tier, TIERS, 'daily');
  const source = fields.oneOf(Inputs.Source, SOURCES, Defaults.Source);
  const catalog = source === 's3' ? undefined : parseCatalogSettings(fields, undefined, false);
  const s3 = parseS3Settings(fields, env);
  fields.finish();
  return {
    names,
    maxAgeMs: maxAgeMs!,
    maxAgeText: maxAge!.text,
    tier,
    source: source!,
    catalog: catalog as CatalogSettings | undefined,
    s3: s3 as S3Settings,
  };
}
