/** action.yml, the code's input/output names, the CLI flags and the README tables must agree. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  BACKUP_INPUTS,
  BACKUP_OUTPUTS,
  CHECK_INPUTS,
  CHECK_OUTPUTS,
  PRUNE_INPUTS,
  PRUNE_OUTPUTS,
  RESTORE_INPUTS,
  RESTORE_OUTPUTS,
} from '../../src/constants.js';

interface ActionInput {
  description: string;
  required?: boolean;
  default?: string;
}

interface ActionMetadata {
  name: string;
  description: string;
  inputs: Record<string, ActionInput>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string };
}

const ACTIONS = [
  { file: 'action.yml', main: 'dist/index.js', inputs: BACKUP_INPUTS, outputs: BACKUP_OUTPUTS, section: '' },
  {
    file: 'restore/action.yml',
    main: '../dist/restore/index.js',
    inputs: RESTORE_INPUTS,
    outputs: RESTORE_OUTPUTS,
    section: 'Restore ',
  },
  {
    file: 'prune/action.yml',
    main: '../dist/prune/index.js',
    inputs: PRUNE_INPUTS,
    outputs: PRUNE_OUTPUTS,
    section: 'Prune ',
  },
  {
    file: 'check/action.yml',
    main: '../dist/check/index.js',
    inputs: CHECK_INPUTS,
    outputs: CHECK_OUTPUTS,
    section: 'Check ',
  },
];

function metadata(file: string): ActionMetadata {
  return parse(readFileSync(file, 'utf8')) as ActionMetadata;
}
const readme = readFileSync('README.md', 'utf8');

/** Rows of the Markdown table that follows `heading`, keyed by the first cell without backticks. */
function tableAfter(heading: string): Map<string, string[]> {
  const start = readme.indexOf(heading);
  expect(start, `README has a "${heading}" section`).toBeGreaterThanOrEqual(0);
  const rows = new Map<string, string[]>();
  const lines = readme.slice(start).split('\n').slice(1);
  let inTable = false;
  for (const line of lines) {
    if (line.startsWith('|')) {
      inTable = true;
      const cells = line
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim());
      const key = (cells[0] ?? '').replace(/`/g, '');
      if (key !== '' && !/^-+$/.test(key) && key !== 'Input' && key !== 'Output') rows.set(key, cells);
    } else if (inTable) break;
  }
  return rows;
}

describe.each(ACTIONS)('$file', ({ file, main, inputs, outputs, section }) => {
  const inputsHeading = `### ${section}${section ? 'inputs' : 'Inputs'}`;
  const readmeOutputs = `### ${section}${section ? 'outputs' : 'Outputs'}`;
  const action = metadata(file);

  it('runs on node24 from the committed bundle', () => {
    expect(action.runs).toEqual({ using: 'node24', main });
  });

  it('declares exactly the inputs and outputs the code reads and writes', () => {
    expect(Object.keys(action.inputs).sort()).toEqual([...inputs].sort());
    expect(Object.keys(action.outputs).sort()).toEqual([...outputs].sort());
  });

  it('describes every input and output', () => {
    for (const [name, input] of Object.entries(action.inputs))
      expect(input.description, name).toMatch(/\w{3}/);
    for (const [name, output] of Object.entries(action.outputs))
      expect(output.description, name).toMatch(/\w{3}/);
  });

  it('is documented in the README: every input with its required flag and default', () => {
    const rows = tableAfter(inputsHeading);
    expect([...rows.keys()].sort()).toEqual(Object.keys(action.inputs).sort());
    for (const [name, input] of Object.entries(action.inputs)) {
      const [, required, fallback] = rows.get(name)!;
      expect(required, `${name} required`).toBe(input.required ? 'yes' : 'no');
      expect(fallback, `${name} default`).toBe(input.default === undefined ? '' : `\`${input.default}\``);
    }
  });

  it('is documented in the README: every output', () => {
    expect([...tableAfter(readmeOutputs).keys()].sort()).toEqual(Object.keys(action.outputs).sort());
  });
});
