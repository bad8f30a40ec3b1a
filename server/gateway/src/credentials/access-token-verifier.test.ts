// The JWT negative suite: every way a forged, stale or misdirected token could get in is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type JWK } from 'jose';
import { AccessTokenRejected, verifyAccessToken } from './access-token-verifier.js';
import { JwksCache } from './jwks-cache.js';

const ISSUER = 'https://kestrel.test';
const AUDIENCE = 'kestrel-api';
const { publicKey, privateKey } = await generateKeyPair('EdDSA', { extractable: true });
const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'EdDSA', use: 'sig' };
const other = await generateKeyPair('EdDSA');
let fetches = 0;
const keys = new JwksCache({
  algorithm: 'EdDSA',
  fetchJwks: async () => {
    fetches++;
    return { keys: [publicJwk] };
  },
});
const options = { keys, issuer: ISSUER, audience: AUDIENCE };

const CLAIMS = { role: 'trader', scope: 'read trade admin', ctx: 'session', sid: randomUUID() };

function token(overrides: { header?: Record<string, unknown>; claims?: Record<string, unknown>; iss?: string; aud?: string; exp?: string | number; key?: Parameters<SignJWT['sign']>[0] } = {}) {
  return new SignJWT({ ...CLAIMS, ...overrides.claims })
    .setProtectedHeader({ alg: 'EdDSA', kid: 'k1', typ: 'at+jwt', ...overrides.header } as { alg: string })
    .setIssuer(overrides.iss ?? ISSUER)
    .setAudience(overrides.aud ?? AUDIENCE)
    .setSubject('7d3c1f9e-0000-4000-8000-000000000001')
    .setIssuedAt()
    .setJti(randomUUID())
    .setExpirationTime(overrides.exp ?? '15m')
    .sign(overrides.key ?? privateKey);
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

async function rejects(candidate: string | Promise<string>, label: string) {
  await assert.rejects(verifyAccessToken(await candidate, options), AccessTokenRejected, label);
}

test('a well-formed token verifies into a principal with role ∩ scope permissions', async () => {
  const principal = await verifyAccessToken(await token(), options);
  assert.equal(principal.userId, '7d3c1f9e-0000-4000-8000-000000000001');
  assert.equal(principal.role, 'trader');
  assert.equal(principal.kind, 'session');
  assert.ok(principal.permissions.has('trading:write'));
  assert.ok(!principal.permissions.has('users:write'), 'a trader never gets admin permissions');
});

test('alg: none is rejected', async () => {
  const good = await token();
  const [, payload] = good.split('.');
  await rejects(`${b64({ alg: 'none', typ: 'at+jwt', kid: 'k1' })}.${payload}.`, 'alg none');
});

test('HS256 signed with the public key as HMAC secret is rejected', async () => {
  const header = b64({ alg: 'HS256', typ: 'at+jwt', kid: 'k1' });
  const now = Math.floor(Date.now() / 1000);
  const payload = b64({ ...CLAIMS, sub: 'x', iss: ISSUER, aud: AUDIENCE, iat: now, exp: now + 600, jti: 'j' });
  for (const secret of [await exportSPKI(publicKey), JSON.stringify(publicJwk), publicJwk.x!]) {
    const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
    await rejects(`${header}.${payload}.${signature}`, 'HS256 key confusion');
  }
});

test('wrong aud, iss or typ is rejected', async () => {
  await rejects(token({ aud: 'some-other-api' }), 'aud');
  await rejects(token({ iss: 'https://evil.test' }), 'iss');
  await rejects(token({ header: { typ: 'JWT' } }), 'typ JWT');
  await rejects(token({ header: { typ: '2fa+jwt' } }), 'typ of the 2FA challenge token');
});

test('expired token is rejected', async () => {
  await rejects(token({ exp: Math.floor(Date.now() / 1000) - 60 }), 'expired');
});

test('tampered payload is rejected', async () => {
  const [header, payload, signature] = (await token()).split('.');
  const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
  await rejects(`${header}.${b64({ ...claims, role: 'admin' })}.${signature}`, 'role escalated');
});

test('unknown kid, and a valid signature by an unknown key, are rejected', async () => {
  const before = fetches;
  await rejects(token({ header: { kid: 'nope' } }), 'unknown kid');
  await rejects(token({ header: { kid: 'nope-again' } }), 'unknown kid twice');
  assert.ok(fetches - before <= 1, 'unknown kids within the cooldown do not refetch the JWKS each time');
  await rejects(token({ key: other.privateKey }), 'signed by a key not in the JWKS under a known kid');
});

test('claims that do not describe a principal are rejected', async () => {
  await rejects(token({ claims: { role: 'root' } }), 'unknown role');
  await rejects(token({ claims: { scope: 'read sudo' } }), 'unknown scope');
  await rejects(token({ claims: { ctx: 'api-key' } }), 'wrong credential context');
});
