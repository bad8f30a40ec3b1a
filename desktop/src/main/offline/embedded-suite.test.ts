// The embedded suite of offline mode, started for real from this checkout's CLI with the Node.js
// running the tests (as the desktop does from a checkout): it answers on loopback, a second start
// reuses it, and stop ends it.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { EmbeddedSuite, nodeForker, OFFLINE_ADMIN_EMAIL } from './embedded-suite.js';
import { locateOffline, offlineStatus } from './offline-mode.js';

const mainDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../out/main');
const layout = locateOffline(mainDir, {}, () => process.execPath);

describe('EmbeddedSuite', { timeout: 240_000 }, () => {
  const dirs: string[] = [];
  after(async () => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

  it('runs kestrel serve --all on loopback, once, and stops it', async () => {
    assert.ok(offlineStatus(layout).available, offlineStatus(layout).reason);
    const dataDir = await mkdtemp(path.join(tmpdir(), 'kestrel-offline-'));
    dirs.push(dataDir);
    const suite = new EmbeddedSuite(nodeForker(layout.nodeBinary!, path.dirname(layout.suiteEntry!)), layout.suiteEntry!, dataDir);
    const [url, again] = await Promise.all([suite.start(), suite.start()]);
    assert.equal(again, url);
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${url}/health/live`);
    assert.equal(health.status, 200);
    // The first start leaves the local administrator's one-time password for the user.
    const note = await readFile(path.join(dataDir, 'first-sign-in.txt'), 'utf8');
    const password = /one-time password (\S+)/.exec(note)?.[1];
    const login = await fetch(`${url}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: OFFLINE_ADMIN_EMAIL, password }) });
    assert.equal(login.status, 200);
    await suite.stop();
    await assert.rejects(fetch(`${url}/health/live`));
  });
});
