/** Inputs of the prune command → validated, typed settings. No side effects. */
import { Inputs } from '../constants.js';
import { sanitizeName } from '../naming.js';
import { TIERS, type Tier } from '../retention.js';
import { FieldParser, type InputReader } from './fields.js';
import {
  parseCatalogSettings,
  parsePruneRules,
  parseS3Settings,
  type CatalogSettings,
  type PruneRuleSettings,
  type S3Settings,
} from './shared.js';

export interface PruneSettings {
  s3: S3Settings;
  catalog: CatalogSettings;
  /** Only these backup names; empty for every name under the prefix. */
  names: string[];
  tiers: Tier[];
  rules: PruneRuleSettings;
  dryRun: boolean;
}

export function parsePruneSettings(read: InputReader, env: NodeJS.ProcessEnv = process.env): PruneSettings {
  const fields = new FieldParser(read);
  const catalog = parseCatalogSettings(fields, undefined, false);
  const s3 = parseS3Settings(fields, env);

  const names: string[] = [];
  for (const raw of fields.list(Inputs.Name)) {
    const name = sanitizeName(raw);
    if (name === undefined) fields.fail(Inputs.Name, `has a name with nothing usable in it (got "${raw}").`);
    else names.push(name);
  }
  const tiers: Tier[] = [];
  for (const raw of fields.list(Inputs.Tier)) {
    const tier = TIERS.find((t) => t === raw.toLowerCase());
    if (tier === undefined)
      fields.fail(Inputs.Tier, `must list tiers from ${TIERS.join(', ')} (got "${raw}").`);
    else tiers.push(tier);
  }
  const rules = parsePruneRules(fields);
  const dryRun = fields.boolean(Inputs.DryRun, false);
  const allowWholeBucket = fields.boolean(Inputs.AllowWholeBucket, false);
  // A mistyped or emptied prefix must not turn a prune loose on a whole bucket.
  if (s3.prefix === '' && names.length === 0 && allowWholeBucket === false) {
    fields.fail(
      Inputs.S3Prefix,
      `is empty and no '${Inputs.Name}' is given, so this prune would cover the whole bucket "${s3.bucket ?? ''}". ` +
        `Name the backups to prune, set a prefix, or set '${Inputs.AllowWholeBucket}: true' if that is really meant.`,
    );
  }
  fields.finish();
  return {
    s3: s3 as S3Settings,
    catalog: catalog as CatalogSettings,
    names,
    tiers,
    rules: rules as PruneRuleSettings,
    dryRun: dryRun!,
  };
}
