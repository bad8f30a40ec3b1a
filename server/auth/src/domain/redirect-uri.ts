// Redirect URI matching. Exact string match, except loopback redirects (RFC 8252 §7.3): for a
// registered http://127.0.0.1/... or http://[::1]/... URI any port is accepted, because a native
// app picks a free port at run time. `localhost` is not treated as loopback (RFC 8252 §8.3).
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]']);

/** True when `requested` may be used for a client registered with `registered`. */
export function redirectUriMatches(registered: readonly string[], requested: string): boolean {
  if (registered.includes(requested)) return true;
  let url: URL;
  try {
    url = new URL(requested);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' || !LOOPBACK_HOSTS.has(url.hostname) || url.username || url.password || url.hash) return false;
  const portless = `${url.protocol}//${url.hostname}${url.pathname}${url.search}`;
  return registered.includes(portless);
}
