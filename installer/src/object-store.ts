// The S3-compatible object storage of an installation (MinIO in compose, any S3 in a cluster),
// as backup, restore and `updates publish` need it: list a prefix, read, write, delete.
// Deliberately small: server/common has the full storage contract, but the installer may import
// only @kestrel/shared (HOUSE_STYLE.md), so it talks to S3 with the AWS SDK directly.
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

/** Where the objects are. */
export interface S3Location {
  endpoint?: string;
  region?: string;
  bucket: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle?: boolean;
}

/** One listed object. */
export interface StoredObjectEntry {
  key: string;
  size: number;
}

/** A bucket, through the AWS SDK. */
export class ObjectStore {
  readonly client: S3Client;
  readonly bucket: string;

  constructor(location: S3Location) {
    this.bucket = location.bucket;
    this.client = new S3Client({
      region: location.region ?? 'us-east-1',
      forcePathStyle: location.forcePathStyle ?? true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      ...(location.endpoint ? { endpoint: location.endpoint } : {}),
      ...(location.accessKeyId && location.secretAccessKey
        ? { credentials: { accessKeyId: location.accessKeyId, secretAccessKey: location.secretAccessKey } }
        : {}),
    });
  }

  /** Every object whose key starts with `prefix`, in the server's order. */
  async list(prefix = ''): Promise<StoredObjectEntry[]> {
    const found: StoredObjectEntry[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix || undefined, ContinuationToken: token }));
      for (const object of page.Contents ?? []) if (object.Key) found.push({ key: object.Key, size: object.Size ?? 0 });
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return found;
  }

  /** Streams an object into a file. */
  async download(key: string, file: string): Promise<void> {
    const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    await pipeline(response.Body as Readable, createWriteStream(file));
  }

  /** Uploads a file (single PUT with its length). */
  async upload(key: string, file: string, contentType = 'application/octet-stream'): Promise<void> {
    const { size } = await stat(file);
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: createReadStream(file), ContentLength: size, ContentType: contentType }));
  }

  /** Uploads bytes. */
  async put(key: string, body: Buffer | string, contentType = 'application/octet-stream'): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }));
  }

  /** True when the object exists. */
  async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (error) {
      if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  close(): void {
    this.client.destroy();
  }
}
