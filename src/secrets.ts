/** Secret handling: what to mask, scrubbing text, and credentials passed to tools through 0600 files. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

/**
 * Every form in which a connection string's secrets could show up in output: the whole URI and its
 * password, both as written (percent-encoded) and decoded.
 */
export function uriSecrets(uri: string): string[] {
  const found = new Set<string>([uri]);
  const match = /^[a-z+]+:\/\/([^@/?#]*)@/i.exec(uri);
  const userInfo = match?.[1];
  if (userInfo !== undefined) {
    const colon = userInfo.indexOf(':');
    if (colon >= 0) {
      const password = userInfo.slice(colon + 1);
      if (password !== '') {
        found.add(password);
        const decoded = safeDecode(password);
        found.add(decoded);
        found.add(uri.replace(password, decoded));
      }
    }
  }
  return [...found].filter((s) => s.length >= 3);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Replaces every occurrence of each secret (longest first, so a URI goes before its password). */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret === '') continue;
    out = out.split(secret).join('***');
  }
  return out;
}

export interface SecretFile {
  path: string;
  remove(): Promise<void>;
}

/**
 * Writes a YAML config file readable only by this user (mode 0600, in a fresh 0700 directory), for
 * tools that would otherwise need the URI on their command line where `ps` shows it.
 */
export async function writeSecretConfig(values: Record<string, string>): Promise<SecretFile> {
  const dir = await mkdtemp(join(tmpdir(), 'mongodb-backup-'));
  const path = join(dir, 'config.yaml');
  await writeFile(path, stringify(values), { mode: 0o600, flag: 'wx' });
  return {
    path,
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
