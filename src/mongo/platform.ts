/** Pure: which MongoDB Database Tools download fits this machine (OS, distribution, architecture). */

export interface ToolsPlatform {
  /** The download's platform name, e.g. ubuntu2204, debian12, rhel93, macos, windows. */
  name: string;
  /** x86_64, arm64 (Ubuntu, macOS) or aarch64 (RHEL, Amazon Linux): MongoDB names it per platform. */
  arch: string;
  extension: 'tgz' | 'zip';
}

export interface MachineFacts {
  /** process.platform */
  os: string;
  /** process.arch */
  arch: string;
  /** The text of /etc/os-release on Linux. */
  osRelease: string | undefined;
}

/** The Linux distributions and versions with official builds, and the name each download uses. */
const LINUX: {
  id: string[];
  versions: Record<string, string>;
  arm: 'arm64' | 'aarch64' | undefined;
  label: string;
}[] = [
  {
    id: ['ubuntu'],
    versions: { '20.04': 'ubuntu2004', '22.04': 'ubuntu2204', '24.04': 'ubuntu2404' },
    arm: 'arm64',
    label: 'Ubuntu 20.04, 22.04, 24.04 (x86_64, arm64)',
  },
  {
    id: ['debian'],
    versions: { '11': 'debian11', '12': 'debian12' },
    arm: undefined,
    label: 'Debian 11, 12 (x86_64 only)',
  },
  {
    id: ['rhel', 'centos', 'rocky', 'almalinux', 'ol'],
    versions: { '8': 'rhel88', '9': 'rhel93' },
    arm: 'aarch64',
    label: 'RHEL 8, 9 and rebuilds (x86_64, aarch64)',
  },
  {
    id: ['amzn'],
    versions: { '2': 'amazon2', '2023': 'amazon2023' },
    arm: 'aarch64',
    label: 'Amazon Linux 2, 2023 (x86_64, aarch64)',
  },
];

export const SUPPORTED_PLATFORMS = [
  ...LINUX.map((l) => l.label),
  'macOS (x86_64, arm64)',
  'Windows (x86_64)',
];

function osReleaseField(text: string, field: string): string | undefined {
  const match = new RegExp(`^${field}=("?)([^"\\n]*)\\1$`, 'm').exec(text);
  return match?.[2];
}

export class UnsupportedPlatformError extends Error {
  override name = 'UnsupportedPlatformError';
  constructor(what: string) {
    super(
      `MongoDB Database Tools have no official build for ${what}. Supported: ${SUPPORTED_PLATFORMS.join('; ')}. ` +
        `Install the tools yourself and set 'mongodb-tools-version: system', or point 'mongodump-path'/'mongorestore-path' at them.`,
    );
  }
}

export function detectPlatform(facts: MachineFacts): ToolsPlatform {
  const isArm = facts.arch === 'arm64';
  if (facts.arch !== 'x64' && !isArm) throw new UnsupportedPlatformError(`the ${facts.arch} architecture`);
  if (facts.os === 'darwin') return { name: 'macos', arch: isArm ? 'arm64' : 'x86_64', extension: 'zip' };
  if (facts.os === 'win32') {
    if (isArm) throw new UnsupportedPlatformError('Windows on arm64');
    return { name: 'windows', arch: 'x86_64', extension: 'zip' };
  }
  if (facts.os !== 'linux') throw new UnsupportedPlatformError(facts.os);
  const text = facts.osRelease ?? '';
  const id = osReleaseField(text, 'ID') ?? 'unknown';
  const versionId = osReleaseField(text, 'VERSION_ID') ?? '';
  const distro = LINUX.find((l) => l.id.includes(id));
  const pretty = osReleaseField(text, 'PRETTY_NAME') ?? `${id} ${versionId}`;
  if (!distro) throw new UnsupportedPlatformError(`${pretty} (${facts.arch})`);
  // RHEL-like report 9.4, Amazon Linux 2023 reports 2023: match the major version where the table has it.
  const name = distro.versions[versionId] ?? distro.versions[versionId.split('.')[0] ?? ''];
  if (name === undefined) throw new UnsupportedPlatformError(`${pretty} (${facts.arch})`);
  if (isArm && distro.arm === undefined) throw new UnsupportedPlatformError(`${pretty} on arm64`);
  return { name, arch: isArm ? distro.arm! : 'x86_64', extension: 'tgz' };
}

/** mongodb-database-tools-ubuntu2204-x86_64-100.10.0.tgz */
export function archiveFileName(platform: ToolsPlatform, version: string): string {
  return `mongodb-database-tools-${platform.name}-${platform.arch}-${version}.${platform.extension}`;
}
