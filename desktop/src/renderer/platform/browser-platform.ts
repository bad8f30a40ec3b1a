// The renderer served by the suite as a web UI. The refresh token lives in sessionStorage: it
// survives a reload of the tab (so a trader does not log in again after F5) but not the closing
// of the tab, and it is never shared with other tabs.
import type { Platform } from './platform.js';

const REFRESH_KEY = 'kestrel.refreshToken';

/** The browser platform for the page at `location`. */
export function createBrowserPlatform(location: Location, storage: Storage): Platform {
  return {
    kind: 'browser',
    streamUrl: () => `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/v1/stream`,
    loadRefreshToken: async () => storage.getItem(REFRESH_KEY),
    saveRefreshToken: async (token) => storage.setItem(REFRESH_KEY, token),
    clearRefreshToken: async () => storage.removeItem(REFRESH_KEY),
    openExternal: (url) => {
      if (/^https?:\/\//i.test(url)) window.open(url, '_blank', 'noopener,noreferrer');
    },
    popoutUrl: new URL('popout.html', location.href).toString(),
  };
}
