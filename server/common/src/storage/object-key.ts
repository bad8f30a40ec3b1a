// Validation shared by both storage backends, so a key, prefix, metadata set or range is accepted
// by one exactly when it is accepted by the other. Key rules exist for safety as much as
// portability: no `..`/`.` segments, no backslashes, no leading `/` and no control characters
// means a key can never name a path outside the local storage root.
import { Readable } from 'node:stream';
import type { ByteRange, ObjectBody, PutOptions } from './object-storage.js';
import { storageError } from './storage-error.js';

/** Longest key, in UTF-8 bytes (the S3 limit). */
export const MAX_KEY_BYTES = 1024;
/** Largest total of metadata keys and values, in bytes (the S3 limit for user metadata). */
export const MAX_METADATA_BYTES = 2048;
/** Default content type of put. */
export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

const CONTROL = /[\u0000-\u001f\u007f]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const METADATA_KEY = /^[a-z0-9][a-z0-9-]{0,127}$/;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const CONTENT_TYPE = /^[A-Za-z0-9!#$&^_.+-]+\/[A-Za-z0-9!#$&^_.+-]+(\s*;[\x20-\x7e]*)?$/;

function checkCharacters(value: string, what: string): void {
  if (LONE_SURROGATE.test(value)) throw storageError('STORAGE_INVALID_KEY', `${what} is not valid Unicode`);
  if (Buffer.byteLength(value, 'utf8') > MAX_KEY_BYTES) {
    throw storageError('STORAGE_INVALID_KEY', `${what} is longer than ${MAX_KEY_BYTES} bytes`);
  }
  if (CONTROL.test(value)) throw storageError('STORAGE_INVALID_KEY', `${what} contains a control character`);
  if (value.includes('\\')) throw storageError('STORAGE_INVALID_KEY', `${what} contains a backslash`);
  if (value.startsWith('/')) throw storageError('STORAGE_INVALID_KEY', `${what} starts with '/'`);
}

/** Throws STORAGE_INVALID_KEY unless `key` is a valid object key. */
export function assertObjectKey(key: unknown): asserts key is string {
  if (typeof key !== 'string' || key.length === 0) throw storageError('STORAGE_INVALID_KEY', 'object key must be a non-empty string');
  checkCharacters(key, `object key ${JSON.stringify(key)}`);
  for (const segment of key.split('/')) {
    if (segment === '' || segment === '.' || segment === '..') {
      throw storageError('STORAGE_INVALID_KEY', `object key ${JSON.stringify(key)} has an empty, '.' or '..' segment`);
    }
  }
}

/** Throws STORAGE_INVALID_KEY unless `prefix` is a valid list prefix ('' or a key's beginning). */
export function assertPrefix(prefix: unknown): asserts prefix is string {
  if (typeof prefix !== 'string') throw storageError('STORAGE_INVALID_KEY', 'prefix must be a string');
  if (prefix === '') return;
  checkCharacters(prefix, `prefix ${JSON.stringify(prefix)}`);
  // Every complete segment follows the key rules; the last one may be partial (or empty after '/').
  const complete = prefix.split('/').slice(0, -1);
  for (const segment of complete) {
    if (segment === '' || segment === '.' || segment === '..') {
      throw storageError('STORAGE_INVALID_KEY', `prefix ${JSON.stringify(prefix)} has an empty, '.' or '..' segment`);
    }
  }
}

/** Validated content type and metadata of a put. */
export function resolvePutOptions(options: PutOptions = {}): { contentType: string; metadata: Record<string, string> } {
  const contentType = options.contentType ?? DEFAULT_CONTENT_TYPE;
  if (typeof contentType !== 'string' || contentType.length > 255 || !CONTENT_TYPE.test(contentType)) {
    throw storageError('STORAGE_INVALID_METADATA', `content type ${JSON.stringify(contentType)} is not a MIME type`);
  }
  const metadata: Record<string, string> = {};
  let total = 0;
  for (const [key, value] of Object.entries(options.metadata ?? {})) {
    if (!METADATA_KEY.test(key)) {
      throw storageError('STORAGE_INVALID_METADATA', `metadata key ${JSON.stringify(key)} must be lower-case letters, digits and '-'`);
    }
    if (typeof value !== 'string' || !PRINTABLE_ASCII.test(value)) {
      throw storageError('STORAGE_INVALID_METADATA', `metadata value of ${key} must be printable ASCII`);
    }
    total += key.length + value.length;
    metadata[key] = value;
  }
  if (total > MAX_METADATA_BYTES) {
    throw storageError('STORAGE_INVALID_METADATA', `metadata is ${total} bytes; at most ${MAX_METADATA_BYTES} are allowed`);
  }
  return { contentType, metadata };
}

/** Throws STORAGE_INVALID_RANGE unless `range` is well formed (independent of the object's size). */
export function assertRange(range: ByteRange): void {
  const { start, end } = range;
  if (!Number.isSafeInteger(start) || start < 0 || (end !== undefined && (!Number.isSafeInteger(end) || end < start))) {
    throw storageError('STORAGE_INVALID_RANGE', `invalid byte range ${JSON.stringify(range)}: need integers 0 <= start <= end`);
  }
}

/** The satisfied inclusive range of a `size`-byte object; STORAGE_INVALID_RANGE when it starts past the end. */
export function satisfyRange(range: ByteRange, size: number): { start: number; end: number } {
  assertRange(range);
  if (range.start >= size) {
    throw storageError('STORAGE_INVALID_RANGE', `range starts at byte ${range.start} but the object has ${size} bytes`);
  }
  return { start: range.start, end: Math.min(range.end ?? size - 1, size - 1) };
}

/** Normalises a put body: bytes stay bytes, text becomes UTF-8, streams stay streams. */
export function bodyToBufferOrStream(body: ObjectBody): Buffer | Readable {
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (Buffer.isBuffer(body)) return body;
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof Readable) return body;
  throw storageError('STORAGE_INVALID_OPTIONS', 'body must be a Buffer, Uint8Array, string or Readable');
}

/** Limits and defaults a list page size. */
export function resolveListLimit(limit: number | undefined): number {
  const value = limit ?? 1000;
  if (!Number.isInteger(value) || value < 1 || value > 1000) {
    throw storageError('STORAGE_INVALID_OPTIONS', `list limit must be an integer from 1 to 1000, got ${limit}`);
  }
  return value;
}
