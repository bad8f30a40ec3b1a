import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Principal } from './principal.js';
import { VerifiedTokenCache } from './verified-token-cache.js';

const principal = (expiresAtMs?: number): Principal => ({
  userId: 'u1',
  role: 'trader',
  kind: 'session',
  scopes: [],
  permissions: new Set(),
  ...(expiresAtMs === undefined ? {} : { expiresAtMs }),
});

test('a verified token is reused until its exp, never after', () => {
  const cache = new VerifiedTokenCache(60_000);
  cache.set('t1', principal(10_000), 1_000);
  assert.equal(cache.get('t1', 9_999)?.userId, 'u1');
  assert.equal(cache.get('t1', 10_000), null);
  assert.equal(cache.get('t1', 5_000), null, 'an expired entry is dropped');
});

test('an entry lives at most maxAgeMs after verification, even when exp is later', () => {
  const cache = new VerifiedTokenCache(60_000);
  cache.set('t1', principal(1_000_000), 0);
  assert.notEqual(cache.get('t1', 59_999), null);
  assert.equal(cache.get('t1', 60_000), null);
});

test('tokens without exp, already expired, or a zero max age are not stored; other tokens never match', () => {
  const cache = new VerifiedTokenCache(60_000);
  cache.set('no-exp', principal(), 0);
  cache.set('expired', principal(500), 1_000);
  assert.equal(cache.get('no-exp', 1), null);
  assert.equal(cache.get('expired', 1_000), null);
  cache.set('t1', principal(10_000), 0);
  assert.equal(cache.get('t1x', 1), null);
  const off = new VerifiedTokenCache(0);
  off.set('t1', principal(10_000), 0);
  assert.equal(off.get('t1', 1), null);
});
