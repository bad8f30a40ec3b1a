import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { DesktopError } from '../../common/ipc-result.js';
import { ConnectionStore } from './connection-store.js';
import { normaliseServerUrl, streamUrlOf } from './server-url.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'kestrel-conn-'));
  dirs.push(dir);
  return dir;
}
after(async () => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

describe('normaliseServerUrl', () => {
  it('keeps origin and path without trailing slash', () => {
    assert.equal(normaliseServerUrl(' https://Kestrel.Example:8443/suite/ '), 'https://kestrel.example:8443/suite');
    assert.equal(normaliseServerUrl('http://127.0.0.1:8080'), 'http://127.0.0.1:8080');
    assert.equal(normaliseServerUrl('http://localhost:8080/'), 'http://localhost:8080');
  });

  it('refuses other schemes, clear-text remote hosts, credentials, queries and garbage', () => {
    for (const bad of ['ftp://k.example', 'http://k.example', 'https://u:p@k.example', 'https://k.example/?a=1', 'https://k.example/#x', 'kestrel', 'javascript:alert(1)']) {
      assert.throws(() => normaliseServerUrl(bad), (error: unknown) => error instanceof DesktopError && error.code === 'DESKTOP_SERVER_URL_INVALID', bad);
    }
  });

  it('derives the stream URL', () => {
    assert.equal(streamUrlOf('https://k.example/suite'), 'wss://k.example/suite/v1/stream');
    assert.equal(streamUrlOf('http://127.0.0.1:8080'), 'ws://127.0.0.1:8080/v1/stream');
  });
});

describe('ConnectionStore', () => {
  it('starts unconfigured, or at KESTREL_SERVER_URL', async () => {
    assert.equal((await new ConnectionStore(await tempDir()).load()).mode, 'unconfigured');
    const connection = await new ConnectionStore(await tempDir()).load('https://k.example/');
    assert.deepEqual(connection, { mode: 'remote', serverUrl: 'https://k.example', streamUrl: 'wss://k.example/v1/stream', updateChannel: 'stable' });
  });

  it('persists the chosen suite atomically and reloads it', async () => {
    const dir = await tempDir();
    await new ConnectionStore(dir).setRemote('https://a.example');
    assert.deepEqual(JSON.parse(await readFile(path.join(dir, 'connection.json'), 'utf8')), { mode: 'remote', serverUrl: 'https://a.example', updateChannel: 'stable' });
    const reloaded = new ConnectionStore(dir);
    assert.equal((await reloaded.load('https://ignored.example')).serverUrl, 'https://a.example');
  });

  it('falls back to the defaults when the file is corrupt or hand-edited badly', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'connection.json'), '{"mode":"remote","serverUrl":"http://evil.example","updateChannel":"stable"}');
    assert.equal((await new ConnectionStore(dir).load()).mode, 'unconfigured');
    await writeFile(path.join(dir, 'connection.json'), 'not json');
    assert.equal((await new ConnectionStore(dir).load('https://b.example')).serverUrl, 'https://b.example');
  });

  it('uses the embedded suite URL in offline mode', async () => {
    const store = new ConnectionStore(await tempDir());
    const connection = await store.setOffline('http://127.0.0.1:45123');
    assert.equal(connection.mode, 'offline');
    assert.equal(store.activeServerUrl(), 'http://127.0.0.1:45123');
  });
});
