/** Finds a Database Tools binary and reads its version. */
import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export interface ToolBinary {
  path: string;
  version: string;
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export async function findOnPath(name: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const exts = process.platform === 'win32' ? ['.exe', ''] : [''];
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const ext of exts) {
      const candidate = join(dir, name + ext);
      if (await isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

/**
 * Locates `name` (mongodump, mongorestore): the explicit path when given, else PATH. Throws a message
 * that says how to fix it.
 */
export async function findTool(
  name: string,
  explicitPath: string | undefined,
  pathInput: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ToolBinary> {
  let path: string | undefined;
  if (explicitPath !== undefined) {
    path = isAbsolute(explicitPath) ? explicitPath : resolve(explicitPath);
    if (!(await isExecutable(path))) {
      throw new Error(`Input '${pathInput}' points at "${explicitPath}", which is not an executable file.`);
    }
  } else {
    path = await findOnPath(name, env);
    if (path === undefined) {
      throw new Error(
        `${name} was not found on PATH. Install MongoDB Database Tools on the runner, or set '${pathInput}' to the binary.`,
      );
    }
  }
  return { path, version: await toolVersion(path, name) };
}

/** `mongodump --version` prints "mongodump version: 100.10.0" on its first line. */
export async function toolVersion(path: string, name: string): Promise<string> {
  const { stdout } = await execFileAsync(path, ['--version'], { timeout: 30_000 });
  return parseToolVersion(stdout, name);
}

export function parseToolVersion(output: string, name: string): string {
  const match =
    new RegExp(`${name} version:\\s*(\\S+)`).exec(output) ?? /version:?\s*v?(\d+\.\d+\.\d+\S*)/.exec(output);
  return match?.[1] ?? 'unknown';
}
