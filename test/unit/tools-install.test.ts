import { describe, expect, it } from 'vitest';
import { InputErrors } from '../../src/errors.js';
import { checksumFromFeed, DEFAULT_TOOLS_VERSION, feedUrl, OFFICIAL_FEED } from '../../src/mongo/install.js';
import { archiveFileName, detectPlatform, UnsupportedPlatformError } from '../../src/mongo/platform.js';
import { FieldParser } from '../../src/settings/fields.js';
import { parseToolsSettings } from '../../src/settings/shared.js';
import { reader } from '../support/inputs.js';

const release = (id: string, version: string) =>
  `NAME="x"\nID=${id}\nVERSION_ID="${version}"\nPRETTY_NAME="${id} ${version}"\n`;
const linux = (id: string, version: string, arch = 'x64') =>
  detectPlatform({ os: 'linux', arch, osRelease: release(id, version) });

describe('detectPlatform', () => {
  it.each([
    ['ubuntu', '20.04', 'x64', 'ubuntu2004', 'x86_64'],
    ['ubuntu', '22.04', 'arm64', 'ubuntu2204', 'arm64'],
    ['ubuntu', '24.04', 'x64', 'ubuntu2404', 'x86_64'],
    ['debian', '11', 'x64', 'debian11', 'x86_64'],
    ['debian', '12', 'x64', 'debian12', 'x86_64'],
    ['rhel', '8.10', 'x64', 'rhel88', 'x86_64'],
    ['rocky', '9.4', 'arm64', 'rhel93', 'aarch64'],
    ['amzn', '2', 'arm64', 'amazon2', 'aarch64'],
    ['amzn', '2023', 'x64', 'amazon2023', 'x86_64'],
  ])('%s %s on %s → %s-%s', (id, version, arch, name, archName) => {
    expect(linux(id, version, arch)).toEqual({ name, arch: archName, extension: 'tgz' });
  });

  it('names macOS and Windows downloads, which are zips', () => {
    expect(detectPlatform({ os: 'darwin', arch: 'arm64', osRelease: undefined })).toEqual({
      name: 'macos',
      arch: 'arm64',
      extension: 'zip',
    });
    expect(detectPlatform({ os: 'win32', arch: 'x64', osRelease: undefined })).toEqual({
      name: 'windows',
      arch: 'x86_64',
      extension: 'zip',
    });
  });

  it.each([
    () => linux('debian', '12', 'arm64'),
    () => linux('ubuntu', '18.04'),
    () => linux('alpine', '3.20'),
    () => detectPlatform({ os: 'linux', arch: 's390x', osRelease: release('ubuntu', '22.04') }),
    () => detectPlatform({ os: 'freebsd', arch: 'x64', osRelease: undefined }),
    () => detectPlatform({ os: 'win32', arch: 'arm64', osRelease: undefined }),
  ])('refuses an unsupported platform, listing the supported ones (%#)', (detect) => {
    expect(detect).toThrow(UnsupportedPlatformError);
    expect(detect).toThrow(/Supported: Ubuntu 20\.04, 22\.04, 24\.04 .*Windows \(x86_64\)/);
  });

  it('builds the official file name', () => {
    expect(archiveFileName(linux('ubuntu', '22.04', 'arm64'), '100.10.0')).toBe(
      'mongodb-database-tools-ubuntu2204-arm64-100.10.0.tgz',
    );
  });
});

describe('checksum feed', () => {
  const sha = 'ab'.repeat(32);
  const feed = {
    versions: [
      {
        version: '100.9.0',
        downloads: [{ name: 'debian12', arch: 'x86_64', archive: { sha256: 'cd'.repeat(32) } }],
      },
      {
        version: '100.10.0',
        downloads: [
          { name: 'debian12', arch: 'x86_64', archive: { url: 'x', sha256: sha.toUpperCase() } },
          { name: 'ubuntu2204', arch: 'arm64', archive: { url: 'y', sha256: 'not-a-sha' } },
        ],
      },
    ],
  };

  it('finds the archive of this version and platform', () => {
    expect(checksumFromFeed(feed, '100.10.0', linux('debian', '12'))).toBe(sha);
    expect(checksumFromFeed(feed, '100.10.0', linux('ubuntu', '22.04', 'arm64'))).toBeUndefined();
    expect(checksumFromFeed(feed, '100.11.0', linux('debian', '12'))).toBeUndefined();
  });

  it('reads the official feed for official downloads, a mirror its own', () => {
    expect(feedUrl('https://fastdl.mongodb.org/tools/db')).toBe(OFFICIAL_FEED);
    expect(feedUrl('http://mirror.internal/tools')).toBe('http://mirror.internal/tools/full.json');
  });
});

describe('tools settings', () => {
  const parse = (inputs: Record<string, string>) => {
    const fields = new FieldParser(reader(inputs));
    const settings = parseToolsSettings(fields);
    fields.finish();
    return settings;
  };

  it('defaults to the pinned release from the official location, verified', () => {
    expect(parse({})).toEqual({
      version: DEFAULT_TOOLS_VERSION,
      downloadUrl: 'https://fastdl.mongodb.org/tools/db',
      sha256: undefined,
      allowUnverified: false,
    });
    expect(parse({ 'mongodb-tools-version': 'System' }).version).toBe('system');
    expect(parse({ 'mongodb-tools-url': 'http://127.0.0.1:8080/tools/' }).downloadUrl).toBe(
      'http://127.0.0.1:8080/tools',
    );
  });

  it.each([
    ['mongodb-tools-version', { 'mongodb-tools-version': 'latest' }],
    ['mongodb-tools-url', { 'mongodb-tools-url': 'ftp://x' }],
    ['mongodb-tools-sha256', { 'mongodb-tools-sha256': 'abc' }],
    ['mongodb-tools-allow-unverified', { 'mongodb-tools-allow-unverified': 'maybe' }],
  ])('%s: %j', (input, inputs) => {
    expect(() => parse(inputs)).toThrow(InputErrors);
    expect(() => parse(inputs)).toThrow(`Input '${input}'`);
  });
});
