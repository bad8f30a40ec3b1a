// The renderer's Content-Security-Policy, built in one place for the three places that send it:
// the `<meta>` tag of index.html (baseline), the Electron app protocol's response headers and
// the suite's web-ui service headers (both narrow `connect-src` to the exact suite origins).
// Browsers enforce every policy they receive, so the effective policy is the intersection.
// Invariants: no 'unsafe-eval', no inline or remote scripts, no plugins, no framing, no <base>
// rewriting, forms post nowhere. Known limit: only the development policy (Vite dev server with
// HMR) allows inline scripts and styles; production scripts and styles come from files.

/** What varies between the contexts that send the policy. */
export interface CspOptions {
  /** Origins (`https://suite.example`, `wss://suite.example`) the renderer may fetch or stream from, besides 'self'. */
  connectOrigins?: readonly string[];
  /** Development server: allow its inline styles and HMR WebSocket. */
  development?: boolean;
  /** Header form: adds directives a `<meta>` policy cannot carry (frame-ancestors). */
  header?: boolean;
}

/** The directives of the policy, in order. */
export function cspDirectives(options: CspOptions = {}): Array<[string, string[]]> {
  const connect = ["'self'", ...(options.connectOrigins ?? [])];
  if (options.development) connect.push('ws:', 'http://localhost:*');
  const directives: Array<[string, string[]]> = [
    ['default-src', ["'self'"]],
    // The dev server's React refresh preamble is an inline script; production has none.
    ['script-src', options.development ? ["'self'", "'unsafe-inline'"] : ["'self'"]],
    ['style-src', options.development ? ["'self'", "'unsafe-inline'"] : ["'self'"]],
    ['img-src', ["'self'", 'data:', 'blob:']],
    ['font-src', ["'self'", 'data:']],
    ['connect-src', connect],
    ['worker-src', ["'self'", 'blob:']],
    ['object-src', ["'none'"]],
    ['frame-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
  ];
  if (options.header) directives.push(['frame-ancestors', ["'none'"]]);
  return directives;
}

/** The policy as one header or meta value. */
export function buildContentSecurityPolicy(options: CspOptions = {}): string {
  return cspDirectives(options)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

/**
 * connect-src of the static `<meta>` baseline in index.html: the suite URL is not known when the
 * file is built (Electron connects to any suite), so the meta tag allows network schemes and the
 * header sent with every response narrows them to the exact suite origins.
 */
export const META_CONNECT_SOURCES: readonly string[] = ['https:', 'wss:', 'http:', 'ws:'];

/** The http(s) origin of a suite URL and its ws(s) twin, for connect-src. */
export function suiteConnectOrigins(suiteUrl: string): string[] {
  const url = new URL(suiteUrl);
  const ws = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return [url.origin, `${ws}//${url.host}`];
}
