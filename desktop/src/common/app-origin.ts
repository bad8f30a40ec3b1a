// The origin the packaged renderer is served from inside Electron. The app registers the
// privileged, standard, secure scheme `kestrel-app` and serves the built renderer at
// `kestrel-app://app/`; the same-origin `/v1/*` requests of the renderer are proxied by the main
// process to the connected suite, so the renderer code is identical in the browser (where the
// suite serves it at `/`) and in Electron. Invariant: nothing else is ever loaded into an app
// window (no remote code): navigation to any other origin is refused by the main process.

/** The custom scheme of the packaged renderer. */
export const APP_SCHEME = 'kestrel-app';
/** The host part of the renderer's origin. */
export const APP_HOST = 'app';
/** The origin the renderer runs at in Electron. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The entry page of the renderer. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Path prefixes the Electron app proxies to the connected suite (the REST API). */
export const PROXIED_PATH_PREFIXES: readonly string[] = ['/v1/', '/health/'];

/** True when `pathname` belongs to the suite's API rather than to the renderer's files. */
export function isProxiedPath(pathname: string): boolean {
  return PROXIED_PATH_PREFIXES.some((prefix) => pathname.startsWith(prefix));
}
