import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createAppProtocolHandler } from './app-protocol-handler.js';
import { resolveStaticFile } from './static-files.js';

describe('resolveStaticFile', () => {
  it('maps paths inside the root and / to index.html', () => {
    assert.deepEqual(resolveStaticFile('/srv/r', '/'), { file: path.resolve('/srv/r/index.html'), contentType: 'text/html; charset=utf-8' });
    assert.equal(resolveStaticFile('/srv/r', '/assets/index-abc.js')?.contentType, 'text/javascript; charset=utf-8');
  });

  it('refuses traversal, encoded traversal, backslashes, NUL and unknown types', () => {
    for (const bad of ['/../etc/passwd', '/assets/%2e%2e/%2e%2e/secret.js', '/a\\..\\b.js', '/x%00.js', '/%E0%A4%A', '/server.exe', '/assets/./x.js']) {
      assert.equal(resolveStaticFile('/srv/r', bad), null, bad);
    }
  });
});

describe('app protocol handler', () => {
  let root: string;
  let suite: ReturnType<typeof createServer>;
  let suiteUrl: string;
  const seen: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }> = [];

  before(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'kestrel-app-'));
    await mkdir(path.join(root, 'assets'));
    await writeFile(path.join(root, 'index.html'), '<!doctype html><title>k</title>');
    await writeFile(path.join(root, 'assets', 'app-1.js'), 'console.log(1)');
    suite = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
        response.writeHead(201, { 'content-type': 'application/json', 'x-request-id': 'r1' }).end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => suite.listen(0, '127.0.0.1', resolve));
    suiteUrl = `http://127.0.0.1:${(suite.address() as AddressInfo).port}`;
  });

  after(async () => {
    suite.close();
    await rm(root, { recursive: true, force: true });
  });

  const handler = (url: string | null) =>
    createAppProtocolHandler({ rendererRoot: root, readFile: (file) => readFile(file), suiteUrl: () => url, fetch: (request) => fetch(request) });

  it('serves the renderer with CSP narrowed to the suite, nosniff and no-cache html', async () => {
    const response = await handler('https://kestrel.example')(new Request('kestrel-app://app/'));
    assert.equal(response.status, 200);
    assert.equal(await response.text(), '<!doctype html><title>k</title>');
    const csp = response.headers.get('content-security-policy') ?? '';
    assert.match(csp, /connect-src 'self' https:\/\/kestrel\.example wss:\/\/kestrel\.example;/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(response.headers.get('cache-control'), 'no-cache');
    const asset = await handler(null)(new Request('kestrel-app://app/assets/app-1.js'));
    assert.equal(asset.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.match(asset.headers.get('cache-control') ?? '', /immutable/);
  });

  it('answers 404 for missing files, other hosts and traversal, 405 for writes', async () => {
    assert.equal((await handler(null)(new Request('kestrel-app://app/missing.js'))).status, 404);
    assert.equal((await handler(null)(new Request('kestrel-app://other/index.html'))).status, 404);
    assert.equal((await handler(null)(new Request('kestrel-app://app/assets/%2e%2e/%2e%2e/etc/passwd.txt'))).status, 404);
    assert.equal((await handler(null)(new Request('kestrel-app://app/index.html', { method: 'POST', body: 'x' }))).status, 405);
  });

  it('proxies /v1 calls to the suite with method, path, query, body and auth, without origin or cookies', async () => {
    seen.length = 0;
    const response = await handler(`${suiteUrl}/`)(
      new Request('kestrel-app://app/v1/workspaces?limit=5', {
        method: 'POST',
        headers: { authorization: 'Bearer t', 'content-type': 'application/json', origin: 'kestrel-app://app', cookie: 'a=b' },
        body: '{"name":"w"}',
      }),
    );
    assert.equal(response.status, 201);
    assert.equal(response.headers.get('x-request-id'), 'r1');
    assert.deepEqual(await response.json(), { ok: true });
    const [call] = seen;
    assert.equal(call?.method, 'POST');
    assert.equal(call?.url, '/v1/workspaces?limit=5');
    assert.equal(call?.body, '{"name":"w"}');
    assert.equal(call?.headers.authorization, 'Bearer t');
    assert.equal(call?.headers.origin, undefined);
    assert.equal(call?.headers.cookie, undefined);
  });

  it('keeps a suite path prefix and never leaves the suite host', async () => {
    seen.length = 0;
    await handler(`${suiteUrl}/kestrel`)(new Request('kestrel-app://app/v1/../v1/users/me'));
    assert.equal(seen[0]?.url, '/kestrel/v1/users/me');
  });

  it('answers DESKTOP_NOT_CONNECTED without a suite or when it does not answer', async () => {
    const none = await handler(null)(new Request('kestrel-app://app/v1/users/me'));
    assert.equal(none.status, 503);
    assert.equal(((await none.json()) as { error: { code: string } }).error.code, 'DESKTOP_NOT_CONNECTED');
    const down = await handler('http://127.0.0.1:1')(new Request('kestrel-app://app/v1/users/me'));
    assert.equal(down.status, 502);
  });
});
