/** The "Finding mongodump/mongorestore" phase of the backup and restore actions, with its outputs. */
import { dirname } from 'node:path';
import { Outputs } from '../constants.js';
import { step } from '../errors.js';
import type { Host } from '../hosts/host.js';
import { resolveTool, type ToolsSettings } from '../mongo/install.js';
import type { ToolBinary } from '../mongo/tools.js';
import type { Reporter } from '../report.js';

export async function provideTool(
  name: 'mongodump' | 'mongorestore',
  explicitPath: string | undefined,
  pathInput: string,
  tools: ToolsSettings,
  host: Host,
  report: Reporter,
  env: NodeJS.ProcessEnv,
): Promise<ToolBinary> {
  const tool = await step(`Finding ${name}`, () =>
    resolveTool(name, explicitPath, pathInput, tools, report, (dir) => host.addPath(dir), env),
  );
  report.output(Outputs.ToolsVersion, tool.version);
  report.output(Outputs.ToolsPath, dirname(tool.path));
  return tool;
}
