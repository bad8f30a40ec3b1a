// OAuth 2.0 end to end: client credentials for an API client, authorization code + PKCE (S256)
// with a loopback redirect for the desktop client, and the ways each must fail.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h?.close());

const form = (fields: Record<string, string>) => ({
  body: new URLSearchParams(fields).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
});

test('client credentials: a confidential client gets a client token acting as its owner, narrowed by scope', async () => {
  const owner = await h.user('trader');
  const registered = await h.call('POST', '/v1/admin/oauth-clients', {
    token: h.admin.accessToken,
    body: { name: 'algo-runner', ownerUserId: owner.id, grantTypes: ['client_credentials'], scopes: ['read', 'trade', 'admin'] },
  });
  assert.equal(registered.statusCode, 201, registered.body);
  const { client, clientSecret } = registered.json();
  const tokenResponse = await h.call('POST', '/v1/oauth/token', form({ grant_type: 'client_credentials', client_id: client.id, client_secret: clientSecret }));
  assert.equal(tokenResponse.statusCode, 200, tokenResponse.body);
  const issued = tokenResponse.json();
  assert.equal(issued.token_type, 'Bearer');
  assert.equal(issued.scope, 'read trade', 'admin is dropped: the trader owner cannot grant it');
  assert.equal(issued.refresh_token, undefined);
  const me = await h.call('GET', '/v1/users/me', { token: issued.access_token });
  assert.equal(me.json().id, owner.id);
  assert.equal((await h.call('POST', '/v1/api-keys', { token: issued.access_token, body: { name: 'x', scopes: ['read'] } })).statusCode, 403, 'clients cannot manage credentials');

  const basic = Buffer.from(`${client.id}:${clientSecret}`).toString('base64');
  const viaBasic = await h.call('POST', '/v1/oauth/token', { body: { grant_type: 'client_credentials', scope: 'read' }, headers: { authorization: `Basic ${basic}` } });
  assert.equal(viaBasic.statusCode, 200, viaBasic.body);
  assert.equal(viaBasic.json().scope, 'read');

  const wrong = await h.call('POST', '/v1/oauth/token', form({ grant_type: 'client_credentials', client_id: client.id, client_secret: 'nope' }));
  assert.equal(wrong.statusCode, 401);
  assert.equal(wrong.json().error.code, 'AUTH_OAUTH_INVALID_CLIENT');
  const wrongGrant = await h.call('POST', '/v1/oauth/token', form({ grant_type: 'authorization_code', client_id: client.id, client_secret: clientSecret }));
  assert.equal(wrongGrant.json().error.code, 'AUTH_OAUTH_UNSUPPORTED_GRANT');
});

test('authorization code + PKCE for the desktop: loopback redirect, single-use code, verifier checked', async () => {
  const user = await h.user('trader');
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const redirectUri = 'http://127.0.0.1:53682/callback';
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: 'kestrel-desktop',
    redirect_uri: redirectUri,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state: 'xyz',
  });
  const authorized = await h.call('GET', `/v1/oauth/authorize?${query}`, { token: user.accessToken });
  assert.equal(authorized.statusCode, 200, authorized.body);
  const { code, redirectTo } = authorized.json();
  assert.equal(new URL(redirectTo).searchParams.get('code'), code);
  assert.equal(new URL(redirectTo).searchParams.get('state'), 'xyz');

  const badVerifier = await h.call('POST', '/v1/oauth/token', form({ grant_type: 'authorization_code', client_id: 'kestrel-desktop', code, redirect_uri: redirectUri, code_verifier: randomBytes(32).toString('base64url') }));
  assert.equal(badVerifier.statusCode, 400);
  assert.equal(badVerifier.json().error.code, 'AUTH_OAUTH_INVALID_GRANT');
  const spent = await h.call('POST', '/v1/oauth/token', form({ grant_type: 'authorization_code', client_id: 'kestrel-desktop', code, redirect_uri: redirectUri, code_verifier: verifier }));
  assert.equal(spent.statusCode, 400, 'a failed redemption spends the code too');

  const second = (await h.call('GET', `/v1/oauth/authorize?${query}`, { token: user.accessToken })).json();
  const exchanged = await h.call('POST', '/v1/oauth/token', form({ grant_type: 'authorization_code', client_id: 'kestrel-desktop', code: second.code, redirect_uri: redirectUri, code_verifier: verifier }));
  assert.equal(exchanged.statusCode, 200, exchanged.body);
  const tokens = exchanged.json();
  assert.ok(tokens.refresh_token);
  assert.equal((await h.call('GET', '/v1/users/me', { token: tokens.access_token })).json().id, user.id);
  const refreshed = await h.call('POST', '/v1/oauth/token', form({ grant_type: 'refresh_token', client_id: 'kestrel-desktop', refresh_token: tokens.refresh_token }));
  assert.equal(refreshed.statusCode, 200, refreshed.body);
  const replay = await h.call('POST', '/v1/oauth/token', form({ grant_type: 'code', client_id: 'kestrel-desktop', code: second.code, redirect_uri: redirectUri, code_verifier: verifier }));
  assert.equal(replay.statusCode, 400);
});

test('authorize refuses unregistered redirects, plain PKCE and anonymous callers', async () => {
  const user = await h.user('viewer');
  const base = { response_type: 'code', client_id: 'kestrel-desktop', code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' };
  const evil = await h.call('GET', `/v1/oauth/authorize?${new URLSearchParams({ ...base, redirect_uri: 'http://evil.example.com/callback' })}`, { token: user.accessToken });
  assert.equal(evil.json().error.code, 'AUTH_OAUTH_INVALID_REDIRECT');
  const localhost = await h.call('GET', `/v1/oauth/authorize?${new URLSearchParams({ ...base, redirect_uri: 'http://localhost:5000/callback' })}`, { token: user.accessToken });
  assert.equal(localhost.statusCode, 400);
  const plain = await h.call('GET', `/v1/oauth/authorize?${new URLSearchParams({ ...base, redirect_uri: 'http://127.0.0.1:1/callback', code_challenge_method: 'plain' })}`, { token: user.accessToken });
  assert.equal(plain.statusCode, 400);
  const anonymous = await h.call('GET', `/v1/oauth/authorize?${new URLSearchParams({ ...base, redirect_uri: 'http://127.0.0.1:1/callback' })}`);
  assert.equal(anonymous.statusCode, 401);
});

test('signing-key rotation: the JWKS publishes the new key at once, old tokens stay valid', async () => {
  const user = await h.user('viewer');
  const oldKid = JSON.parse(Buffer.from(user.accessToken.split('.')[0]!, 'base64url').toString()).kid;
  const rotated = await h.call('POST', '/v1/admin/signing-keys/rotate', { token: h.admin.accessToken });
  assert.equal(rotated.statusCode, 200, rotated.body);
  const { kid } = rotated.json();
  assert.notEqual(kid, oldKid);
  const kids = (await h.call('GET', '/v1/auth/jwks')).json().keys.map((key: { kid: string }) => key.kid);
  assert.ok(kids.includes(oldKid) && kids.includes(kid), 'both keys are published');
  const fresh = (await h.call('POST', '/v1/auth/login', { body: { email: user.email, password: user.password } })).json().accessToken;
  assert.equal(JSON.parse(Buffer.from(fresh.split('.')[0]!, 'base64url').toString()).kid, oldKid, 'the new key only signs after its activation delay');
  assert.equal((await h.call('GET', '/v1/users/me', { token: user.accessToken })).statusCode, 200, 'tokens of the old key still verify');
});
