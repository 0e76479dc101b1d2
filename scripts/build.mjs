// Bundles each entry with ncc into dist/ (committed: GitHub runs actions from the repository as is).
import ncc from '@vercel/ncc';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Entry source → bundle folder under dist/ (action.yml files point at these). */
export const ENTRIES = {
  'src/entries/backup.ts': '.',
  'src/entries/prune.ts': 'prune',
  'src/entries/restore.ts': 'restore',
  'src/entries/check.ts': 'check',
  'src/entries/cli.ts': 'cli',
};

await rm(join(root, 'dist'), { recursive: true, force: true });
for (const [entry, folder] of Object.entries(ENTRIES)) {
  const out = join(root, 'dist', folder);
  const { code, assets } = await ncc(join(root, entry), {
    minify: false,
    sourceMap: false,
    license: 'licenses.txt',
    quiet: true,
    target: 'es2022',
  });
  await mkdir(out, { recursive: true });
  const banner = folder === 'cli' ? '#!/usr/bin/env node\n' : '';
  await writeFile(join(out, 'index.js'), banner + code, { mode: folder === 'cli' ? 0o755 : 0o644 });
  for (const [name, asset] of Object.entries(assets ?? {})) {
    await mkdir(dirname(join(out, name)), { recursive: true });
    await writeFile(join(out, name), asset.source);
  }
  console.log(
    `built dist/${folder === '.' ? '' : `${folder}/`}index.js (${(code.length / 1024).toFixed(0)} KiB)`,
  );
}
