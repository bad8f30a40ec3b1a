// Chooses the object storage backend from configuration: S3 when an endpoint is configured (suite
// shape), a local folder otherwise (embedded shape and the desktop).
import { LocalObjectStorage } from './local-object-storage.js';
import type { ObjectStorage } from './object-storage.js';
import { S3ObjectStorage } from './s3-object-storage.js';
import { storageError } from './storage-error.js';

/** The `s3` configuration section (KESTREL_S3_*). */
export interface S3Settings {
  endpoint?: string;
  bucket?: string;
  region?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle?: boolean;
}

/** S3 storage when `s3.endpoint` is set (then `s3.bucket` is required), else a folder at `localRoot`. */
export function createObjectStorage(s3: S3Settings, localRoot: string): ObjectStorage {
  if (!s3.endpoint) return new LocalObjectStorage({ root: localRoot });
  if (!s3.bucket) throw storageError('STORAGE_INVALID_OPTIONS', 'an S3 endpoint is configured but no bucket');
  return new S3ObjectStorage({
    endpoint: s3.endpoint,
    bucket: s3.bucket,
    ...(s3.region ? { region: s3.region } : {}),
    ...(s3.accessKeyId ? { accessKeyId: s3.accessKeyId } : {}),
    ...(s3.secretAccessKey ? { secretAccessKey: s3.secretAccessKey } : {}),
    ...(s3.forcePathStyle === undefined ? {} : { forcePathStyle: s3.forcePathStyle }),
  });
}
