// Which Chromium permission requests an app page may get. A trading workstation needs
// notifications (fills, alerts), clipboard writes (copy order ids) and fullscreen; everything
// else (camera, microphone, geolocation, MIDI, HID/serial/USB, pointer lock, ...) is refused,
// and only for our own origins.
import { isTrustedAppUrl } from './url-policy.js';

/** Permissions granted to app pages. */
export const GRANTED_PERMISSIONS: readonly string[] = ['notifications', 'clipboard-sanitized-write', 'fullscreen'];

/** True when a page at `requestingUrl` may have `permission`. */
export function allowPermission(permission: string, requestingUrl: string, trustedOrigins: readonly string[]): boolean {
  return GRANTED_PERMISSIONS.includes(permission) && isTrustedAppUrl(requestingUrl, trustedOrigins);
}
