/** The catalog record: one per backup, with the field names of the system this replaces. */
import type { ObjectId } from 'mongodb';
import type { Tier } from '../retention.js';
import type { TopologyKind } from '../mongo/topology.js';

export type BackupStatus = 'pending' | 'completed' | 'failed';
export type Consistency = 'oplog' | 'none';

export interface RunContext {
  repository: string | undefined;
  workflow: string | undefined;
  runId: string | undefined;
  runAttempt: string | undefined;
  sha: string | undefined;
  url: string | undefined;
}

export interface BackupRecord {
  _id: ObjectId;
  dbName: string;
  /** The source database dumped; null when the whole deployment was dumped. */
  sourceDatabase: string | null;
  backupType: Tier;
  storageProvider: 's3';
  bucket: string;
  storageKey: string;
  createdAt: Date;
  expireAt: Date;
  retention: string;
  status: BackupStatus;
  completedAt?: Date;
  failedAt?: Date;
  sizeBytes?: number;
  sha256?: string;
  /** Documents mongodump reported dumping (restores compare against it). */
  documents?: number;
  durationMs?: number;
  consistency: Consistency;
  tools: { mongodump: string };
  server: { version: string; topology: TopologyKind };
  run: RunContext | null;
  error?: string;
}

export interface CompletedFields {
  completedAt: Date;
  sizeBytes: number;
  sha256: string;
  documents: number;
  durationMs: number;
}

/** The GitHub Actions run that made a backup, from the runner's environment; null outside Actions. */
export function runContext(env: NodeJS.ProcessEnv): RunContext | null {
  if (!env.GITHUB_RUN_ID) return null;
  const server = env.GITHUB_SERVER_URL ?? 'https://github.com';
  return {
    repository: env.GITHUB_REPOSITORY,
    workflow: env.GITHUB_WORKFLOW,
    runId: env.GITHUB_RUN_ID,
    runAttempt: env.GITHUB_RUN_ATTEMPT,
    sha: env.GITHUB_SHA,
    url: env.GITHUB_REPOSITORY
      ? `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
      : undefined,
  };
}
