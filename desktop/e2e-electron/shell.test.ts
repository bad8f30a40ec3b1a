// The Electron shell end to end (Playwright's _electron driver): the built app starts, its
// window is locked down (no Node in the page, only the typed bridge),
// navigation and window.open are refused, and IPC validates requests. Needs the Electron binary
// and `electron-vite build` (out/); where the binary is missing the suite prints that it was
// skipped and why.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { _electron as electron, type ElectronApplication, type Page } from 'playwright-core';
import { electronBinary } from './electron-binary.js';

const desktop = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const mainEntry = path.join(desktop, 'out/main/index.js');
const binary = electronBinary();
const skip = binary.path === null ? `SKIPPED: Electron e2e suite — ${binary.reason}` : !existsSync(mainEntry) ? 'SKIPPED: run `npm run build -w desktop` first' : false;
if (skip) console.log(skip);

describe('Electron shell', { skip }, () => {
  let app: ElectronApplication;
  let page: Page;
  let userData: string;

  before(async () => {
    userData = await mkdtemp(path.join(tmpdir(), 'kestrel-electron-'));
    app = await electron.launch({
      executablePath: binary.path ?? undefined,
      args: [mainEntry, `--user-data-dir=${userData}`],
      env: { ...process.env, KESTREL_SERVER_URL: 'http://127.0.0.1:9' },
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  after(async () => {
    await app?.close();
    await rm(userData, { recursive: true, force: true });
  });

  it('loads the renderer from the app protocol', () => {
    assert.match(page.url(), /^kestrel-app:\/\/app\//);
  });

  it('gives the page no Node and only the typed bridge', async () => {
    const globals = await page.evaluate(() => ({
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
      bridge: Object.keys((window as unknown as { kestrel: object }).kestrel).sort(),
    }));
    assert.deepEqual(globals, { require: 'undefined', process: 'undefined', bridge: ['invoke', 'kind', 'on'] });
  });

  it('refuses window.open of foreign pages and navigation away from the app', async () => {
    assert.equal(await page.evaluate(() => window.open('file:///etc/passwd') === null), true);
    const before = page.url();
    await page.evaluate(() => {
      window.location.href = 'file:///etc/passwd';
    });
    await page.waitForTimeout(500);
    assert.equal(page.url(), before);
  });

  it('validates IPC requests in the main process', async () => {
    const result = await page.evaluate(() =>
      (window as unknown as { kestrel: { invoke: (c: string, r: unknown) => Promise<unknown> } }).kestrel.invoke('connection:set', { mode: 'remote', serverUrl: 'ftp://x' }),
    );
    assert.equal((result as { ok: boolean; error: { code: string } }).error.code, 'DESKTOP_IPC_INVALID_REQUEST');
  });

  it('serves the renderer with the CSP header', async () => {
    const csp = await page.evaluate(async () => (await fetch('/index.html')).headers.get('content-security-policy'));
    assert.match(csp ?? '', /script-src 'self';/);
    assert.match(csp ?? '', /connect-src 'self' http:\/\/127\.0\.0\.1:9 ws:\/\/127\.0\.0\.1:9/);
  });
});
