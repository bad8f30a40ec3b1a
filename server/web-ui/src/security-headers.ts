// Response headers of the web UI. The Content-Security-Policy is the desktop renderer's policy
// (desktop/src/common/content-security-policy.ts; the desktop e2e suite checks the two agree) in
// its header form, with connect-src narrowed to this origin and its WebSocket twin (`/v1/stream`).
// Invariants: scripts only from this origin, no eval, no plugins, never framed; HTML is never
// cached (it names the content-hashed assets, which are cached for a year as immutable).

/** The host of a request if it is a plain host[:port] (anything else is left out of the policy). */
function safeHost(host: string | undefined): string | null {
  return host && /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host) ? host : null;
}

/** The Content-Security-Policy header for a page served to `host`. */
export function webUiContentSecurityPolicy(host: string | undefined): string {
  const safe = safeHost(host);
  const connect = ["'self'", ...(safe ? [`ws://${safe}`, `wss://${safe}`] : [])];
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src ${connect.join(' ')}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "frame-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Cache-Control of a served path. */
export function cacheControlOf(urlPath: string): string {
  if (urlPath === '/' || urlPath.endsWith('.html')) return 'no-cache';
  if (urlPath.startsWith('/assets/')) return 'public, max-age=31536000, immutable';
  return 'public, max-age=3600';
}

/** Headers every web UI response carries besides CSP and caching. */
export const STATIC_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=(), payment=()',
};
