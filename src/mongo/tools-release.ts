/** Which Database Tools release to use and where it comes from (kept apart so readers need not bundle the installer). */

export const TOOL_NAME = 'mongodb-database-tools';
/** A recent release, pinned so that every run installs the same tools. */
export const DEFAULT_TOOLS_VERSION = '100.14.0';
export const OFFICIAL_DOWNLOADS = 'https://fastdl.mongodb.org/tools/db';
/** The official download feed, which lists every release's archives and their SHA-256. */
export const OFFICIAL_FEED = 'https://downloads.mongodb.org/tools/db/full.json';

export interface ToolsSettings {
  /** A 100.x version, or 'system' for what is on PATH. */
  version: string;
  /** Where archives are downloaded from: the official location or a mirror holding the same files. */
  downloadUrl: string;
  /** The expected SHA-256, when the user pins it. */
  sha256: string | undefined;
  /** Go ahead without any checksum to verify against (an explicit opt-out). */
  allowUnverified: boolean;
}
