import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { decryptSecret, encryptSecret, parseKeyEncryptionKey } from './key-encryption.js';

test('sealed secrets round-trip and refuse tampering, another kid, or another key', () => {
  const key = parseKeyEncryptionKey(randomBytes(32).toString('base64'));
  const sealed = encryptSecret(key, 'kid-1', '{"d":"secret"}');
  assert.ok(!sealed.includes('secret'));
  assert.equal(decryptSecret(key, 'kid-1', sealed), '{"d":"secret"}');
  assert.throws(() => decryptSecret(key, 'kid-2', sealed));
  assert.throws(() => decryptSecret(parseKeyEncryptionKey(randomBytes(32).toString('base64url')), 'kid-1', sealed));
  const parts = sealed.split('.');
  parts[3] = Buffer.from('{"d":"secreT"}').toString('base64url');
  assert.throws(() => decryptSecret(key, 'kid-1', parts.join('.')));
  assert.throws(() => parseKeyEncryptionKey('c2hvcnQ='));
});
