import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import type { Connection } from '../../common/ipc-contract.js';
import { DesktopError } from '../../common/ipc-result.js';
import { ConnectionStore } from '../connection/connection-store.js';
import { TokenVault } from '../session/token-vault.js';
import { createIpcHandlers, type IpcHandlerDeps } from './ipc-handlers.js';

const dirs: string[] = [];
after(async () => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));
const context = { senderId: 1 };

async function setup(overrides: Partial<IpcHandlerDeps> = {}) {
  const dir = await mkdtemp(path.join(tmpdir(), 'kestrel-handlers-'));
  dirs.push(dir);
  const connections = new ConnectionStore(dir);
  await connections.load();
  const opened: string[] = [];
  const broadcasts: Connection[] = [];
  const handlers = createIpcHandlers({
    appInfo: () => ({ version: '0.1.0', platform: 'linux', electron: '45', chrome: '140', packaged: false }),
    connections,
    vault: new TokenVault(dir, { isEncryptionAvailable: () => false, backend: () => 'basic_text', encryptString: () => Buffer.alloc(0), decryptString: () => '' }),
    openExternal: async (url) => void opened.push(url),
    checkForUpdates: async () => ({ state: 'disabled', feedUrl: null, version: null, message: 'dev' }),
    offlineStatus: async () => ({ available: false, reason: 'engine binding not built' }),
    startOffline: async () => 'http://127.0.0.1:1',
    pkceLogin: async () => ({ accessToken: 'a', refreshToken: 'r', expiresIn: 900 }),
    broadcastConnection: (connection) => broadcasts.push(connection),
    ...overrides,
  });
  return { handlers, opened, broadcasts, connections };
}

const code = (expected: string) => (error: unknown) => error instanceof DesktopError && error.code === expected;

describe('IPC handlers', () => {
  it('switches to a remote suite and tells every window', async () => {
    const { handlers, broadcasts } = await setup();
    const connection = await handlers['connection:set']({ mode: 'remote', serverUrl: 'https://k.example/' }, context);
    assert.equal(connection.serverUrl, 'https://k.example');
    assert.deepEqual(broadcasts, [connection]);
    assert.deepEqual(await handlers['connection:get']({}, context), connection);
  });

  it('refuses offline mode with the reason while it is unavailable', async () => {
    const { handlers, broadcasts } = await setup();
    await assert.rejects(handlers['connection:set']({ mode: 'offline' }, context), code('DESKTOP_OFFLINE_UNAVAILABLE'));
    assert.deepEqual(broadcasts, []);
  });

  it('starts the embedded suite when offline mode is available', async () => {
    const { handlers } = await setup({ offlineStatus: async () => ({ available: true, reason: '' }), startOffline: async () => 'http://127.0.0.1:4567' });
    const connection = await handlers['connection:set']({ mode: 'offline' }, context);
    assert.equal(connection.serverUrl, 'http://127.0.0.1:4567');
  });

  it('opens only http(s) links externally', async () => {
    const { handlers, opened } = await setup();
    assert.deepEqual(await handlers['shell:open-external']({ url: 'https://example.com/' }, context), { opened: true });
    await assert.rejects(handlers['shell:open-external']({ url: 'file:///etc/passwd' }, context), code('DESKTOP_URL_NOT_ALLOWED'));
    assert.deepEqual(opened, ['https://example.com/']);
  });

  it('saves and loads the session of the connected suite, and needs one', async () => {
    const { handlers } = await setup();
    await assert.rejects(handlers['session:save']({ refreshToken: 'abc' }, context), code('DESKTOP_NOT_CONNECTED'));
    assert.deepEqual(await handlers['session:load']({}, context), { refreshToken: null });
    await handlers['connection:set']({ mode: 'remote', serverUrl: 'https://k.example' }, context);
    assert.deepEqual(await handlers['session:save']({ refreshToken: 'abc' }, context), { persisted: false });
    assert.deepEqual(await handlers['session:load']({}, context), { refreshToken: 'abc' });
    await handlers['session:clear']({}, context);
    assert.deepEqual(await handlers['session:load']({}, context), { refreshToken: null });
  });

  it('runs the PKCE login only against a configured suite', async () => {
    let asked = '';
    const { handlers } = await setup({ pkceLogin: async (url) => ((asked = url), { accessToken: 'a', refreshToken: 'r', expiresIn: 900 }) });
    await assert.rejects(handlers['auth:pkce-login']({}, context), code('DESKTOP_NOT_CONNECTED'));
    await handlers['connection:set']({ mode: 'remote', serverUrl: 'https://k.example' }, context);
    assert.equal((await handlers['auth:pkce-login']({}, context)).refreshToken, 'r');
    assert.equal(asked, 'https://k.example');
  });
});
