/**
 * Makes MongoDB Database Tools available: the explicit path, PATH, the runner's tool cache, the Actions
 * cache, or a download verified by SHA-256 — in that order.
 */
import * as cache from '@actions/cache';
import { HttpClient } from '@actions/http-client';
import * as tc from '@actions/tool-cache';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { errorMessage, step } from '../errors.js';
import type { Reporter } from '../report.js';
import { archiveFileName, detectPlatform, type ToolsPlatform } from './platform.js';
import { findOnPath, findTool, type ToolBinary } from './tools.js';
import { OFFICIAL_DOWNLOADS, OFFICIAL_FEED, TOOL_NAME, type ToolsSettings } from './tools-release.js';

export {
  DEFAULT_TOOLS_VERSION,
  OFFICIAL_DOWNLOADS,
  OFFICIAL_FEED,
  type ToolsSettings,
} from './tools-release.js';

export interface InstalledTools {
  binDir: string;
  version: string;
  source: 'path' | 'tool-cache' | 'actions-cache' | 'download';
}

interface Feed {
  versions?: {
    version?: string;
    downloads?: { name?: string; arch?: string; archive?: { url?: string; sha256?: string } }[];
  }[];
}

/** The archive's SHA-256 from a download feed (the official full.json, or a mirror's copy). */
export function checksumFromFeed(feed: Feed, version: string, platform: ToolsPlatform): string | undefined {
  const release = feed.versions?.find((v) => v.version === version);
  const download = release?.downloads?.find((d) => d.name === platform.name && d.arch === platform.arch);
  const sha = download?.archive?.sha256?.toLowerCase();
  return sha && /^[0-9a-f]{64}$/.test(sha) ? sha : undefined;
}

export function feedUrl(downloadUrl: string): string {
  return downloadUrl === OFFICIAL_DOWNLOADS ? OFFICIAL_FEED : `${downloadUrl}/full.json`;
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function expectedChecksum(
  settings: ToolsSettings,
  platform: ToolsPlatform,
  report: Reporter,
): Promise<string | undefined> {
  if (settings.sha256) return settings.sha256;
  const url = feedUrl(settings.downloadUrl);
  try {
    const response = await new HttpClient('mongodb-backup-action').getJson<Feed>(url);
    const sha = response.result ? checksumFromFeed(response.result, settings.version, platform) : undefined;
    if (sha) return sha;
    if (!settings.allowUnverified) {
      throw new Error(
        `${url} lists no SHA-256 for ${archiveFileName(platform, settings.version)}. Set 'mongodb-tools-sha256', ` +
          `or 'mongodb-tools-allow-unverified: true' to install without verifying.`,
      );
    }
  } catch (error) {
    if (!settings.allowUnverified) {
      throw new Error(`Reading the checksum feed ${url} failed: ${errorMessage(error)}`, { cause: error });
    }
  }
  report.warning(
    `Installing ${archiveFileName(platform, settings.version)} without verifying it (mongodb-tools-allow-unverified).`,
  );
  return undefined;
}

const LOCK_STALE_MS = 10 * 60_000;
const LOCK_WAIT_MS = 15 * 60_000;

/**
 * Runs `work` holding a lock file in the tool cache (created exclusively; a lock older than 10 minutes
 * belonged to an installer that died and is taken over).
 */
async function withInstallLock<T>(name: string, report: Reporter, work: () => Promise<T>): Promise<T> {
  const lockPath = join(process.env.RUNNER_TOOL_CACHE!, `${name}.lock`);
  await mkdir(process.env.RUNNER_TOOL_CACHE!, { recursive: true });
  const deadline = Date.now() + LOCK_WAIT_MS;
  let told = false;
  for (;;) {
    try {
      await writeFile(lockPath, String(process.pid), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const since = await stat(lockPath).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (since > LOCK_STALE_MS) {
        await rm(lockPath, { force: true });
        continue;
      }
      if (Date.now() > deadline)
        throw new Error(`Another job has been installing the tools for too long (${lockPath})`);
      if (!told) report.info('Another job is installing the same tools on this machine; waiting for it.');
      told = true;
      await sleep(500);
    }
  }
  try {
    return await work();
  } finally {
    await rm(lockPath, { force: true });
  }
}

/** The tool cache needs a home outside a runner too (the CLI): the user's cache folder. */
function ensureRunnerDirs(env: NodeJS.ProcessEnv): void {
  const base = join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'mongodb-backup-action');
  process.env.RUNNER_TOOL_CACHE ||= env.RUNNER_TOOL_CACHE || join(base, 'tool-cache');
  process.env.RUNNER_TEMP ||= env.RUNNER_TEMP || join(base, 'tmp');
}

async function installFromDownload(
  settings: ToolsSettings,
  platform: ToolsPlatform,
  report: Reporter,
): Promise<string> {
  const file = archiveFileName(platform, settings.version);
  const url = `${settings.downloadUrl}/${file}`;
  const expected = await expectedChecksum(settings, platform, report);
  report.info(`Downloading ${url}`);
  const archive = await step('Downloading MongoDB Database Tools', () => tc.downloadTool(url));
  try {
    const actual = await sha256File(archive);
    if (expected !== undefined && actual !== expected) {
      throw new Error(
        `Verifying ${file} failed: its SHA-256 is ${actual}, expected ${expected}. The download is damaged or not the official archive; nothing was installed.`,
      );
    }
    if (expected !== undefined) report.info(`Verified ${file}: sha256 ${actual}`);
    const extracted =
      platform.extension === 'zip' ? await tc.extractZip(archive) : await tc.extractTar(archive);
    return await tc.cacheDir(
      join(extracted, file.replace(/\.(tgz|zip)$/, '')),
      TOOL_NAME,
      settings.version,
      platform.arch,
    );
  } finally {
    await rm(archive, { force: true });
  }
}

async function restoreFromActionsCache(key: string, toolDir: string, report: Reporter): Promise<boolean> {
  if (!cache.isFeatureAvailable()) return false;
  try {
    return (await cache.restoreCache([toolDir, `${toolDir}.complete`], key)) !== undefined;
  } catch (error) {
    report.warning(
      `Restoring the tools from the Actions cache failed (${errorMessage(error)}); downloading instead.`,
    );
    return false;
  }
}

async function saveToActionsCache(key: string, toolDir: string, report: Reporter): Promise<void> {
  if (!cache.isFeatureAvailable()) {
    report.info(
      'The Actions cache is not available here; the tools stay in the tool cache of this runner only.',
    );
    return;
  }
  try {
    await cache.saveCache([toolDir, `${toolDir}.complete`], key);
    report.info(`Saved the tools to the Actions cache as ${key}`);
  } catch (error) {
    // A key another job saved first, or a cache service that is down, costs only a later download.
    report.warning(`Saving the tools to the Actions cache failed: ${errorMessage(error)}`);
  }
}

export async function installTools(
  settings: ToolsSettings,
  report: Reporter,
  addPath: (dir: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): Promise<InstalledTools> {
  if (settings.version === 'system') {
    const found = await findOnPath('mongodump', env);
    if (found === undefined) {
      throw new Error(
        "'mongodb-tools-version' is system, but mongodump is not on PATH. Install MongoDB Database Tools first, or set a version to install.",
      );
    }
    const tool = await findTool('mongodump', found, 'mongodb-tools-version', env);
    return { binDir: join(found, '..'), version: tool.version, source: 'path' };
  }

  const onPath = await findOnPath('mongodump', env);
  if (onPath !== undefined) {
    const tool = await findTool('mongodump', onPath, 'mongodb-tools-version', env).catch(() => undefined);
    if (tool?.version === settings.version)
      return { binDir: join(onPath, '..'), version: tool.version, source: 'path' };
  }

  const osRelease =
    process.platform === 'linux' && existsSync('/etc/os-release')
      ? await readFile('/etc/os-release', 'utf8')
      : undefined;
  const platform = detectPlatform({ os: process.platform, arch: process.arch, osRelease });
  ensureRunnerDirs(env);
  const key = `${TOOL_NAME}-${settings.version}-${platform.name}-${platform.arch}`;
  let source: InstalledTools['source'] = 'tool-cache';
  let toolDir = tc.find(TOOL_NAME, settings.version, platform.arch);
  if (!toolDir) {
    // Jobs sharing one tool cache (self-hosted runners) must not unpack over binaries another is running.
    toolDir = await withInstallLock(key, report, async () => {
      const installed = tc.find(TOOL_NAME, settings.version, platform.arch);
      if (installed) return installed;
      const target = join(process.env.RUNNER_TOOL_CACHE!, TOOL_NAME, settings.version, platform.arch);
      if (await restoreFromActionsCache(key, target, report)) {
        const restored = tc.find(TOOL_NAME, settings.version, platform.arch);
        if (restored) {
          source = 'actions-cache';
          return restored;
        }
      }
      const downloaded = await installFromDownload(settings, platform, report);
      source = 'download';
      await saveToActionsCache(key, downloaded, report);
      return downloaded;
    });
  }
  const binDir = join(toolDir, 'bin');
  addPath(binDir);
  report.info(
    `MongoDB Database Tools ${settings.version} (${platform.name}-${platform.arch}) from the ${source}: ${binDir}`,
  );
  return { binDir, version: settings.version, source };
}

/** A tool binary: the explicit path when given, else from the installed (or found) Database Tools. */
export async function resolveTool(
  name: 'mongodump' | 'mongorestore',
  explicitPath: string | undefined,
  pathInput: string,
  tools: ToolsSettings,
  report: Reporter,
  addPath: (dir: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ToolBinary> {
  if (explicitPath !== undefined) return findTool(name, explicitPath, pathInput, env);
  const installed = await report.group('Installing MongoDB Database Tools', () =>
    installTools(tools, report, addPath, env),
  );
  return findTool(
    name,
    join(installed.binDir, process.platform === 'win32' ? `${name}.exe` : name),
    pathInput,
    env,
  );
}
