/** The command line: `mongodb-backup <command> [--input value ...]`, the same commands the actions run. */
import { parseArgs } from 'node:util';
import { Inputs } from '../constants.js';
import { envName, terminalHost } from '../hosts/terminal.js';
import type { Host } from '../hosts/host.js';
import { run as runBackup } from '../main/backup.js';

interface Command {
  summary: string;
  inputs: Record<string, string>;
  run(host: Host, env: NodeJS.ProcessEnv): Promise<void>;
}

export const COMMANDS: Record<string, Command> = {
  backup: {
    summary: 'Dump a database with mongodump, stream it to S3 and record it in the catalog.',
    inputs: {
      [Inputs.MongodbUri]: 'connection string of the deployment to back up (secret; prefer the env variable)',
      [Inputs.Database]: "database to dump (default: the URI's path; '*' dumps every database)",
      [Inputs.Name]: 'label used in keys and the catalog (default: the database)',
      [Inputs.S3Bucket]: 'bucket to write to',
      [Inputs.S3Prefix]: 'key prefix (default: mongo-backups)',
      [Inputs.S3Region]: 'region (default: AWS_REGION, else us-east-1)',
      [Inputs.S3Endpoint]: 'endpoint URL of an S3-compatible store',
      [Inputs.S3ForcePathStyle]: 'true for path-style addressing (most S3-compatible stores)',
      [Inputs.S3Checksum]: 'when-supported (default) or when-required, for stores that reject CRC32 headers',
      [Inputs.S3PartSize]: 'multipart part size (default: 64MiB)',
      [Inputs.Tier]: 'daily, weekly, monthly or manual (default: daily)',
      [Inputs.Retention]: 'how long to keep it, e.g. 7d, 5w, 12mo (default per tier)',
      [Inputs.CatalogUri]: 'connection string of the catalog (secret; default: the source URI)',
      [Inputs.CatalogDatabase]: 'catalog database (default: mongodb_backup)',
      [Inputs.CatalogCollection]: 'catalog collection (default: backups)',
      [Inputs.Oplog]: 'auto, true or false (default: auto)',
      [Inputs.MongodumpPath]: 'path to mongodump (default: found on PATH)',
    },
    run: (host, env) => runBackup(host, env),
  },
};

function usage(): string {
  const lines = ['Usage: mongodb-backup <command> [--input value ...]', '', 'Commands:'];
  for (const [name, command] of Object.entries(COMMANDS))
    lines.push(`  ${name.padEnd(10)} ${command.summary}`);
  lines.push('', "Run 'mongodb-backup <command> --help' for its inputs.");
  return lines.join('\n');
}

function commandUsage(name: string, command: Command): string {
  const lines = [
    `Usage: mongodb-backup ${name} [--input value ...]`,
    '',
    command.summary,
    '',
    'Inputs (flag, or env variable):',
  ];
  for (const [input, text] of Object.entries(command.inputs)) {
    lines.push(`  --${input.padEnd(22)} ${envName(input)}`, `      ${text}`);
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
  const options = Object.fromEntries(
    Object.keys(command.inputs).map((input) => [input, { type: 'string' as const }]),
  );
  let flags: Record<string, string | boolean | undefined>;
  try {
    flags = parseArgs({
      args: rest,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }).values;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`error: ${message}\n\n${commandUsage(name, command)}\n`);
    return 2;
  }
  if (flags.help === true) {
    process.stdout.write(`${commandUsage(name, command)}\n`);
    return 0;
  }
  const { help, ...inputs } = flags;
  const host = terminalHost(inputs as Record<string, string | undefined>, env);
  await command.run(host, env);
  if (host.failed) return 1;
  process.stdout.write(`${JSON.stringify(host.outputs, null, 2)}\n`);
  return 0;
}
