/** Reads an action's inputs from its action.yml, so the CLI's flags and help never drift from the actions. */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export interface InputDoc {
  name: string;
  description: string;
  required: boolean;
  default: string | undefined;
}

/** The repository root: two levels above both src/cli/ and dist/cli/. */
function packageRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
}

export function actionInputs(actionFile: string): InputDoc[] {
  const metadata = parse(readFileSync(join(packageRoot(), actionFile), 'utf8')) as {
    inputs?: Record<string, { description?: string; required?: boolean; default?: string }>;
  };
  return Object.entries(metadata.inputs ?? {}).map(([name, input]) => ({
    name,
    description: (input.description ?? '').replace(/\s+/g, ' ').trim(),
    required: input.required === true,
    default: input.default,
  }));
}
