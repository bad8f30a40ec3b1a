// URL decisions of the Electron shell: what is "our app" (the packaged renderer, or the dev
// server in development), what may be handed to the operating system's browser, and the popout
// page the docking layout opens for a second monitor. Invariant: only http(s) URLs without
// embedded credentials ever reach shell.openExternal (file:, javascript:, custom schemes and
// `https://user:pass@host` are refused), and only app-origin URLs load inside an app window.
// Known limit: Node's URL gives `origin === 'null'` for non-special schemes such as
// `kestrel-app:`, so origins are compared as scheme + host + port here.

/** Longest URL the shell hands to the OS. */
const MAX_EXTERNAL_URL_LENGTH = 2048;

/** Scheme, host and port of `url` (`kestrel-app://app`, `http://localhost:5173`), or null when it does not parse. */
export function originOf(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (!parsed.host) return null;
  return `${parsed.protocol}//${parsed.host}`.toLowerCase();
}

/** True when `url` is on one of the trusted app origins. */
export function isTrustedAppUrl(url: string, trustedOrigins: readonly string[]): boolean {
  const origin = originOf(url);
  return origin !== null && trustedOrigins.some((trusted) => originOf(trusted) === origin);
}

/** True when `url` may be opened in the system browser: http(s), no credentials, bounded length. */
export function isSafeExternalUrl(url: string): boolean {
  if (url.length > MAX_EXTERNAL_URL_LENGTH) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  if (parsed.username !== '' || parsed.password !== '') return false;
  return parsed.hostname.length > 0;
}

/** Path of the page the docking layout opens as a popout window. */
export const POPOUT_PATH = '/popout.html';

/** True when `url` is the app's popout page on a trusted origin. */
export function isPopoutUrl(url: string, trustedOrigins: readonly string[]): boolean {
  if (!isTrustedAppUrl(url, trustedOrigins)) return false;
  return new URL(url).pathname === POPOUT_PATH;
}
