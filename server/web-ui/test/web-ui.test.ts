// The web-ui service mounted like `kestrel serve --all` mounts it (build() with the module),
// serving a real renderer folder; requests through inject().
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { build, createTestDeps, type CoreDeps } from '@kestrel/server-common';
import { webUiService } from '../src/app.js';

async function mount(root: string): Promise<{ app: FastifyInstance; deps: CoreDeps }> {
  const { deps } = createTestDeps({ sections: [{ name: 'web-ui', schema: webUiService.config! }], env: { KESTREL_WEB_UI_ROOT: root }, logLevel: 'silent' });
  const app = await build({ deps, modules: [webUiService] });
  return { app, deps };
}

describe('web-ui service', () => {
  let root: string;
  let app: FastifyInstance;
  let deps: CoreDeps;

  before(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'kestrel-web-ui-'));
    await mkdir(path.join(root, 'assets'));
    await writeFile(path.join(root, 'index.html'), '<!doctype html><title>Kestrel</title><script type="module" src="./assets/index-abc123.js"></script>');
    await writeFile(path.join(root, 'popout.html'), '<!doctype html><title>Kestrel</title>');
    await writeFile(path.join(root, 'assets', 'index-abc123.js'), 'export {}');
    await writeFile(path.join(root, 'assets', 'index-abc123.css'), 'body{}');
    await writeFile(path.join(root, '.secret'), 'no');
    ({ app, deps } = await mount(root));
  });

  after(async () => {
    await app.close();
    await deps.lifecycle.close(1000);
    await rm(root, { recursive: true, force: true });
  });

  it('serves the entry page at / with the security headers, never cached', async () => {
    const response = await app.inject({ url: '/', headers: { host: 'kestrel.example:8443' } });
    assert.equal(response.statusCode, 200);
    assert.match(response.headers['content-type'] as string, /^text\/html/);
    assert.match(response.body, /<title>Kestrel<\/title>/);
    assert.equal(response.headers['cache-control'], 'no-cache');
    const csp = response.headers['content-security-policy'] as string;
    assert.match(csp, /script-src 'self';/);
    assert.match(csp, /connect-src 'self' ws:\/\/kestrel\.example:8443 wss:\/\/kestrel\.example:8443;/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /unsafe/);
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
    assert.equal(response.headers['x-frame-options'], 'DENY');
    assert.equal(response.headers['referrer-policy'], 'no-referrer');
  });

  it('leaves an odd Host header out of the policy', async () => {
    const response = await app.inject({ url: '/', headers: { host: 'evil.example; script-src *' } });
    assert.match(response.headers['content-security-policy'] as string, /connect-src 'self';/);
  });

  it('caches hashed assets for a year and answers conditional requests with 304', async () => {
    const response = await app.inject({ url: '/assets/index-abc123.js' });
    assert.equal(response.statusCode, 200);
    assert.match(response.headers['content-type'] as string, /javascript/);
    assert.equal(response.headers['cache-control'], 'public, max-age=31536000, immutable');
    const etag = response.headers['etag'] as string;
    assert.ok(etag);
    const again = await app.inject({ url: '/assets/index-abc123.js', headers: { 'if-none-match': etag } });
    assert.equal(again.statusCode, 304);
    assert.equal((await app.inject({ url: '/popout.html' })).headers['cache-control'], 'no-cache');
  });

  it('never shadows the API or serves anything outside the build', async () => {
    const api = await app.inject({ url: '/v1/nothing-here' });
    assert.equal(api.statusCode, 404);
    assert.equal(api.json().error.code, 'ROUTE_NOT_FOUND');
    for (const url of ['/../package.json', '/assets/../../etc/passwd', '/.secret', '/assets/missing.js', '/%2e%2e/%2e%2e/etc/passwd']) {
      assert.equal((await app.inject({ url })).statusCode, 404, url);
    }
  });
});

describe('web-ui service without a build', () => {
  it('answers / with 503 and says how to build the renderer', async () => {
    const empty = await mkdtemp(path.join(tmpdir(), 'kestrel-web-ui-empty-'));
    const { app, deps } = await mount(empty);
    try {
      const response = await app.inject({ url: '/' });
      assert.equal(response.statusCode, 503);
      assert.match(response.body, /npm run build -w desktop/);
      assert.match(response.headers['content-security-policy'] as string, /default-src 'self'/);
    } finally {
      await app.close();
      await deps.lifecycle.close(1000);
      await rm(empty, { recursive: true, force: true });
    }
  });
});
