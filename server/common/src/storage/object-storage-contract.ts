// The one contract suite both ObjectStorage backends pass (local-object-storage.test.ts against a
// temp dir, s3-object-storage.test.ts against the S3 server of scripts/test-services.sh). It pins
// round trips of bytes, text and streams with content type and metadata, ranged reads, head,
// paginated prefix listing in byte order, idempotent delete, replacement, and stable error codes.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { after, describe, it } from 'node:test';
import type { ObjectStorage } from './object-storage.js';

/** How the suite builds an isolated, empty storage. */
export interface ObjectStorageContractTarget {
  createStorage(): Promise<ObjectStorage>;
  /** Releases what createStorage made (temp dirs, clients). */
  dispose?(storage: ObjectStorage): Promise<void>;
}

const md5 = (data: Buffer) => createHash('md5').update(data).digest('hex');

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

/** Registers the contract tests for one backend. */
export function objectStorageContract(name: string, target: ObjectStorageContractTarget): void {
  describe(`ObjectStorage contract: ${name}`, () => {
    const created: ObjectStorage[] = [];
    const open = async () => {
      const storage = await target.createStorage();
      created.push(storage);
      return storage;
    };
    after(async () => {
      for (const storage of created) await target.dispose?.(storage);
    });

    it('round-trips bytes with content type and metadata, as buffer and as stream', async () => {
      const storage = await open();
      const data = randomBytes(70_000);
      const put = await storage.put('reports/2026/acct-1.pdf', data, {
        contentType: 'application/pdf',
        metadata: { 'account-id': 'acct-1', generator: 'kestrel reporting 1.0' },
      });
      assert.deepEqual(put, { key: 'reports/2026/acct-1.pdf', size: data.length, etag: md5(data) });
      const { info, body } = await storage.getBuffer('reports/2026/acct-1.pdf');
      assert.ok(body.equals(data));
      assert.equal(info.key, 'reports/2026/acct-1.pdf');
      assert.equal(info.size, data.length);
      assert.equal(info.contentType, 'application/pdf');
      assert.deepEqual(info.metadata, { 'account-id': 'acct-1', generator: 'kestrel reporting 1.0' });
      assert.equal(info.etag, md5(data));
      assert.ok(Math.abs(info.lastModified.getTime() - Date.now()) < 60_000);
      const streamed = await storage.get('reports/2026/acct-1.pdf');
      assert.ok((await readAll(streamed.body)).equals(data));
      assert.equal(streamed.range, undefined);
    });

    it('stores text as UTF-8, empty objects, and streamed bodies of unknown length', async () => {
      const storage = await open();
      await storage.put('notes/ünïcode €.txt', 'héllo wörld €', { contentType: 'text/plain; charset=utf-8' });
      const text = await storage.getBuffer('notes/ünïcode €.txt');
      assert.equal(text.body.toString('utf8'), 'héllo wörld €');
      assert.equal(text.info.contentType, 'text/plain; charset=utf-8');
      assert.equal(text.info.size, Buffer.byteLength('héllo wörld €'));

      const empty = await storage.put('empty', Buffer.alloc(0));
      assert.equal(empty.size, 0);
      assert.equal((await storage.getBuffer('empty')).body.length, 0);
      assert.equal((await readAll((await storage.get('empty')).body)).length, 0);
      assert.equal((await storage.head('empty'))?.contentType, 'application/octet-stream');

      const parts = [randomBytes(1000), randomBytes(50_000), randomBytes(7)];
      const streamed = await storage.put('backups/db.dump', Readable.from(parts), { contentType: 'application/octet-stream' });
      const whole = Buffer.concat(parts);
      assert.equal(streamed.size, whole.length);
      assert.ok((await storage.getBuffer('backups/db.dump')).body.equals(whole));
      assert.equal((await storage.head('backups/db.dump'))?.size, whole.length);
    });

    it('reads byte ranges, clamping the end and refusing a start past the end', async () => {
      const storage = await open();
      const data = Buffer.from('0123456789abcdefghij');
      await storage.put('ranged', data);
      const middle = await storage.getBuffer('ranged', { range: { start: 5, end: 9 } });
      assert.equal(middle.body.toString(), '56789');
      assert.deepEqual(middle.range, { start: 5, end: 9 });
      assert.equal(middle.info.size, 20, 'info.size is the whole object');
      const tail = await storage.get('ranged', { range: { start: 15 } });
      assert.equal((await readAll(tail.body)).toString(), 'fghij');
      assert.deepEqual(tail.range, { start: 15, end: 19 });
      const clamped = await storage.getBuffer('ranged', { range: { start: 18, end: 1000 } });
      assert.equal(clamped.body.toString(), 'ij');
      assert.deepEqual(clamped.range, { start: 18, end: 19 });
      const single = await storage.getBuffer('ranged', { range: { start: 0, end: 0 } });
      assert.equal(single.body.toString(), '0');
      await assert.rejects(storage.getBuffer('ranged', { range: { start: 20 } }), { code: 'STORAGE_INVALID_RANGE' });
      await assert.rejects(storage.get('ranged', { range: { start: 5, end: 4 } }), { code: 'STORAGE_INVALID_RANGE' });
      await assert.rejects(storage.get('ranged', { range: { start: -1 } }), { code: 'STORAGE_INVALID_RANGE' });
      await assert.rejects(storage.get('ranged', { range: { start: 1.5 } }), { code: 'STORAGE_INVALID_RANGE' });
    });

    it('heads, replaces and deletes objects; delete is idempotent', async () => {
      const storage = await open();
      assert.equal(await storage.head('a/b'), undefined);
      await storage.put('a/b', 'first', { metadata: { version: '1' } });
      await storage.put('a', 'a file beside the a/ folder');
      assert.equal((await storage.head('a/b'))?.metadata.version, '1');
      await storage.put('a/b', 'second, longer', { contentType: 'text/plain', metadata: { version: '2' } });
      const replaced = await storage.getBuffer('a/b');
      assert.equal(replaced.body.toString(), 'second, longer');
      assert.deepEqual(replaced.info.metadata, { version: '2' });
      assert.equal(replaced.info.contentType, 'text/plain');
      assert.equal((await storage.getBuffer('a')).body.toString(), 'a file beside the a/ folder');
      await storage.delete('a/b');
      await storage.delete('a/b');
      await storage.delete('never/existed');
      assert.equal(await storage.head('a/b'), undefined);
      await assert.rejects(storage.get('a/b'), { code: 'STORAGE_NOT_FOUND' });
      await assert.rejects(storage.getBuffer('a/b'), { code: 'STORAGE_NOT_FOUND' });
      assert.equal((await storage.getBuffer('a')).body.toString(), 'a file beside the a/ folder');
    });

    it('lists by prefix in UTF-8 byte order, page by page', async () => {
      const storage = await open();
      // s3rver lists in directory-walk order, so the contract avoids a folder whose name is a prefix
      // of a sibling's name followed by a byte below '/' (e.g. `2026-01/x` next to `2026-01-01.txt`);
      // real S3 and MinIO order those by bytes too, and local-object-storage.test.ts checks it.
      const keys = ['logs/2026-01-02.txt', 'logs/2026-01-01.txt', 'logs/archive/x', 'logs/B', 'logs/a', 'logs/é', 'logs/z', 'logsheet', 'other/logs/1'];
      for (const key of keys) await storage.put(key, key);
      const all: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await storage.list('logs/', { limit: 2, ...(cursor === undefined ? {} : { cursor }) });
        assert.ok(page.objects.length <= 2);
        all.push(...page.objects.map((object) => object.key));
        cursor = page.cursor;
        pages++;
      } while (cursor !== undefined && pages < 10);
      const expected = keys
        .filter((key) => key.startsWith('logs/'))
        .sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
      assert.deepEqual(all, expected);
      assert.equal(pages, 4, '7 objects in pages of 2');

      const partial = await storage.list('logs/2026-01');
      assert.deepEqual(
        partial.objects.map((object) => object.key),
        ['logs/2026-01-01.txt', 'logs/2026-01-02.txt'],
      );
      assert.deepEqual((await storage.list('logs/arch')).objects.map((o) => o.key), ['logs/archive/x']);
      assert.equal(partial.cursor, undefined);
      const listed = partial.objects[0]!;
      assert.equal(listed.size, Buffer.byteLength('logs/2026-01-01.txt'));
      assert.equal(listed.etag, md5(Buffer.from('logs/2026-01-01.txt')));
      assert.ok(listed.lastModified instanceof Date);
      assert.deepEqual((await storage.list('logs')).objects.map((o) => o.key).slice(-1), ['logsheet']);
      assert.equal((await storage.list('')).objects.length, keys.length);
      assert.deepEqual((await storage.list('nothing/here/')).objects, []);
    });

    it('refuses invalid keys (including path traversal), metadata and options with stable codes', async () => {
      const storage = await open();
      for (const key of ['', '/etc/passwd', '../escape', 'a/../../escape', 'a/./b', 'a//b', 'trailing/', 'back\\slash', 'nul\u0000byte', 'x'.repeat(1025), '\ud800lone']) {
        await assert.rejects(storage.put(key, 'x'), { code: 'STORAGE_INVALID_KEY' }, `put ${JSON.stringify(key)}`);
        await assert.rejects(storage.getBuffer(key), { code: 'STORAGE_INVALID_KEY' }, `get ${JSON.stringify(key)}`);
      }
      await assert.rejects(storage.head('../x'), { code: 'STORAGE_INVALID_KEY' });
      await assert.rejects(storage.delete('../x'), { code: 'STORAGE_INVALID_KEY' });
      await assert.rejects(storage.list('../'), { code: 'STORAGE_INVALID_KEY' });
      await assert.rejects(storage.list('/abs'), { code: 'STORAGE_INVALID_KEY' });
      await assert.rejects(storage.put('k', 'x', { metadata: { 'Upper-Case': 'v' } }), { code: 'STORAGE_INVALID_METADATA' });
      await assert.rejects(storage.put('k', 'x', { metadata: { ok: 'non-ascii é' } }), { code: 'STORAGE_INVALID_METADATA' });
      await assert.rejects(storage.put('k', 'x', { metadata: { big: 'v'.repeat(3000) } }), { code: 'STORAGE_INVALID_METADATA' });
      await assert.rejects(storage.put('k', 'x', { contentType: 'not a mime type' }), { code: 'STORAGE_INVALID_METADATA' });
      await assert.rejects(storage.list('', { limit: 0 }), { code: 'STORAGE_INVALID_OPTIONS' });
      assert.equal(await storage.head('k'), undefined, 'nothing was written by a refused put');
      assert.deepEqual((await storage.list('')).objects, []);
    });

    it('never exposes a partial object when a streamed put fails midway', async () => {
      const storage = await open();
      await storage.put('atomic', 'old content');
      const failing = new Readable({
        read() {
          this.push(randomBytes(10_000));
          this.destroy(new Error('source broke'));
        },
      });
      await assert.rejects(storage.put('atomic', failing));
      assert.equal((await storage.getBuffer('atomic')).body.toString(), 'old content');
      assert.deepEqual((await storage.list('')).objects.map((o) => o.key), ['atomic']);
    });
  });
}
