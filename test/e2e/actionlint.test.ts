/** actionlint on the project's own workflows and on the templates users copy. */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/servers.js';
import { servers } from '../support/world.js';

const execFileAsync = promisify(execFile);

async function actionlint(files: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(servers().tools.actionlint, ['-no-color', ...files], {
      cwd: ROOT,
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

describe('actionlint', () => {
  it('finds nothing in .github/workflows and examples/workflows', async () => {
    const files = [
      '.github/workflows/ci.yml',
      ...['backup-daily', 'backup-weekly', 'backup-monthly', 'backup-oidc', 'restore', 'deploy-gate'].map(
        (f) => `examples/workflows/${f}.yml`,
      ),
    ];
    const result = await actionlint(files);
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  });

  it('does report a broken workflow (the check is live)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mba-lint-'));
    try {
      const file = join(dir, 'broken.yml');
      await writeFile(
        file,
        'on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ secrets }}\n        uses: actions/checkout@v4\n',
      );
      const result = await actionlint([file]);
      expect(result.code).not.toBe(0);
      expect(result.output).toMatch(/broken\.yml/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
