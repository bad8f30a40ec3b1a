// The `kestrel-app://app/` protocol: serves the built renderer from disk with the security
// headers, and proxies the renderer's same-origin API calls (`/v1/*`, `/health/*`) to the
// connected suite, so the renderer never needs CORS and its code is identical to the web UI's.
// Invariants: a proxied request always goes to the configured suite origin (the path is the
// parsed, normalised path of the request; the host is never taken from the request); the
// renderer's Origin/Referer/Cookie headers are not forwarded (the suite authenticates bearer
// tokens, the proxy is the first-party client); every served file carries the CSP header with
// connect-src narrowed to the suite. Known limit: WebSockets cannot pass through a protocol
// handler, so the stream connects to the suite directly (its origin is in connect-src).
import { APP_HOST, APP_SCHEME, isProxiedPath } from '../../common/app-origin.js';
import { buildContentSecurityPolicy, suiteConnectOrigins } from '../../common/content-security-policy.js';
import { isHtml, resolveStaticFile } from './static-files.js';

/** What the handler needs from its surroundings. */
export interface AppProtocolOptions {
  /** Folder of the built renderer (out/renderer). */
  rendererRoot: string;
  /** Reads a file (rejects with code ENOENT when missing). */
  readFile: (file: string) => Promise<Uint8Array>;
  /** Base URL of the connected suite, or null when none is configured. */
  suiteUrl: () => string | null;
  /** The HTTP client for proxied calls (Electron's net.fetch: honours system proxies and certificates). */
  fetch: (input: Request) => Promise<Response>;
}

const DROPPED_REQUEST_HEADERS = ['origin', 'referer', 'cookie', 'host'];

function jsonError(status: number, code: string, message: string): Response {
  return new Response(JSON.stringify({ error: { code, message } }), { status, headers: { 'content-type': 'application/json' } });
}

/** Security headers of every served file. */
export function appResponseHeaders(contentType: string, suiteUrl: string | null): Record<string, string> {
  return {
    'content-type': contentType,
    'content-security-policy': buildContentSecurityPolicy({ header: true, connectOrigins: suiteUrl ? suiteConnectOrigins(suiteUrl) : [] }),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': isHtml(contentType) ? 'no-cache' : 'public, max-age=31536000, immutable',
  };
}

/** Creates the protocol handler. */
export function createAppProtocolHandler(options: AppProtocolOptions): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url);
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return jsonError(404, 'DESKTOP_URL_NOT_ALLOWED', 'Unknown app host');
    if (isProxiedPath(url.pathname)) return proxy(request, url, options);
    if (request.method !== 'GET' && request.method !== 'HEAD') return jsonError(405, 'DESKTOP_URL_NOT_ALLOWED', 'Static files are read-only');
    const target = resolveStaticFile(options.rendererRoot, url.pathname);
    if (!target) return jsonError(404, 'DESKTOP_URL_NOT_ALLOWED', 'No such file');
    let body: Uint8Array;
    try {
      body = await options.readFile(target.file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'EISDIR') {
        return jsonError(404, 'DESKTOP_URL_NOT_ALLOWED', 'No such file');
      }
      throw error;
    }
    return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers: appResponseHeaders(target.contentType, options.suiteUrl()) });
  };
}

async function proxy(request: Request, url: URL, options: AppProtocolOptions): Promise<Response> {
  const suite = options.suiteUrl();
  if (!suite) return jsonError(503, 'DESKTOP_NOT_CONNECTED', 'No Kestrel server is configured; choose one in the connection settings');
  const base = new URL(suite);
  const target = new URL(base.origin);
  target.pathname = `${base.pathname.replace(/\/+$/, '')}${url.pathname}`;
  target.search = url.search;
  const headers = new Headers(request.headers);
  for (const name of DROPPED_REQUEST_HEADERS) headers.delete(name);
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  const forwarded = new Request(target, {
    method: request.method,
    headers,
    body: hasBody ? await request.arrayBuffer() : null,
    redirect: 'manual',
  });
  try {
    return await options.fetch(forwarded);
  } catch (error) {
    return jsonError(502, 'DESKTOP_NOT_CONNECTED', `The Kestrel server at ${base.origin} did not answer: ${error instanceof Error ? error.message : String(error)}`);
  }
}
