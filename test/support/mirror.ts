/**
 * A loopback stand-in for the Database Tools download site: an archive in the official layout, built
 * from the test's own mongodump and mongorestore, and a full.json checksum feed. It counts requests.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ToolPaths } from '../../scripts/lib/servers.mjs';
import { archiveFileName, type ToolsPlatform } from '../../src/mongo/platform.js';

export interface ToolsMirror {
  url: string;
  /** Requests per path, since the start or the last reset. */
  requests: Map<string, number>;
  sha256: string;
  archiveName: string;
  close(): Promise<void>;
}

export async function startToolsMirror(
  tools: ToolPaths,
  platform: ToolsPlatform,
  version: string,
): Promise<ToolsMirror> {
  const dir = await mkdtemp(join(tmpdir(), 'mba-mirror-'));
  const archiveName = archiveFileName(platform, version);
  const folder = archiveName.replace(/\.tgz$/, '');
  await mkdir(join(dir, folder, 'bin'), { recursive: true });
  await copyFile(tools.mongodump, join(dir, folder, 'bin', 'mongodump'));
  await copyFile(tools.mongorestore, join(dir, folder, 'bin', 'mongorestore'));
  execFileSync('tar', ['-czf', join(dir, archiveName), '-C', dir, folder]);
  const archive = await readFile(join(dir, archiveName));
  const sha256 = createHash('sha256').update(archive).digest('hex');

  const requests = new Map<string, number>();
  let base = '';
  const server: Server = createServer((request, response) => {
    const path = request.url ?? '/';
    requests.set(path, (requests.get(path) ?? 0) + 1);
    if (path === '/tools/full.json') {
      const feed = {
        versions: [
          {
            version,
            downloads: [
              {
                name: platform.name,
                arch: platform.arch,
                archive: { url: `${base}/${archiveName}`, sha256 },
              },
            ],
          },
        ],
      };
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(feed));
    } else if (path === `/tools/${archiveName}`) {
      response
        .writeHead(200, { 'content-type': 'application/gzip', 'content-length': archive.length })
        .end(archive);
    } else {
      response.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/tools`;
  return {
    url: base,
    requests,
    sha256,
    archiveName,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
