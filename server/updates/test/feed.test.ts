// The update feed over real HTTP on loopback, against both storage backends: the S3 server of
// scripts/test-services.sh (the suite shape) and a local folder (the embedded shape). A client
// does what electron-updater's generic provider does: reads latest.yml (parsed with js-yaml, the
// parser electron-updater uses), downloads the installer it names with Range requests (single and
// multipart), and checks the sha512 the manifest gives.
import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { load } from 'js-yaml';
import {
  LocalObjectStorage,
  S3ObjectStorage,
  build,
  createTestDeps,
  type CoreDeps,
  type ObjectStorage,
} from '@kestrel/server-common';
import { updatesService } from '../src/app.js';
import { requireTestEnv } from './support/env.js';

const installer = randomBytes(300_000);
const installerName = 'Kestrel Setup 1.2.3.exe';
const sha512 = createHash('sha512').update(installer).digest('base64');
const manifest = [
  'version: 1.2.3',
  'files:',
  `  - url: ${installerName}`,
  `    sha512: ${sha512}`,
  `    size: ${installer.length}`,
  `path: ${installerName}`,
  `sha512: ${sha512}`,
  "releaseDate: '2026-01-02T03:04:05.000Z'",
  '',
].join('\n');

interface LatestYml {
  version: string;
  files: Array<{ url: string; sha512: string; size: number }>;
}

/** Splits a multipart/byteranges body into its parts' Content-Range and bytes. */
function parseMultipart(body: Buffer, contentType: string): Array<{ range: string; bytes: Buffer }> {
  const boundary = /boundary=([^;]+)/.exec(contentType)?.[1];
  assert.ok(boundary, `no boundary in ${contentType}`);
  const parts: Array<{ range: string; bytes: Buffer }> = [];
  const delimiter = Buffer.from(`--${boundary}`);
  let position = body.indexOf(delimiter);
  while (position !== -1) {
    const afterDelimiter = position + delimiter.length;
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString() === '--') break;
    const headerEnd = body.indexOf('\r\n\r\n', afterDelimiter);
    const headers = body.subarray(afterDelimiter, headerEnd).toString('latin1');
    const range = /Content-Range: bytes (\d+)-(\d+)\/(\d+)/i.exec(headers);
    assert.ok(range, headers);
    const start = headerEnd + 4;
    const length = Number(range[2]) - Number(range[1]) + 1;
    parts.push({ range: `${range[1]}-${range[2]}/${range[3]}`, bytes: body.subarray(start, start + length) });
    position = body.indexOf(delimiter, start + length);
  }
  return parts;
}

function feedSuite(name: string, makeStorage: () => { storage: ObjectStorage; cleanup: () => Promise<void> }) {
  describe(`update feed on ${name}`, () => {
    let app: FastifyInstance;
    let deps: CoreDeps;
    let base: string;
    let cleanup: () => Promise<void>;

    before(async () => {
      const made = makeStorage();
      cleanup = made.cleanup;
      ({ deps } = createTestDeps({ sections: [{ name: 'updates', schema: updatesService.config! }], logLevel: 'silent' }));
      deps.storage = made.storage;
      await deps.storage.put(`updates/stable/latest.yml`, manifest, { contentType: 'text/yaml' });
      await deps.storage.put(`updates/stable/${installerName}`, installer, { contentType: 'application/octet-stream' });
      app = await build({ deps, modules: [updatesService] });
      base = await app.listen({ host: '127.0.0.1', port: 0 });
    });
    after(async () => {
      await app?.close();
      await deps?.lifecycle.close(5000);
      await cleanup?.();
    });

    const get = (file: string, headers: Record<string, string> = {}, channel = 'stable') =>
      fetch(`${base}/updates/${channel}/${encodeURIComponent(file)}`, { headers });

    it('serves latest.yml, which parses and names the installer; the installer downloads in ranges and matches its sha512', async () => {
      const response = await get('latest.yml');
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('cache-control'), 'no-cache');
      assert.match(response.headers.get('content-type') ?? '', /^text\/yaml/);
      const latest = load(await response.text()) as LatestYml;
      assert.equal(latest.version, '1.2.3');
      const file = latest.files[0]!;
      assert.equal(file.url, installerName);

      const chunk = 100_000;
      const pieces: Buffer[] = [];
      for (let start = 0; start < file.size; start += chunk) {
        const end = Math.min(start + chunk, file.size) - 1;
        const part = await get(file.url, { range: `bytes=${start}-${end}` });
        assert.equal(part.status, 206);
        assert.equal(part.headers.get('content-range'), `bytes ${start}-${end}/${file.size}`);
        assert.equal(Number(part.headers.get('content-length')), end - start + 1);
        assert.equal(part.headers.get('accept-ranges'), 'bytes');
        pieces.push(Buffer.from(await part.arrayBuffer()));
      }
      const downloaded = Buffer.concat(pieces);
      assert.equal(createHash('sha512').update(downloaded).digest('base64'), file.sha512);
    });

    it('answers several ranges with multipart/byteranges, parts in the order asked', async () => {
      const response = await get(installerName, { range: 'bytes=1000-1099, 0-9,299990-' });
      assert.equal(response.status, 206);
      const contentType = response.headers.get('content-type') ?? '';
      assert.match(contentType, /^multipart\/byteranges; boundary=/);
      const body = Buffer.from(await response.arrayBuffer());
      assert.equal(body.length, Number(response.headers.get('content-length')));
      const parts = parseMultipart(body, contentType);
      assert.deepEqual(
        parts.map((part) => part.range),
        ['1000-1099/300000', '0-9/300000', '299990-299999/300000'],
      );
      assert.deepEqual(parts[0]!.bytes, installer.subarray(1000, 1100));
      assert.deepEqual(parts[1]!.bytes, installer.subarray(0, 10));
      assert.deepEqual(parts[2]!.bytes, installer.subarray(299_990));
    });

    it('supports ETag revalidation, If-Range and HEAD', async () => {
      const full = await get(installerName);
      assert.equal(full.status, 200);
      const etag = full.headers.get('etag')!;
      assert.match(etag, /^"[^"]+"$/);
      assert.match(full.headers.get('cache-control') ?? '', /^public, max-age=\d+$/);
      assert.deepEqual(Buffer.from(await full.arrayBuffer()), installer);

      assert.equal((await get(installerName, { 'if-none-match': etag })).status, 304);
      const resumed = await get(installerName, { range: 'bytes=10-19', 'if-range': etag });
      assert.equal(resumed.status, 206);
      assert.deepEqual(Buffer.from(await resumed.arrayBuffer()), installer.subarray(10, 20));
      const changed = await get(installerName, { range: 'bytes=10-19', 'if-range': '"an-older-version"' });
      assert.equal(changed.status, 200, 'a stale If-Range gets the whole file');
      assert.equal(Number(changed.headers.get('content-length')), installer.length);
      await changed.arrayBuffer();

      const head = await fetch(`${base}/updates/stable/${encodeURIComponent(installerName)}`, { method: 'HEAD' });
      assert.equal(head.status, 200);
      assert.equal(Number(head.headers.get('content-length')), installer.length);
      assert.equal(head.headers.get('etag'), etag);
    });

    it('refuses what it must with stable codes', async () => {
      const beyond = await get(installerName, { range: `bytes=${installer.length}-` });
      assert.equal(beyond.status, 416);
      assert.equal(beyond.headers.get('content-range'), `bytes */${installer.length}`);
      assert.equal(((await beyond.json()) as { error: { code: string } }).error.code, 'UPDATES_RANGE_NOT_SATISFIABLE');

      const cases: Array<[string, string, number, string]> = [
        ['nightly', 'latest.yml', 404, 'UPDATES_NOT_FOUND'],
        ['beta', 'latest.yml', 404, 'UPDATES_NOT_FOUND'],
        ['stable', 'missing.exe', 404, 'UPDATES_NOT_FOUND'],
        ['stable', '.hidden', 400, 'UPDATES_INVALID_FILE_NAME'],
        ['stable', 'a..b.exe', 400, 'UPDATES_INVALID_FILE_NAME'],
      ];
      for (const [channel, file, status, code] of cases) {
        const response = await get(file, {}, channel);
        assert.equal(response.status, status, `${channel}/${file}`);
        assert.equal(((await response.json()) as { error: { code: string } }).error.code, code, `${channel}/${file}`);
      }
      // An encoded slash arrives decoded in the file name, which the name check refuses.
      const traversal = await fetch(`${base}/updates/stable/..%2f..%2fsecret`);
      assert.equal(traversal.status, 400);
      assert.equal(((await traversal.json()) as { error: { code: string } }).error.code, 'UPDATES_INVALID_FILE_NAME');
    });

    it('counts responses and bytes in /metrics', async () => {
      const text = await (await fetch(`${base}/metrics`)).text();
      assert.match(text, /kestrel_updates_requests_total\{channel="stable",kind="manifest",status="200"\} [1-9]/);
      assert.match(text, /kestrel_updates_requests_total\{channel="unknown",kind="manifest",status="404"\} [1-9]/);
      assert.match(text, /kestrel_updates_bytes_sent_total\{channel="stable",kind="artifact"\} [1-9]/);
    });
  });
}

feedSuite('S3 (the test S3 server)', () => {
  const storage = new S3ObjectStorage({
    endpoint: requireTestEnv('KESTREL_TEST_S3_ENDPOINT'),
    bucket: requireTestEnv('KESTREL_TEST_S3_BUCKET'),
    accessKeyId: requireTestEnv('KESTREL_TEST_S3_ACCESS_KEY'),
    secretAccessKey: requireTestEnv('KESTREL_TEST_S3_SECRET_KEY'),
    keyPrefix: `updates-feed-test-${randomUUID()}/`,
  });
  return {
    storage,
    async cleanup() {
      for (const key of ['updates/stable/latest.yml', `updates/stable/${installerName}`]) await storage.delete(key);
    },
  };
});

feedSuite('a local folder', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'kestrel-updates-test-'));
  return { storage: new LocalObjectStorage({ root }), cleanup: async () => rmSync(root, { recursive: true, force: true }) };
});
