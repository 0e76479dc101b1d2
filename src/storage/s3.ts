/** ObjectStore on the S3 API (AWS S3 or a compatible store), credentials from the AWS SDK's chain. */
import {
  AbortMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  NoSuchKey,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { Readable } from 'node:stream';
import type { S3Settings } from '../settings/backup.js';
import type { IncompleteUpload, ObjectStore, RunningUpload, StoredObject, UploadOptions } from './store.js';

// lib-storage buffers up to (queueSize + 1) × partSize; archives arrive no faster than mongodump
// writes them, so two parts in flight keep the memory bounded without slowing the dump.
const UPLOAD_QUEUE_SIZE = 2;

export function createS3Client(settings: S3Settings): S3Client {
  return new S3Client({
    region: settings.region,
    endpoint: settings.endpoint,
    forcePathStyle: settings.forcePathStyle,
    requestChecksumCalculation: settings.checksum === 'when-required' ? 'WHEN_REQUIRED' : 'WHEN_SUPPORTED',
    responseChecksumValidation: settings.checksum === 'when-required' ? 'WHEN_REQUIRED' : 'WHEN_SUPPORTED',
    maxAttempts: 5,
  });
}

/** Turns SDK errors into messages a person can act on (the SDK's own are often just "UnknownError"). */
export function describeS3Error(error: unknown, bucket: string, key?: string): string {
  const where = key ? `s3://${bucket}/${key}` : `bucket "${bucket}"`;
  if (error instanceof S3ServiceException) {
    const status = error.$metadata.httpStatusCode;
    switch (error.name) {
      case 'NoSuchBucket':
        return `bucket "${bucket}" does not exist`;
      case 'InvalidAccessKeyId':
      case 'SignatureDoesNotMatch':
        return `the S3 credentials were rejected for ${where} (${error.name}); check the access key and secret`;
      case 'AccessDenied':
        return `access denied to ${where}; check the credentials and their policy`;
    }
    if (status === 404 && !key) return `bucket "${bucket}" does not exist`;
    if (status === 403) return `access denied to ${where} (HTTP 403); check the credentials and their policy`;
    return `${error.name} on ${where}${status ? ` (HTTP ${status})` : ''}: ${error.message}`;
  }
  if (error instanceof Error && error.name === 'CredentialsProviderError') {
    return `no AWS credentials found: ${error.message}. Set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or use aws-actions/configure-aws-credentials`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return `S3 request on ${where} failed: ${message}`;
}

export class S3ObjectStore implements ObjectStore {
  readonly bucket: string;

  constructor(
    private readonly client: S3Client,
    settings: Pick<S3Settings, 'bucket'>,
  ) {
    this.bucket = settings.bucket;
  }

  private async send<T>(operation: () => Promise<T>, key?: string): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw new Error(describeS3Error(error, this.bucket, key), { cause: error });
    }
  }

  async checkAccess(): Promise<void> {
    await this.send(() => this.client.send(new HeadBucketCommand({ Bucket: this.bucket })));
  }

  upload(key: string, body: Readable, options: UploadOptions): RunningUpload {
    const upload = new Upload({
      client: this.client,
      params: {
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentType: options.contentType,
        Metadata: options.metadata,
      },
      partSize: options.partSize,
      queueSize: UPLOAD_QUEUE_SIZE,
      // On any failure lib-storage aborts the multipart upload, so no billable parts are left behind.
      leavePartsOnError: false,
    });
    const done = this.send(() => upload.done(), key).then(() => undefined);
    return { done, abort: () => upload.abort() };
  }

  async head(key: string): Promise<{ size: number } | undefined> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { size: head.ContentLength ?? 0 };
    } catch (error) {
      if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404) return undefined;
      throw new Error(describeS3Error(error, this.bucket, key), { cause: error });
    }
  }

  async putText(key: string, text: string, contentType: string): Promise<void> {
    await this.send(
      () =>
        this.client.send(
          new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: text, ContentType: contentType }),
        ),
      key,
    );
  }

  async getText(key: string): Promise<string | undefined> {
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return await object.Body!.transformToString();
    } catch (error) {
      if (
        error instanceof NoSuchKey ||
        (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404)
      ) {
        return undefined;
      }
      throw new Error(describeS3Error(error, this.bucket, key), { cause: error });
    }
  }

  async download(key: string): Promise<Readable> {
    const object = await this.send(
      () => this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key })),
      key,
    );
    if (!(object.Body instanceof Readable)) throw new Error(`s3://${this.bucket}/${key} returned no stream`);
    return object.Body;
  }

  async delete(key: string): Promise<void> {
    await this.send(() => this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key })), key);
  }

  async list(prefix: string): Promise<StoredObject[]> {
    const found: StoredObject[] = [];
    let token: string | undefined;
    do {
      const page = await this.send(
        () =>
          this.client.send(
            new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }),
          ),
        prefix,
      );
      for (const o of page.Contents ?? []) {
        if (o.Key !== undefined) found.push({ key: o.Key, size: o.Size ?? 0, lastModified: o.LastModified });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return found;
  }

  async listIncompleteUploads(prefix: string): Promise<IncompleteUpload[]> {
    // Listed bucket-wide and filtered here: some S3-compatible stores (MinIO) match the Prefix of
    // ListMultipartUploads only against whole keys, and would silently report none.
    const found: IncompleteUpload[] = [];
    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    do {
      const page = await this.send(
        () =>
          this.client.send(
            new ListMultipartUploadsCommand({
              Bucket: this.bucket,
              KeyMarker: keyMarker,
              UploadIdMarker: uploadIdMarker,
            }),
          ),
        prefix,
      );
      for (const u of page.Uploads ?? []) {
        if (u.Key !== undefined && u.UploadId !== undefined && u.Key.startsWith(prefix)) {
          found.push({ key: u.Key, uploadId: u.UploadId, initiated: u.Initiated });
        }
      }
      keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
      uploadIdMarker = page.IsTruncated ? page.NextUploadIdMarker : undefined;
    } while (keyMarker);
    return found;
  }

  async abortUpload(key: string, uploadId: string): Promise<void> {
    await this.send(
      () =>
        this.client.send(
          new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId }),
        ),
      key,
    );
  }

  async abortIncompleteUploads(key: string): Promise<number> {
    const uploads = (await this.listIncompleteUploads(key)).filter((u) => u.key === key);
    for (const upload of uploads) await this.abortUpload(key, upload.uploadId);
    return uploads.length;
  }
}
