// What happens when a page tries to navigate (will-navigate, will-redirect, will-frame-navigate)
// or open a window (setWindowOpenHandler). The renderer is a single-page app, so an app window
// never navigates anywhere but its own origin (a reload); links to the web open in the system
// browser; the only window it may open is its own popout page (docking panels on a second
// monitor), created with the same locked-down webPreferences.
import { isPopoutUrl, isSafeExternalUrl, isTrustedAppUrl } from './url-policy.js';

/** What to do with a navigation or window.open. */
export type NavigationDecision =
  | { action: 'allow' }
  | { action: 'deny' }
  /** Deny in the app, open in the system browser. */
  | { action: 'external'; url: string };

/** A navigation of an existing page: only within the app's own origins. */
export function decideNavigation(url: string, trustedOrigins: readonly string[]): NavigationDecision {
  if (isTrustedAppUrl(url, trustedOrigins)) return { action: 'allow' };
  if (isSafeExternalUrl(url)) return { action: 'external', url };
  return { action: 'deny' };
}

/** A window.open / target=_blank: the popout page, or the system browser for web links. */
export function decideWindowOpen(url: string, trustedOrigins: readonly string[]): NavigationDecision {
  if (isPopoutUrl(url, trustedOrigins)) return { action: 'allow' };
  if (isSafeExternalUrl(url)) return { action: 'external', url };
  return { action: 'deny' };
}
