/** The real mongorestore for round-trip checks, and mongodump stand-ins that misbehave on purpose. */
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { servers } from './world.js';

const execFileAsync = promisify(execFile);

/** Restores an archive file with mongorestore into `to` (renaming namespaces from `from`). */
export async function mongorestoreArchive(archivePath: string, from: string, to: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mba-restore-'));
  const config = join(dir, 'config.yaml');
  await writeFile(config, `uri: "${servers().mongoUri}"\n`, { mode: 0o600 });
  const { stderr } = await execFileAsync(servers().tools.mongorestore, [
    `--config=${config}`,
    `--archive=${archivePath}`,
    '--gzip',
    `--nsInclude=${from}.*`,
    `--nsFrom=${from}.*`,
    `--nsTo=${to}.*`,
    // FerretDB 1.x refuses the "ns" index option that mongorestore sends (relying on
    // ignoreUnknownIndexOptions, which FerretDB does not honour): documents only there.
    ...(servers().external ? [] : ['--noIndexRestore']),
  ]);
  return stderr;
}

/**
 * Writes an executable shell script standing in for mongodump. `body` runs after `--version` is
 * answered by the real binary; `$REAL` is the real mongodump.
 */
export async function fakeMongodump(body: string): Promise<{ path: string; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'mba-fake-'));
  const path = join(dir, 'mongodump');
  const real = servers().tools.mongodump;
  await writeFile(
    path,
    `#!/bin/bash\nREAL='${real}'\nif [ "$1" = "--version" ]; then exec "$REAL" --version; fi\n${body}\n`,
  );
  await chmod(path, 0o755);
  return { path, dir };
}
