import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hashPassword, needsRehash, parseArgon2Hash, verifyPassword } from './password-hash.js';

test('hashes are argon2id with m >= 19 MiB, t = 2, p = 1 (read from the hash string)', async () => {
  const hash = await hashPassword('tangerine-octopus');
  const params = parseArgon2Hash(hash);
  assert.equal(params.variant, 'argon2id');
  assert.equal(params.version, 19);
  assert.ok(params.memoryKiB >= 19 * 1024, `memory ${params.memoryKiB} KiB`);
  assert.equal(params.iterations, 2);
  assert.equal(params.parallelism, 1);
  assert.equal(needsRehash(hash), false);
});

test('verification accepts the password, its NFKC twin, and rejects others', async () => {
  const hash = await hashPassword('ﬁlet-mignon-42'); // U+FB01 ligature normalises to "fi"
  assert.equal(await verifyPassword(hash, 'ﬁlet-mignon-42'), true);
  assert.equal(await verifyPassword(hash, 'filet-mignon-42'), true);
  assert.equal(await verifyPassword(hash, 'filet-mignon-43'), false);
  assert.equal(await verifyPassword('not-a-hash', 'x'), false);
});

test('a hash with weaker parameters needs rehash', () => {
  const weak = '$argon2id$v=19$m=4096,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$8R7pV0s0k9b8+vFQ1aWvJwz1Fk1aX2p8t0m5o0b1qzE';
  assert.equal(needsRehash(weak), true);
});
