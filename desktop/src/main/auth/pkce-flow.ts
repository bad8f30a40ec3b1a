// Desktop sign-in through the system browser: OAuth 2.0 authorization code + PKCE (RFC 7636,
// S256) with a loopback redirect (RFC 8252), as docs/api.md describes for the public client
// `kestrel-desktop`. The app listens on 127.0.0.1 on a free port, opens the suite's web UI at
// `/?authorize=desktop&…` in the user's browser (where the user logs in, with 2FA if enabled;
// the web UI then calls GET /v1/oauth/authorize and follows `redirectTo`), receives the code on
// its listener, checks `state`, and redeems the code with the verifier at POST /v1/oauth/token.
// Invariants: the verifier never leaves this process; a callback with a wrong state is refused
// and does not end the flow; the listener accepts only GET /callback and closes when the flow
// ends (success, error or timeout).
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DesktopError } from '../../common/ipc-result.js';

/** The OAuth client id of the desktop app. */
export const DESKTOP_CLIENT_ID = 'kestrel-desktop';

/** Tokens the flow ends with. */
export interface PkceTokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

/** What the flow needs. */
export interface PkceOptions {
  serverUrl: string;
  /** Opens a URL in the system browser (shell.openExternal). */
  openBrowser: (url: string) => Promise<void> | void;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** A PKCE verifier and its S256 challenge. */
export function createPkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

const PAGE = (message: string) =>
  `<!doctype html><meta charset="utf-8"><title>Kestrel</title><body style="font:16px system-ui;padding:3em">${message}</body>`;

/** Runs the whole flow; resolves with tokens or rejects with DESKTOP_PKCE_FAILED. */
export async function runPkceLogin(options: PkceOptions): Promise<PkceTokens> {
  const doFetch = options.fetch ?? fetch;
  const { verifier, challenge } = createPkcePair();
  const state = randomBytes(16).toString('base64url');
  let onCode!: (code: string) => void;
  let onError!: (error: Error) => void;
  const received = new Promise<string>((resolve, reject) => {
    onCode = resolve;
    onError = reject;
  });
  // The callback can fail while openBrowser is still running; the rejection is awaited below.
  received.catch(() => undefined);
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    response.setHeader('content-type', 'text/html; charset=utf-8');
    response.setHeader('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'");
    if (request.method !== 'GET' || url.pathname !== '/callback') {
      response.writeHead(404).end(PAGE('Not found.'));
      return;
    }
    if (url.searchParams.get('state') !== state) {
      response.writeHead(400).end(PAGE('This sign-in link does not belong to the running Kestrel app.'));
      return;
    }
    const code = url.searchParams.get('code');
    if (!code) {
      const error = url.searchParams.get('error') ?? 'no code';
      response.writeHead(400).end(PAGE('Sign-in failed. You can close this tab.'));
      onError(new DesktopError('DESKTOP_PKCE_FAILED', `The server refused the sign-in: ${error}`));
      return;
    }
    response.writeHead(200).end(PAGE('Signed in to Kestrel. You can close this tab and return to the app.'));
    onCode(code);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const redirectUri = `http://127.0.0.1:${port}/callback`;
  const timer = setTimeout(() => onError(new DesktopError('DESKTOP_PKCE_FAILED', 'Sign-in timed out')), options.timeoutMs ?? 300_000);
  try {
    const authorize = new URL(`${options.serverUrl.replace(/\/+$/, '')}/`);
    authorize.search = new URLSearchParams({
      authorize: 'desktop',
      client_id: DESKTOP_CLIENT_ID,
      redirect_uri: redirectUri,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state,
    }).toString();
    await options.openBrowser(authorize.toString());
    const code = await received;
    const response = await doFetch(`${options.serverUrl.replace(/\/+$/, '')}/v1/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: DESKTOP_CLIENT_ID, code, redirect_uri: redirectUri, code_verifier: verifier }).toString(),
    });
    const body = (await response.json()) as { access_token?: string; refresh_token?: string; expires_in?: number; error?: { code?: string; message?: string } };
    if (!response.ok || !body.access_token || !body.refresh_token || !body.expires_in) {
      throw new DesktopError('DESKTOP_PKCE_FAILED', `The token exchange failed: ${body.error?.code ?? response.status} ${body.error?.message ?? ''}`.trim());
    }
    return { accessToken: body.access_token, refreshToken: body.refresh_token, expiresIn: body.expires_in };
  } finally {
    clearTimeout(timer);
    server.close();
    server.closeAllConnections();
  }
}
