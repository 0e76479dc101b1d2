import type { ChildProcess } from 'node:child_process';

export const ROOT: string;

export interface ToolPaths {
  ferretdb: string;
  mongodump: string;
  mongorestore: string;
  minio: string;
  act: string;
  actionlint: string;
  /** Node 24, the runtime GitHub runners use for node24 actions; undefined where none could be installed. */
  node24: string | undefined;
}

export interface S3Endpoint {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}

export interface RunningServer {
  child: ChildProcess;
  dir: string;
  stop(): Promise<void>;
}

export function buildTools(options?: { quiet?: boolean }): Promise<ToolPaths>;
export function freePort(): Promise<number>;
export function startFerretDb(binary: string): Promise<RunningServer & { uri: string; port: number }>;
export function startMinio(binary: string): Promise<RunningServer & { s3: S3Endpoint }>;
