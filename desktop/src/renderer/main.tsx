// Renderer entry: picks the platform (Electron bridge or browser), creates the services and
// mounts the app. Styles are imported here so Vite emits them as files (no inline styles: CSP).
import './styles/theme.css';
import './styles/base.css';
import './styles/shell.css';
import './styles/panels.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app.js';
import { ServicesContext } from './app/services-context.js';
import { createServices } from './app/services.js';
import { applyTheme, deviceTheme } from './features/preferences/preferences-store.js';
import { createBrowserPlatform } from './platform/browser-platform.js';
import { createElectronPlatform, detectBridge } from './platform/electron-platform.js';
import type { Platform } from './platform/platform.js';

async function start(): Promise<void> {
  applyTheme(deviceTheme());
  const bridge = detectBridge();
  let platform: Platform;
  let needsConnection = false;
  if (bridge) {
    const result = await bridge.invoke('connection:get', {});
    const connection = result.ok ? result.value : { mode: 'unconfigured' as const, serverUrl: null, streamUrl: null, updateChannel: 'stable' as const };
    platform = createElectronPlatform(bridge, connection);
    needsConnection = connection.serverUrl === null;
  } else {
    platform = createBrowserPlatform(window.location, window.sessionStorage);
  }
  const services = createServices(platform);
  const root = document.getElementById('root');
  if (!root) throw new Error('no #root element');
  createRoot(root).render(
    <StrictMode>
      <ServicesContext.Provider value={services}>
        <App needsConnection={needsConnection} />
      </ServicesContext.Provider>
    </StrictMode>,
  );
}

void start();
