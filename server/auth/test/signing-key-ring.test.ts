// The signing-key ring against a real database: first key, rotation with activation delay,
// age-based rotation and retirement, encryption at rest.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { SignJWT, jwtVerify, createLocalJWKSet } from 'jose';
import { SigningKeyRing } from '../src/signing-key-ring.js';
import { withTestDatabase, type TestDatabase } from './support/database.js';

let database: TestDatabase;
before(async () => {
  database = await withTestDatabase();
});
after(() => database?.drop());

test('first key signs at once; a rotated key is published first and signs after the delay', async () => {
  let now = Date.now();
  const encryptionKey = randomBytes(32);
  const ring = new SigningKeyRing({ db: database.pool, rotationDays: 30, encryptionKey, activationDelayMs: 60_000, now: () => now });
  await ring.refresh();
  const first = ring.signingKey.kid;
  assert.equal(ring.jwks.keys.length, 1);
  const stored = await database.pool.query('select private_jwk, encrypted from auth_signing_keys');
  assert.equal(stored.rows[0].encrypted, true);
  assert.ok(!stored.rows[0].private_jwk.includes('"d"'), 'the private key is not stored in clear');

  now += 1000;
  const second = await ring.rotate();
  assert.equal(ring.jwks.keys.length, 2);
  assert.equal(ring.signingKey.kid, first, 'not yet active');
  now += 61_000;
  await ring.refresh();
  assert.equal(ring.signingKey.kid, second, 'active after the delay');
  const token = await new SignJWT({}).setProtectedHeader({ alg: 'EdDSA', kid: second }).sign(ring.signingKey.key);
  await jwtVerify(token, createLocalJWKSet(ring.jwks));

  const other = new SigningKeyRing({ db: database.pool, rotationDays: 30, encryptionKey, activationDelayMs: 60_000, now: () => now });
  await other.refresh();
  assert.equal(other.signingKey.kid, second, 'another replica decrypts and agrees');
  const noKey = new SigningKeyRing({ db: database.pool, rotationDays: 30, encryptionKey: null, now: () => now });
  await assert.rejects(noKey.refresh(), /encrypted but no key-encryption key/);
});

test('keys older than the rotation period are replaced, and retired after two periods', async () => {
  const day = 86_400_000;
  const start = Date.now();
  let now = start + 31 * day;
  const ring = new SigningKeyRing({ db: database.pool, rotationDays: 30, encryptionKey: null, activationDelayMs: 0, now: () => now });
  await ring.refresh();
  assert.equal(ring.jwks.keys.length, 3, 'a new key joined the two from the first test');
  const newest = ring.signingKey.kid;
  now = start + 61 * day + 3_600_000;
  await ring.refresh();
  const kids = ring.jwks.keys.map((key) => key.kid);
  assert.equal(kids.length, 2, 'the two 61-day-old keys are retired');
  assert.equal(kids[1], newest, 'the 30-day-old key stays published');
  assert.equal(ring.signingKey.kid, kids[0], 'and a fresh key replaced it for signing');
});
