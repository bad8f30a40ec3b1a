// Creation of the main app window. Every window gets the locked-down webPreferences; the first
// paint waits for `ready-to-show` so the workstation never flashes an unstyled page.
import { BrowserWindow, type BrowserWindowConstructorOptions } from 'electron';
import { secureWebPreferences, weakPreferences } from '../security/secure-web-preferences.js';

/** Options of any app window (main or popout). */
export function appWindowOptions(preload: string, devTools: boolean, overrides: BrowserWindowConstructorOptions = {}): BrowserWindowConstructorOptions {
  return {
    width: 1600,
    height: 960,
    minWidth: 800,
    minHeight: 500,
    backgroundColor: '#0f1419',
    title: 'Kestrel',
    autoHideMenuBar: true,
    ...overrides,
    webPreferences: secureWebPreferences(preload, { devTools }),
  };
}

/** Opens the main window at `url`. */
export async function openMainWindow(url: string, preload: string, devTools: boolean): Promise<BrowserWindow> {
  const options = appWindowOptions(preload, devTools);
  const weak = weakPreferences(options.webPreferences ?? {});
  if (weak.length > 0) throw new Error(`refusing to open a window with weak preferences: ${weak.join(', ')}`);
  const window = new BrowserWindow({ ...options, show: false });
  window.once('ready-to-show', () => window.show());
  await window.loadURL(url);
  return window;
}
