// The object storage contract shared by the S3 backend (suite shape: MinIO, s3rver, AWS) and the
// local-folder backend (embedded shape). Both pass one contract suite (object-storage-contract.ts).
//
// Semantics: keys are validated identically by both (object-key.ts); a put is atomic — readers see
// the old object or the new one, never a partial one; an object's etag is the hex MD5 of its bytes
// for single-part writes (multipart S3 uploads of large streams get S3's `<md5>-<parts>` form, so
// treat etags as opaque equality tokens); list returns keys in UTF-8 byte order, a page at a time;
// delete is idempotent. Ranges are HTTP-style inclusive byte ranges; an end beyond the object is
// clamped, a start at or beyond its end is STORAGE_INVALID_RANGE.
import type { Readable } from 'node:stream';

/** What can be stored: bytes, text (stored as UTF-8) or a stream of bytes. */
export type ObjectBody = Buffer | Uint8Array | string | Readable;

/** Options of put. */
export interface PutOptions {
  /** MIME type returned on get. Default `application/octet-stream`. */
  contentType?: string;
  /** User metadata: lower-case keys, printable-ASCII values, 2 KiB in total. */
  metadata?: Readonly<Record<string, string>>;
}

/** What put reports about the stored object. */
export interface PutResult {
  key: string;
  size: number;
  etag: string;
}

/** An object's attributes. */
export interface ObjectInfo {
  key: string;
  /** Size of the whole object in bytes (also for ranged gets). */
  size: number;
  contentType: string;
  metadata: Record<string, string>;
  etag: string;
  lastModified: Date;
}

/** Inclusive byte range; `end` omitted = to the end of the object. */
export interface ByteRange {
  start: number;
  end?: number;
}

/** Options of get and getBuffer. */
export interface GetOptions {
  range?: ByteRange;
}

/** A read object: its attributes, the satisfied range (when one was asked for) and its bytes. */
export interface StoredObject<B> {
  info: ObjectInfo;
  range?: { start: number; end: number };
  body: B;
}

/** One entry of a listing. */
export interface ListedObject {
  key: string;
  size: number;
  etag: string;
  lastModified: Date;
}

/** Options of list. */
export interface ListOptions {
  /** From the previous page's `cursor`. */
  cursor?: string;
  /** Objects per page, 1-1000. Default 1000. */
  limit?: number;
}

/** One page of a listing; `cursor` is set when more objects follow. */
export interface ListPage {
  objects: ListedObject[];
  cursor?: string;
}

/** Stores and retrieves objects by key. */
export interface ObjectStorage {
  /** Stores `body` under `key`, replacing any object there, atomically. */
  put(key: string, body: ObjectBody, options?: PutOptions): Promise<PutResult>;
  /** Streams an object (or a byte range of it); STORAGE_NOT_FOUND when absent. */
  get(key: string, options?: GetOptions): Promise<StoredObject<Readable>>;
  /** Reads an object (or a byte range of it) into memory; STORAGE_NOT_FOUND when absent. */
  getBuffer(key: string, options?: GetOptions): Promise<StoredObject<Buffer>>;
  /** An object's attributes, or undefined when absent. */
  head(key: string): Promise<ObjectInfo | undefined>;
  /** Objects whose key starts with `prefix` (plain string prefix, '' = all), in UTF-8 byte order. */
  list(prefix: string, options?: ListOptions): Promise<ListPage>;
  /** Removes an object; removing an absent key is not an error. */
  delete(key: string): Promise<void>;
}
