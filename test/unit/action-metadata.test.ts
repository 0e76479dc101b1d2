/** action.yml, the code's input/output names, the CLI flags and the README tables must agree. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COMMANDS } from '../../src/cli/main.js';
import { Inputs, Outputs } from '../../src/constants.js';

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

const action = parse(readFileSync('action.yml', 'utf8')) as ActionMetadata;
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

describe('action.yml', () => {
  it('runs on node24 from the committed bundle', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  });

  it('declares exactly the inputs and outputs the code reads and writes', () => {
    expect(Object.keys(action.inputs).sort()).toEqual(Object.values(Inputs).sort());
    expect(Object.keys(action.outputs).sort()).toEqual(Object.values(Outputs).sort());
  });

  it('describes every input and output', () => {
    for (const [name, input] of Object.entries(action.inputs))
      expect(input.description, name).toMatch(/\w{3}/);
    for (const [name, output] of Object.entries(action.outputs))
      expect(output.description, name).toMatch(/\w{3}/);
  });

  it('offers every input as a CLI flag', () => {
    expect(Object.keys(COMMANDS.backup!.inputs).sort()).toEqual(Object.keys(action.inputs).sort());
  });
});

describe('README', () => {
  it('lists every input with its required flag and default', () => {
    const rows = tableAfter('### Inputs');
    expect([...rows.keys()].sort()).toEqual(Object.keys(action.inputs).sort());
    for (const [name, input] of Object.entries(action.inputs)) {
      const [, required, fallback] = rows.get(name)!;
      expect(required, `${name} required`).toBe(input.required ? 'yes' : 'no');
      if (input.default !== undefined) expect(fallback, `${name} default`).toBe(`\`${input.default}\``);
    }
  });

  it('lists every output', () => {
    expect([...tableAfter('### Outputs').keys()].sort()).toEqual(Object.keys(action.outputs).sort());
  });
});
