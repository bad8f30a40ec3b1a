// The full flow against a real suite (web UI authorize page + /v1/oauth/token) is in
// desktop/e2e/pkce-login.test.ts; these tests cover the loopback listener's own rules.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { DesktopError } from '../../common/ipc-result.js';
import { createPkcePair, runPkceLogin } from './pkce-flow.js';

describe('createPkcePair', () => {
  it('derives the S256 challenge of a 256-bit verifier', () => {
    const { verifier, challenge } = createPkcePair();
    assert.equal(Buffer.from(verifier, 'base64url').length, 32);
    assert.equal(challenge, createHash('sha256').update(verifier).digest('base64url'));
    assert.notEqual(createPkcePair().verifier, verifier);
  });
});

describe('runPkceLogin loopback listener', () => {
  it('sends the browser to the suite web UI with the PKCE parameters', async () => {
    let opened = '';
    const flow = runPkceLogin({
      serverUrl: 'https://k.example/suite/',
      openBrowser: async (url) => {
        opened = url;
        const redirect = new URL(url).searchParams.get('redirect_uri')!;
        await fetch(`${redirect}?error=access_denied&state=${new URL(url).searchParams.get('state')}`);
      },
      timeoutMs: 60_000,
    });
    await assert.rejects(flow, (error: unknown) => error instanceof DesktopError && error.code === 'DESKTOP_PKCE_FAILED' && /access_denied/.test(error.message));
    const url = new URL(opened);
    assert.equal(url.origin + url.pathname, 'https://k.example/suite/');
    assert.equal(url.searchParams.get('authorize'), 'desktop');
    assert.equal(url.searchParams.get('client_id'), 'kestrel-desktop');
    assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
    assert.match(url.searchParams.get('redirect_uri')!, /^http:\/\/127\.0\.0\.1:\d+\/callback$/);
  });

  it('refuses a callback with a foreign state without ending the flow, and anything but GET /callback', async () => {
    const statuses: number[] = [];
    const flow = runPkceLogin({
      serverUrl: 'https://k.example',
      openBrowser: async (url) => {
        const params = new URL(url).searchParams;
        const redirect = params.get('redirect_uri')!;
        statuses.push((await fetch(`${redirect}?code=stolen&state=forged`)).status);
        statuses.push((await fetch(redirect.replace('/callback', '/other'))).status);
        statuses.push((await fetch(redirect, { method: 'POST' })).status);
        statuses.push((await fetch(`${redirect}?state=${params.get('state')}`)).status);
      },
      timeoutMs: 60_000,
    });
    await assert.rejects(flow, /no code/);
    assert.deepEqual(statuses, [400, 404, 404, 400]);
  });

  it('times out', async () => {
    await assert.rejects(runPkceLogin({ serverUrl: 'https://k.example', openBrowser: () => undefined, timeoutMs: 100 }), /timed out/);
  });
});
