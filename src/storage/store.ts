/** The object store boundary: where archives and manifests live. */
import type { Readable } from 'node:stream';

export interface UploadOptions {
  contentType: string;
  partSize: number;
  metadata?: Record<string, string>;
}

export interface RunningUpload {
  /** Resolves when the object exists; rejects (after aborting any multipart upload) otherwise. */
  done: Promise<void>;
  abort(): Promise<void>;
}

export interface StoredObject {
  key: string;
  size: number;
  lastModified: Date | undefined;
}

/** A multipart upload that was started and neither completed nor aborted: invisible, but billed. */
export interface IncompleteUpload {
  key: string;
  uploadId: string;
  initiated: Date | undefined;
}

export interface ObjectStore {
  readonly bucket: string;
  /** Fails with a clear message when the bucket is missing or the credentials cannot use it. */
  checkAccess(): Promise<void>;
  /** Streams `body` into `key`; only a body that ends cleanly becomes an object. */
  upload(key: string, body: Readable, options: UploadOptions): RunningUpload;
  /** Size of the object, or undefined when there is none. */
  head(key: string): Promise<{ size: number } | undefined>;
  putText(key: string, text: string, contentType: string): Promise<void>;
  /** The object's body as text, or undefined when there is none. */
  getText(key: string): Promise<string | undefined>;
  /** The object's body as a stream. */
  download(key: string): Promise<Readable>;
  delete(key: string): Promise<void>;
  /** Every object under `prefix`. */
  list(prefix: string): Promise<StoredObject[]>;
  listIncompleteUploads(prefix: string): Promise<IncompleteUpload[]>;
  abortUpload(key: string, uploadId: string): Promise<void>;
  /** Aborts every unfinished multipart upload of exactly `key`; returns how many there were. */
  abortIncompleteUploads(key: string): Promise<number>;
}
