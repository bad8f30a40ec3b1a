import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { TokenVault, type SafeStoragePort } from './token-vault.js';

const dirs: string[] = [];
after(async () => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'kestrel-vault-'));
  dirs.push(dir);
  return dir;
}

/** Stands in for the OS keychain: a reversible transformation that never stores the plain text. */
function keychain(backend = 'gnome_libsecret'): SafeStoragePort {
  const flip = (buffer: Buffer) => Buffer.from(buffer.map((byte) => byte ^ 0x5a));
  return {
    isEncryptionAvailable: () => true,
    backend: () => backend,
    encryptString: (plain) => flip(Buffer.from(plain, 'utf8')),
    decryptString: (encrypted) => flip(encrypted).toString('utf8'),
  };
}

describe('TokenVault', () => {
  it('persists the token encrypted and returns it only for its suite', async () => {
    const dir = await tempDir();
    assert.equal(await new TokenVault(dir, keychain()).save('https://a.example', 'refresh-1'), true);
    const raw = await readFile(path.join(dir, 'session.bin'));
    assert.ok(!raw.toString('utf8').includes('refresh-1'));
    const reopened = new TokenVault(dir, keychain());
    assert.equal(await reopened.load('https://a.example'), 'refresh-1');
    assert.equal(await new TokenVault(dir, keychain()).load('https://b.example'), null);
  });

  it('keeps the token in memory only without a real keyring', async () => {
    const dir = await tempDir();
    const vault = new TokenVault(dir, keychain('basic_text'));
    assert.equal(await vault.save('https://a.example', 'refresh-2'), false);
    assert.equal(await vault.load('https://a.example'), 'refresh-2');
    assert.equal(await new TokenVault(dir, keychain('basic_text')).load('https://a.example'), null);
  });

  it('forgets the token on clear', async () => {
    const dir = await tempDir();
    const vault = new TokenVault(dir, keychain());
    await vault.save('https://a.example', 'refresh-3');
    await vault.clear();
    assert.equal(await vault.load('https://a.example'), null);
    assert.equal(await new TokenVault(dir, keychain()).load('https://a.example'), null);
  });
});
