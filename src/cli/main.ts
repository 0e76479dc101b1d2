/** The command line: `mongodb-backup <command> [--input value ...]`, the same commands the actions run. */
import { parseArgs } from 'node:util';
import type { Host } from '../hosts/host.js';
import { envName, terminalHost } from '../hosts/terminal.js';
import { run as runBackup } from '../main/backup.js';
import { run as runCheck } from '../main/check.js';
import { run as runPrune } from '../main/prune.js';
import { run as runRestore } from '../main/restore.js';
import { actionInputs, type InputDoc } from './action-docs.js';

interface Command {
  summary: string;
  /** The action.yml whose inputs are this command's flags. */
  actionFile: string;
  run(host: Host, env: NodeJS.ProcessEnv): Promise<void>;
}

export const COMMANDS: Record<string, Command> = {
  backup: {
    summary: 'Dump databases with mongodump, stream them to S3 and record them in the catalog.',
    actionFile: 'action.yml',
    run: (host, env) => runBackup(host, env),
  },
  restore: {
    summary:
      'Restore a backup after verifying its size and SHA-256 (works from S3 alone if the catalog is gone).',
    actionFile: 'restore/action.yml',
    run: (host, env) => runRestore(host, env),
  },
  prune: {
    summary: 'Delete expired backups the catalog tracks (never the newest, never untracked objects).',
    actionFile: 'prune/action.yml',
    run: (host, env) => runPrune(host, env),
  },
  check: {
    summary: 'Fail unless every named database has a completed backup newer than max-age.',
    actionFile: 'check/action.yml',
    run: (host, env) => runCheck(host, env),
  },
};

function usage(): string {
  const lines = ['Usage: mongodb-backup <command> [--input value ...]', '', 'Commands:'];
  for (const [name, command] of Object.entries(COMMANDS))
    lines.push(`  ${name.padEnd(10)} ${command.summary}`);
  lines.push('', "Run 'mongodb-backup <command> --help' for its inputs.");
  return lines.join('\n');
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

function commandUsage(name: string, command: Command, inputs: InputDoc[]): string {
  const lines = [
    `Usage: mongodb-backup ${name} [--input value ...]`,
    '',
    command.summary,
    '',
    'Inputs (flag, or env variable):',
  ];
  for (const input of inputs) {
    const notes = [
      input.required ? 'required' : undefined,
      input.default !== undefined ? `default: ${input.default || "''"}` : undefined,
    ]
      .filter(Boolean)
      .join(', ');
    lines.push(`  --${input.name.padEnd(22)} ${envName(input.name)}${notes ? `  (${notes})` : ''}`);
    lines.push(...wrap(input.description, 94).map((line) => `      ${line}`));
  }
  lines.push(
    '',
    'Secrets given as flags are visible to other users in the process list: set them in the env variables.',
    'AWS credentials come from the AWS SDK chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, ...).',
    'On success the outputs are printed to stdout as one JSON object; the log goes to stderr.',
  );
  return lines.join('\n');
}

/** Runs the CLI; returns the process exit code. */
export async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${usage()}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    process.stderr.write(`error: unknown command "${name}"\n\n${usage()}\n`);
    return 2;
  }
  const inputs = actionInputs(command.actionFile);
  const options = Object.fromEntries(inputs.map((input) => [input.name, { type: 'string' as const }]));
  let flags: Record<string, string | boolean | undefined>;
  try {
    flags = parseArgs({
      args: rest,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }).values;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`error: ${message}\n\n${commandUsage(name, command, inputs)}\n`);
    return 2;
  }
  if (flags.help === true) {
    process.stdout.write(`${commandUsage(name, command, inputs)}\n`);
    return 0;
  }
  const { help, ...given } = flags;
  // Like a runner: an input not given takes its action.yml default.
  const defaults = Object.fromEntries(
    inputs.filter((i) => i.default !== undefined).map((i) => [i.name, i.default]),
  );
  const host = terminalHost(given as Record<string, string | undefined>, env, defaults);
  await command.run(host, env);
  if (host.failed) return 1;
  process.stdout.write(`${JSON.stringify(host.outputs, null, 2)}\n`);
  return 0;
}
