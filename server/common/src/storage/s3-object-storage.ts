// Object storage on an S3-compatible server (MinIO, s3rver, AWS S3) with @aws-sdk/client-s3.
// Path-style addressing by default (self-hosted servers need it) and checksums only when the
// operation requires them (older S3 implementations such as s3rver reject the SDK's default CRC
// trailers). Buffers go up in one PutObject; streams through @aws-sdk/lib-storage's Upload, which
// switches to multipart for large bodies, so memory stays bounded. Objects live under `keyPrefix`
// in the bucket, which lets deployments or test runs share a bucket.
// Known limits: etags of multipart uploads are S3's `<md5>-<parts>`, not an MD5; list pages are
// S3's (a cursor is a continuation token).
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { createHash } from 'node:crypto';
import { Readable, Transform, pipeline } from 'node:stream';
import {
  assertObjectKey,
  assertPrefix,
  assertRange,
  bodyToBufferOrStream,
  resolveListLimit,
  resolvePutOptions,
  satisfyRange,
} from './object-key.js';
import type {
  GetOptions,
  ListOptions,
  ListPage,
  ObjectBody,
  ObjectInfo,
  ObjectStorage,
  PutOptions,
  PutResult,
  StoredObject,
} from './object-storage.js';
import { storageError } from './storage-error.js';

/** Options of the S3 storage. */
export interface S3ObjectStorageOptions {
  /** Endpoint URL, e.g. `http://127.0.0.1:9000`; omit for AWS. */
  endpoint?: string;
  bucket: string;
  /** Default `us-east-1`. */
  region?: string;
  /** Static credentials; omit to use the SDK's default provider chain. */
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Default true. */
  forcePathStyle?: boolean;
  /** Prepended to every key inside the bucket; must be '' or end with '/'. Default ''. */
  keyPrefix?: string;
  /** Per-request timeout in ms. Default 30 000. */
  requestTimeoutMs?: number;
}

/** Object storage in an S3 bucket. */
export class S3ObjectStorage implements ObjectStorage {
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #prefix: string;

  constructor(options: S3ObjectStorageOptions) {
    if (typeof options?.bucket !== 'string' || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(options.bucket)) {
      throw storageError('STORAGE_INVALID_OPTIONS', 'bucket must be an S3 bucket name');
    }
    const keyPrefix = options.keyPrefix ?? '';
    if (keyPrefix !== '') {
      assertPrefix(keyPrefix);
      if (!keyPrefix.endsWith('/')) throw storageError('STORAGE_INVALID_OPTIONS', "keyPrefix must be '' or end with '/'");
    }
    if ((options.accessKeyId === undefined) !== (options.secretAccessKey === undefined)) {
      throw storageError('STORAGE_INVALID_OPTIONS', 'set both accessKeyId and secretAccessKey, or neither');
    }
    this.#bucket = options.bucket;
    this.#prefix = keyPrefix;
    this.#client = new S3Client({
      region: options.region ?? 'us-east-1',
      forcePathStyle: options.forcePathStyle ?? true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(options.accessKeyId && options.secretAccessKey
        ? { credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey } }
        : {}),
      requestHandler: { requestTimeout: options.requestTimeoutMs ?? 30_000 },
    });
  }

  async put(key: string, body: ObjectBody, options?: PutOptions): Promise<PutResult> {
    assertObjectKey(key);
    const { contentType, metadata } = resolvePutOptions(options);
    const data = bodyToBufferOrStream(body);
    const target = { Bucket: this.#bucket, Key: this.#prefix + key, ContentType: contentType, Metadata: metadata };
    try {
      if (Buffer.isBuffer(data)) {
        const result = await this.#client.send(new PutObjectCommand({ ...target, Body: data, ContentLength: data.length }));
        return { key, size: data.length, etag: cleanEtag(result.ETag) ?? md5(data) };
      }
      let size = 0;
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          size += chunk.length;
          callback(null, chunk);
        },
      });
      // pipeline (not pipe) so a failing source stream fails the upload instead of stalling it.
      pipeline(data, counter, () => {});
      const upload = new Upload({ client: this.#client, params: { ...target, Body: counter } });
      const result = await upload.done();
      return { key, size, etag: cleanEtag(result.ETag) ?? '' };
    } catch (error) {
      throw translate(error, key);
    }
  }

  async get(key: string, options: GetOptions = {}): Promise<StoredObject<Readable>> {
    const { info, range, body } = await this.#getObject(key, options);
    return range ? { info, range, body } : { info, body };
  }

  async getBuffer(key: string, options: GetOptions = {}): Promise<StoredObject<Buffer>> {
    const { info, range, body } = await this.#getObject(key, options);
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of body) chunks.push(chunk as Buffer);
    } catch (error) {
      throw translate(error, key);
    }
    const buffer = Buffer.concat(chunks);
    return range ? { info, range, body: buffer } : { info, body: buffer };
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    assertObjectKey(key);
    try {
      const result = await this.#client.send(new HeadObjectCommand({ Bucket: this.#bucket, Key: this.#prefix + key }));
      return {
        key,
        size: result.ContentLength ?? 0,
        contentType: result.ContentType ?? 'application/octet-stream',
        metadata: result.Metadata ?? {},
        etag: cleanEtag(result.ETag) ?? '',
        lastModified: result.LastModified ?? new Date(0),
      };
    } catch (error) {
      const translated = translate(error, key);
      if (translated.code === 'STORAGE_NOT_FOUND') return undefined;
      throw translated;
    }
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListPage> {
    assertPrefix(prefix);
    const limit = resolveListLimit(options.limit);
    try {
      const result = await this.#client.send(
        new ListObjectsV2Command({
          Bucket: this.#bucket,
          Prefix: this.#prefix + prefix,
          MaxKeys: limit,
          ...(options.cursor === undefined ? {} : { ContinuationToken: options.cursor }),
        }),
      );
      const objects = (result.Contents ?? []).map((entry) => ({
        key: (entry.Key ?? '').slice(this.#prefix.length),
        size: entry.Size ?? 0,
        etag: cleanEtag(entry.ETag) ?? '',
        lastModified: entry.LastModified ?? new Date(0),
      }));
      return result.IsTruncated && result.NextContinuationToken ? { objects, cursor: result.NextContinuationToken } : { objects };
    } catch (error) {
      if (options.cursor !== undefined && error instanceof S3ServiceException && error.$metadata.httpStatusCode === 400) {
        throw storageError('STORAGE_INVALID_CURSOR', 'the list cursor was rejected by the S3 server', error);
      }
      throw translate(error, prefix);
    }
  }

  async delete(key: string): Promise<void> {
    assertObjectKey(key);
    try {
      await this.#client.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key: this.#prefix + key }));
    } catch (error) {
      const translated = translate(error, key);
      if (translated.code !== 'STORAGE_NOT_FOUND') throw translated;
    }
  }

  /** Closes the HTTP connections. */
  close(): void {
    this.#client.destroy();
  }

  async #getObject(key: string, options: GetOptions): Promise<{ info: ObjectInfo; range?: { start: number; end: number }; body: Readable }> {
    assertObjectKey(key);
    if (options.range) assertRange(options.range);
    const range = options.range;
    try {
      const result = await this.#client.send(
        new GetObjectCommand({
          Bucket: this.#bucket,
          Key: this.#prefix + key,
          ...(range ? { Range: `bytes=${range.start}-${range.end ?? ''}` } : {}),
        }),
      );
      const returned = range && result.ContentRange ? parseContentRange(result.ContentRange) : undefined;
      const size = returned?.size ?? result.ContentLength ?? 0;
      const info: ObjectInfo = {
        key,
        size,
        contentType: result.ContentType ?? 'application/octet-stream',
        metadata: result.Metadata ?? {},
        etag: cleanEtag(result.ETag) ?? '',
        lastModified: result.LastModified ?? new Date(0),
      };
      const body = result.Body instanceof Readable ? result.Body : Readable.from([]);
      if (!range) return { info, body };
      // A server may ignore the Range header (HTTP allows a plain 200) or widen it (s3rver treats
      // `bytes=0-0` as the whole object): cut what came back down to what was asked for.
      const wanted = satisfyRange(range, size);
      const got = returned ?? { start: 0, end: size - 1 };
      if (got.start > wanted.start || got.end < wanted.end) {
        body.destroy();
        throw storageError('STORAGE_UNAVAILABLE', `the S3 server returned bytes ${got.start}-${got.end} for a request of ${wanted.start}-${wanted.end}`);
      }
      const exact = got.start === wanted.start && got.end === wanted.end;
      return { info, range: wanted, body: exact ? body : sliceStream(body, wanted.start - got.start, wanted.end - wanted.start + 1) };
    } catch (error) {
      throw translate(error, key);
    }
  }
}

/** The `length` bytes of `source` after its first `skip` bytes. */
function sliceStream(source: Readable, skip: number, length: number): Readable {
  let offset = 0;
  const slicer = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      const from = Math.max(0, skip - offset);
      const to = Math.min(chunk.length, skip + length - offset);
      offset += chunk.length;
      callback(null, from < to ? chunk.subarray(from, to) : undefined);
    },
  });
  pipeline(source, slicer, () => {});
  return slicer;
}

function md5(data: Buffer): string {
  return createHash('md5').update(data).digest('hex');
}

function cleanEtag(etag: string | undefined): string | undefined {
  return etag?.replace(/^"|"$/g, '');
}

/** Parses `bytes start-end/size`; throws when a ranged get came back without it. */
function parseContentRange(header: string | undefined): { start: number; end: number; size: number } {
  const match = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(header ?? '');
  if (!match) throw storageError('STORAGE_UNAVAILABLE', `the S3 server answered a ranged get without a valid Content-Range (${header})`);
  return { start: Number(match[1]), end: Number(match[2]), size: Number(match[3]) };
}

/** Maps SDK errors to storage codes. */
function translate(error: unknown, key: string) {
  if ((error as { code?: string }).code?.startsWith?.('STORAGE_')) return error as ReturnType<typeof storageError>;
  if (error instanceof S3ServiceException) {
    const status = error.$metadata.httpStatusCode;
    if (error.name === 'NoSuchKey' || error.name === 'NotFound' || status === 404) {
      return storageError('STORAGE_NOT_FOUND', `no object with key ${JSON.stringify(key)}`, error);
    }
    if (error.name === 'InvalidRange' || status === 416) {
      return storageError('STORAGE_INVALID_RANGE', `the byte range is not satisfiable for ${JSON.stringify(key)}`, error);
    }
  }
  return storageError('STORAGE_UNAVAILABLE', `S3 request for ${JSON.stringify(key)} failed: ${(error as Error)?.message ?? String(error)}`, error);
}
