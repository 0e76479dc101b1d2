import { stat, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { redact, uriSecrets, writeSecretConfig } from '../../src/secrets.js';

describe('uriSecrets', () => {
  it('masks the URI and its password, raw and percent-decoded', () => {
    const uri = 'mongodb://backup:p%40ss%2Fw0rd@db.example.com/app';
    const secrets = uriSecrets(uri);
    expect(secrets).toContain(uri);
    expect(secrets).toContain('p%40ss%2Fw0rd');
    expect(secrets).toContain('p@ss/w0rd');
    expect(secrets).toContain('mongodb://backup:p@ss/w0rd@db.example.com/app');
  });

  it('has only the URI when there is no password', () => {
    expect(uriSecrets('mongodb://db.example.com/app')).toEqual(['mongodb://db.example.com/app']);
  });

  it('works for mongodb+srv', () => {
    expect(uriSecrets('mongodb+srv://u:topsecret@cluster.example.net/')).toContain('topsecret');
  });
});

describe('redact', () => {
  it('replaces the longest secret first', () => {
    const uri = 'mongodb://u:pw123@h/db';
    expect(redact(`connect ${uri} with pw123`, uriSecrets(uri))).toBe('connect *** with ***');
  });
});

describe('writeSecretConfig', () => {
  it('writes a 0600 file in a 0700 folder and removes it', async () => {
    const file = await writeSecretConfig({ uri: 'mongodb://u:p@h/' });
    expect((await stat(file.path)).mode & 0o777).toBe(0o600);
    expect(await readFile(file.path, 'utf8')).toContain('uri: mongodb://u:p@h/');
    await file.remove();
    await expect(stat(file.path)).rejects.toThrow();
  });
});
