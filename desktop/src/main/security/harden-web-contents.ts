// Applies the navigation, window-open and webview policies to one webContents. Called for every
// webContents the app creates (app 'web-contents-created'), so a popout or any future window is
// covered without opting in. Takes a narrow port instead of Electron's WebContents so the policy
// wiring is unit-tested in plain Node.
import type { BrowserWindowConstructorOptions } from 'electron';
import { decideNavigation, decideWindowOpen } from './navigation-policy.js';

/** A cancellable navigation event. */
export interface NavigationEvent {
  readonly url: string;
  preventDefault(): void;
}

/** What setWindowOpenHandler returns. */
export type WindowOpenResponse = { action: 'deny' } | { action: 'allow'; overrideBrowserWindowOptions: BrowserWindowConstructorOptions };

/** The part of webContents the policies need. */
export interface HardenableContents {
  onWillNavigate(listener: (event: NavigationEvent) => void): void;
  onWillRedirect(listener: (event: NavigationEvent) => void): void;
  onWillAttachWebview(listener: (event: { preventDefault(): void }) => void): void;
  setWindowOpenHandler(handler: (details: { url: string }) => WindowOpenResponse): void;
}

/** What the policies act with. */
export interface HardeningOptions {
  trustedOrigins: readonly string[];
  /** Options of a popout window (the same secure webPreferences as the main window). */
  popoutWindowOptions: () => BrowserWindowConstructorOptions;
  /** Hands a vetted http(s) URL to the system browser. */
  openExternal: (url: string) => void;
  /** Records a refused navigation or window (for the log). */
  onBlocked: (kind: 'navigation' | 'redirect' | 'window' | 'webview', url: string) => void;
}

/** Installs the policies on `contents`. */
export function hardenWebContents(contents: HardenableContents, options: HardeningOptions): void {
  const guard = (kind: 'navigation' | 'redirect') => (event: NavigationEvent) => {
    const decision = decideNavigation(event.url, options.trustedOrigins);
    if (decision.action === 'allow') return;
    event.preventDefault();
    if (decision.action === 'external' && kind === 'navigation') options.openExternal(decision.url);
    else options.onBlocked(kind, event.url);
  };
  contents.onWillNavigate(guard('navigation'));
  contents.onWillRedirect(guard('redirect'));
  contents.onWillAttachWebview((event) => {
    event.preventDefault();
    options.onBlocked('webview', '');
  });
  contents.setWindowOpenHandler(({ url }) => {
    const decision = decideWindowOpen(url, options.trustedOrigins);
    if (decision.action === 'allow') return { action: 'allow', overrideBrowserWindowOptions: options.popoutWindowOptions() };
    if (decision.action === 'external') options.openExternal(decision.url);
    else options.onBlocked('window', url);
    return { action: 'deny' };
  });
}
