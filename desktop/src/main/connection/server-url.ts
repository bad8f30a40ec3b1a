// Normalises the suite URL a user types into the connection settings. Invariants: http or https
// only, no credentials, no query or fragment, no trailing slash (paths are appended to it), and
// plain http only for loopback hosts (a token must never cross a network in clear text).
import { DesktopError } from '../../common/ipc-result.js';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The canonical form of a suite URL, or a DESKTOP_SERVER_URL_INVALID error. */
export function normaliseServerUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new DesktopError('DESKTOP_SERVER_URL_INVALID', `"${input}" is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new DesktopError('DESKTOP_SERVER_URL_INVALID', 'The server URL must start with https:// (or http:// for this computer)');
  }
  if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname)) {
    throw new DesktopError('DESKTOP_SERVER_URL_INVALID', 'Plain http:// is allowed only for localhost; use https:// for a remote server');
  }
  if (url.username || url.password) throw new DesktopError('DESKTOP_SERVER_URL_INVALID', 'The server URL must not contain a user name or password');
  if (url.search || url.hash) throw new DesktopError('DESKTOP_SERVER_URL_INVALID', 'The server URL must not contain a query or fragment');
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** The WebSocket URL of the suite's stream. */
export function streamUrlOf(serverUrl: string): string {
  const url = new URL(serverUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/v1/stream`;
  return url.toString();
}
