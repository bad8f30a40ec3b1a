// Object storage in a local folder, for the embedded shape and the desktop.
//
// Layout: key `a/b/c.pdf` is the file `<root>/a/b/c.pdf~obj`. Each segment is escaped so only
// [A-Za-z0-9._-] and %XX appear (a leading '.' is escaped too): `~` therefore never occurs in a
// directory name, so object `a` (`a~obj`) and object `a/b` (directory `a`) coexist, and temp files
// (`.~tmp-*`) can never be mistaken for objects. A file holds a fixed 8 KiB JSON header (key,
// content type, metadata, size, etag, time; space-padded) followed by the bytes, so an object and
// its attributes are replaced together by one rename.
// Invariants: writes go to a temp file in the target directory, are fsynced, then renamed over the
// object — readers see the old or the new object, never a partial one; every path is checked to be
// inside the root after key validation (defence in depth against traversal).
// Known limits: listing walks the prefix's directory subtree for every page (fine for the embedded
// scale, not for millions of objects); on case-insensitive file systems keys differing only in case
// collide; an escaped segment must fit the file system's 255-byte name limit (long non-ASCII
// segments are refused with STORAGE_INVALID_KEY); the directory is not fsynced after the rename.
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readdir, rename, rmdir, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import {
  assertObjectKey,
  assertPrefix,
  bodyToBufferOrStream,
  resolveListLimit,
  resolvePutOptions,
  satisfyRange,
} from './object-key.js';
import type {
  GetOptions,
  ListedObject,
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

/** Bytes reserved at the start of every object file for its JSON header. */
const HEADER_BYTES = 8192;
const OBJECT_SUFFIX = '~obj';
const TEMP_PREFIX = '.~tmp-';
const MAX_NAME_BYTES = 255;

interface Header {
  key: string;
  contentType: string;
  metadata: Record<string, string>;
  size: number;
  etag: string;
  lastModified: string;
}

/** Options of the local-folder storage. */
export interface LocalObjectStorageOptions {
  /** Directory holding the objects; created on first write. */
  root: string;
}

/** Escapes one key segment into a file-name-safe string. */
function escapeSegment(segment: string): string {
  let out = '';
  for (const byte of Buffer.from(segment, 'utf8')) {
    const char = String.fromCharCode(byte);
    out += /[A-Za-z0-9_-]/.test(char) || (char === '.' && out !== '') ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function unescapeSegment(name: string): string {
  return Buffer.from(name.replace(/%([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8');
}

/** Object storage in a directory tree. */
export class LocalObjectStorage implements ObjectStorage {
  readonly #root: string;

  constructor(options: LocalObjectStorageOptions) {
    if (typeof options?.root !== 'string' || options.root === '') {
      throw storageError('STORAGE_INVALID_OPTIONS', 'root must be a directory path');
    }
    this.#root = path.resolve(options.root);
  }

  async put(key: string, body: ObjectBody, options?: PutOptions): Promise<PutResult> {
    assertObjectKey(key);
    const { contentType, metadata } = resolvePutOptions(options);
    const data = bodyToBufferOrStream(body);
    const file = this.#objectPath(key);
    const directory = path.dirname(file);
    const temp = path.join(directory, `${TEMP_PREFIX}${randomUUID()}`);
    // A concurrent delete may remove the (then empty) directory between mkdir and open: retry.
    let handle: FileHandle | undefined;
    for (let attempt = 0; !handle; attempt++) {
      try {
        await mkdir(directory, { recursive: true });
        handle = await open(temp, 'wx');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= 3) throw unavailable('creating', key, error);
      }
    }
    try {
      const hash = createHash('md5');
      let size = 0;
      await handle.write(Buffer.alloc(HEADER_BYTES, 0x20), 0, HEADER_BYTES, 0);
      const chunks: AsyncIterable<Buffer | string> | Buffer[] = Buffer.isBuffer(data) ? [data] : data;
      for await (const chunk of chunks) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
        hash.update(bytes);
        await handle.write(bytes, 0, bytes.length, HEADER_BYTES + size);
        size += bytes.length;
      }
      const header: Header = {
        key,
        contentType,
        metadata,
        size,
        etag: hash.digest('hex'),
        lastModified: new Date().toISOString(),
      };
      const encoded = Buffer.from(JSON.stringify(header), 'utf8');
      // Key, content type and metadata limits keep the header far below the reserved space.
      if (encoded.length > HEADER_BYTES) throw storageError('STORAGE_INVALID_METADATA', 'object attributes are too large');
      await handle.write(encoded, 0, encoded.length, 0);
      await handle.sync();
      await handle.close();
      handle = undefined;
      await rename(temp, file);
      return { key, size, etag: header.etag };
    } catch (error) {
      await handle?.close().catch(() => {});
      await unlink(temp).catch(() => {});
      if ((error as { code?: string }).code?.startsWith('STORAGE_')) throw error;
      throw unavailable('writing', key, error);
    }
  }

  async get(key: string, options: GetOptions = {}): Promise<StoredObject<Readable>> {
    const { handle, info } = await this.#openObject(key);
    try {
      const range = options.range ? satisfyRange(options.range, info.size) : undefined;
      // An empty object has no bytes to stream; createReadStream cannot express an empty range.
      if (info.size === 0) {
        await handle.close();
        return { info, body: Readable.from([]) };
      }
      const body = handle.createReadStream({
        start: HEADER_BYTES + (range?.start ?? 0),
        end: HEADER_BYTES + (range?.end ?? info.size - 1),
        autoClose: true,
      });
      return range ? { info, range, body } : { info, body };
    } catch (error) {
      await handle.close().catch(() => {});
      throw error;
    }
  }

  async getBuffer(key: string, options: GetOptions = {}): Promise<StoredObject<Buffer>> {
    const { handle, info } = await this.#openObject(key);
    try {
      const range = options.range ? satisfyRange(options.range, info.size) : undefined;
      const start = range?.start ?? 0;
      const length = range ? range.end - range.start + 1 : info.size;
      const body = Buffer.alloc(length);
      const { bytesRead } = await handle.read(body, 0, length, HEADER_BYTES + start);
      if (bytesRead !== length) throw storageError('STORAGE_UNAVAILABLE', `object ${key} is truncated on disk`);
      return range ? { info, range, body } : { info, body };
    } finally {
      await handle.close().catch(() => {});
    }
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    try {
      const { handle, info } = await this.#openObject(key);
      await handle.close();
      return info;
    } catch (error) {
      if ((error as { code?: string }).code === 'STORAGE_NOT_FOUND') return undefined;
      throw error;
    }
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListPage> {
    assertPrefix(prefix);
    const limit = resolveListLimit(options.limit);
    const after = options.cursor === undefined ? undefined : decodeCursor(options.cursor, prefix);
    // Only complete segments name directories; the partial last one filters file names.
    const segments = prefix.split('/').slice(0, -1);
    const base = segments.length > 0 ? path.join(this.#root, ...segments.map(escapeSegment)) : this.#root;
    const keys: string[] = [];
    await this.#walk(base, segments, keys);
    const afterBytes = after === undefined ? undefined : Buffer.from(after, 'utf8');
    const matching = keys
      .filter((key) => key.startsWith(prefix))
      .map((key) => ({ key, bytes: Buffer.from(key, 'utf8') }))
      .filter(({ bytes }) => afterBytes === undefined || Buffer.compare(bytes, afterBytes) > 0)
      .sort((a, b) => Buffer.compare(a.bytes, b.bytes));
    const page = matching.slice(0, limit);
    const objects: ListedObject[] = [];
    for (const { key } of page) {
      const info = await this.head(key);
      // Deleted between the directory walk and now: a listing is not a snapshot.
      if (info) objects.push({ key, size: info.size, etag: info.etag, lastModified: info.lastModified });
    }
    const last = page[page.length - 1];
    return matching.length > limit && last ? { objects, cursor: encodeCursor(last.key, prefix) } : { objects };
  }

  async delete(key: string): Promise<void> {
    assertObjectKey(key);
    const file = this.#objectPath(key);
    try {
      await unlink(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw unavailable('deleting', key, error);
    }
    // Remove directories the delete left empty, up to (not including) the root.
    for (let dir = path.dirname(file); dir !== this.#root && dir.startsWith(this.#root + path.sep); dir = path.dirname(dir)) {
      try {
        await rmdir(dir);
      } catch {
        break;
      }
    }
  }

  #objectPath(key: string): string {
    const segments = key.split('/').map(escapeSegment);
    segments[segments.length - 1] += OBJECT_SUFFIX;
    if (segments.some((segment) => Buffer.byteLength(segment) > MAX_NAME_BYTES)) {
      throw storageError('STORAGE_INVALID_KEY', `object key ${JSON.stringify(key)} has a segment too long for local storage`);
    }
    const file = path.join(this.#root, ...segments);
    if (!file.startsWith(this.#root + path.sep)) {
      throw storageError('STORAGE_INVALID_KEY', `object key ${JSON.stringify(key)} resolves outside the storage root`);
    }
    return file;
  }

  async #openObject(key: string): Promise<{ handle: FileHandle; info: ObjectInfo }> {
    assertObjectKey(key);
    let handle: FileHandle;
    try {
      handle = await open(this.#objectPath(key), 'r');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') throw storageError('STORAGE_NOT_FOUND', `no object with key ${JSON.stringify(key)}`);
      throw unavailable('opening', key, error);
    }
    try {
      const raw = Buffer.alloc(HEADER_BYTES);
      await handle.read(raw, 0, HEADER_BYTES, 0);
      const header = JSON.parse(raw.toString('utf8')) as Header;
      return {
        handle,
        info: {
          key: header.key,
          size: header.size,
          contentType: header.contentType,
          metadata: header.metadata,
          etag: header.etag,
          lastModified: new Date(header.lastModified),
        },
      };
    } catch (error) {
      await handle.close().catch(() => {});
      throw unavailable('reading', key, error);
    }
  }

  /** Collects the keys of all objects under `dir`, whose key segments are `segments`. */
  async #walk(dir: string, segments: string[], keys: string[]): Promise<void> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return;
      throw storageError('STORAGE_UNAVAILABLE', `listing ${dir} failed`, error);
    }
    for (const entry of entries) {
      if (entry.isDirectory() && !entry.name.includes('~')) {
        await this.#walk(path.join(dir, entry.name), [...segments, unescapeSegment(entry.name)], keys);
      } else if (entry.isFile() && entry.name.endsWith(OBJECT_SUFFIX) && !entry.name.startsWith(TEMP_PREFIX)) {
        keys.push([...segments, unescapeSegment(entry.name.slice(0, -OBJECT_SUFFIX.length))].join('/'));
      }
    }
  }
}

function unavailable(action: string, key: string, error: unknown) {
  return storageError('STORAGE_UNAVAILABLE', `${action} object ${JSON.stringify(key)} failed: ${(error as Error).message}`, error);
}

/** Cursor = base64url of JSON {prefix, after}: opaque to callers, checked against the prefix. */
function encodeCursor(after: string, prefix: string): string {
  return Buffer.from(JSON.stringify({ p: prefix, a: after }), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string, prefix: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { p?: unknown; a?: unknown };
    if (parsed.p === prefix && typeof parsed.a === 'string') return parsed.a;
  } catch {
    // fall through to the error below
  }
  throw storageError('STORAGE_INVALID_CURSOR', 'the list cursor does not belong to this prefix');
}
