import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateApiKey, parseApiKey } from './api-key-format.js';
import { digestSecret, digestsEqual, randomSecret } from './opaque-secret.js';
import { isS256Challenge, s256Challenge, verifyPkce } from './pkce.js';
import { digestRecoveryCode, generateRecoveryCodes, looksLikeRecoveryCode } from './recovery-codes.js';

test('API keys round-trip through parse and reject look-alikes', () => {
  const key = generateApiKey();
  assert.deepEqual(parseApiKey(key.token), { prefix: key.prefix, secret: key.secret });
  for (const bad of ['', 'kst_', key.token + 'x', key.token.replace('kst_', 'kso_'), 'Bearer ' + key.token]) {
    assert.equal(parseApiKey(bad), null, bad);
  }
  assert.notEqual(generateApiKey().prefix, key.prefix);
});

test('secrets are 256-bit and digests compare in constant time', () => {
  const secret = randomSecret();
  assert.equal(Buffer.from(secret, 'base64url').length, 32);
  assert.ok(digestsEqual(digestSecret(secret), digestSecret(secret)));
  assert.ok(!digestsEqual(digestSecret(secret), digestSecret(secret + 'x')));
  assert.ok(!digestsEqual(digestSecret(secret), 'ab'));
});

test('PKCE S256 matches the RFC 7636 Appendix B example and refuses everything else', () => {
  const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
  const challenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
  assert.equal(s256Challenge(verifier), challenge);
  assert.ok(isS256Challenge(challenge));
  assert.ok(verifyPkce(verifier, challenge));
  assert.ok(!verifyPkce(verifier.slice(0, -1) + 'l', challenge), 'different verifier');
  assert.ok(!verifyPkce(challenge, challenge), 'plain method (verifier == challenge) refused');
  assert.ok(!verifyPkce('short', s256Challenge('short')), 'verifier under 43 chars');
});

test('recovery codes are unique, formatted and normalised before hashing', () => {
  const codes = generateRecoveryCodes();
  assert.equal(new Set(codes).size, 10);
  for (const code of codes) assert.match(code, /^[a-z2-7]{4}(-[a-z2-7]{4}){3}$/);
  const code = codes[0]!;
  assert.equal(digestRecoveryCode(code), digestRecoveryCode(code.toUpperCase().replace(/-/g, ' ')));
  assert.ok(looksLikeRecoveryCode(code.toUpperCase()));
  assert.ok(!looksLikeRecoveryCode('123456'));
});
