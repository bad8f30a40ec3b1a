// Entry point of the Electron main process: wires the security policies, the app protocol, the
// IPC handlers and the windows. Everything with logic lives in the modules it imports (each
// tested in plain Node); this file only connects them to Electron.
//
// Order matters: the privileged scheme is registered and the sandbox enabled before `ready`;
// permission handlers, the protocol and the web-contents hook are installed before the first
// window is created, so no page ever runs without them.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, ipcMain, net, protocol, safeStorage, session, shell, type WebContents } from 'electron';
import { APP_ENTRY_URL, APP_ORIGIN, APP_SCHEME } from '../common/app-origin.js';
import { buildContentSecurityPolicy } from '../common/content-security-policy.js';
import type { Connection, UpdateStatus } from '../common/ipc-contract.js';
import { createAppProtocolHandler } from './app-protocol/app-protocol-handler.js';
import { runPkceLogin } from './auth/pkce-flow.js';
import { ConnectionStore } from './connection/connection-store.js';
import { createIpcHandlers } from './ipc/ipc-handlers.js';
import { registerIpcHandlers } from './ipc/ipc-router.js';
import { EmbeddedSuite, nodeForker } from './offline/embedded-suite.js';
import { findOnPath, locateOffline, offlineStatus } from './offline/offline-mode.js';
import { hardenWebContents, type HardenableContents } from './security/harden-web-contents.js';
import { allowPermission } from './security/permission-policy.js';
import { TokenVault } from './session/token-vault.js';
import { checkForUpdates, type UpdaterPort } from './updates/update-feed.js';
import { appWindowOptions, openMainWindow } from './windows/app-window.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const preload = path.join(here, '../preload/index.cjs');
const rendererRoot = path.join(here, '../renderer');
const devServerUrl = !app.isPackaged ? process.env['ELECTRON_RENDERER_URL'] : undefined;
const trustedOrigins = devServerUrl ? [APP_ORIGIN, new URL(devServerUrl).origin] : [APP_ORIGIN];
const log = {
  warn: (message: string, details: Record<string, unknown>) => console.warn(`[kestrel] ${message}`, details),
};

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true } },
]);
app.enableSandbox();
if (!app.requestSingleInstanceLock()) app.quit();

function adapt(contents: WebContents): HardenableContents {
  return {
    onWillNavigate: (listener) => contents.on('will-navigate', (event) => listener({ url: event.url, preventDefault: () => event.preventDefault() })),
    onWillRedirect: (listener) => contents.on('will-redirect', (event) => listener({ url: event.url, preventDefault: () => event.preventDefault() })),
    onWillAttachWebview: (listener) => contents.on('will-attach-webview', (event) => listener(event)),
    setWindowOpenHandler: (handler) => contents.setWindowOpenHandler(handler),
  };
}

async function loadUpdater(broadcast: (status: UpdateStatus) => void): Promise<UpdaterPort | null> {
  if (!app.isPackaged) return null;
  const { default: updater } = await import('electron-updater');
  const auto = updater.autoUpdater;
  auto.autoDownload = true;
  // Downloads finish after the check returned: tell the windows (the update installs on quit).
  auto.on('update-downloaded', (info: { version: string }) => broadcast({ state: 'downloaded', feedUrl: null, version: info.version, message: 'Restart Kestrel to install' }));
  auto.on('error', (error: Error) => broadcast({ state: 'error', feedUrl: null, version: null, message: error.message.slice(0, 1000) }));
  return {
    setFeedURL: (options) => auto.setFeedURL(options),
    checkForUpdates: async () => auto.checkForUpdates(),
    currentVersion: app.getVersion(),
  };
}

async function main(): Promise<void> {
  await app.whenReady();
  const userData = app.getPath('userData');
  const connections = new ConnectionStore(userData);
  await connections.load(process.env['KESTREL_SERVER_URL']);
  const vault = new TokenVault(userData, {
    isEncryptionAvailable: () => safeStorage.isEncryptionAvailable(),
    backend: () => (process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os'),
    encryptString: (plain) => safeStorage.encryptString(plain),
    decryptString: (encrypted) => safeStorage.decryptString(encrypted),
  });
  const updater = await loadUpdater((status) => {
    for (const window of BrowserWindow.getAllWindows()) window.webContents.send('updates:status', status);
  });
  const offline = locateOffline(here, process.env, (name) => findOnPath(name));
  const embedded =
    offline.suiteEntry && offline.nodeBinary
      ? new EmbeddedSuite(nodeForker(offline.nodeBinary, path.dirname(offline.suiteEntry)), offline.suiteEntry, path.join(userData, 'offline'), (line) => console.log(`[kestrel suite] ${line}`))
      : null;
  app.on('will-quit', () => void embedded?.stop());
  if (connections.connection().mode === 'offline' && embedded && offlineStatus(offline).available) {
    // The app was last used offline: bring the embedded server back before the window asks for it.
    await embedded
      .start()
      .then((url) => connections.setOffline(url))
      .catch((error: unknown) => log.warn('the embedded server did not start', { error: String(error) }));
  }

  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((contents, permission, callback) => callback(allowPermission(permission, contents.getURL(), trustedOrigins)));
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) => allowPermission(permission, requestingOrigin, trustedOrigins));
  if (devServerUrl) {
    // The dev server's pages get the policy as a header too (with its HMR allowances).
    const devCsp = buildContentSecurityPolicy({ header: true, development: true, connectOrigins: ['*'] });
    ses.webRequest.onHeadersReceived({ urls: [`${new URL(devServerUrl).origin}/*`] }, (details, callback) =>
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [devCsp] } }),
    );
  }
  protocol.handle(
    APP_SCHEME,
    createAppProtocolHandler({ rendererRoot, readFile: (file) => readFile(file), suiteUrl: () => connections.activeServerUrl(), fetch: (request) => net.fetch(request) }),
  );
  app.on('web-contents-created', (_event, contents) =>
    hardenWebContents(adapt(contents), {
      trustedOrigins,
      popoutWindowOptions: () => appWindowOptions(preload, !app.isPackaged, { width: 900, height: 640 }),
      openExternal: (url) => void shell.openExternal(url),
      onBlocked: (kind, url) => log.warn(`blocked ${kind}`, { url }),
    }),
  );

  const broadcast = (connection: Connection) => {
    for (const window of BrowserWindow.getAllWindows()) window.webContents.send('connection:changed', connection);
  };
  registerIpcHandlers(
    ipcMain,
    createIpcHandlers({
      appInfo: () => ({
        version: app.getVersion(),
        platform: process.platform,
        electron: process.versions.electron ?? '',
        chrome: process.versions.chrome ?? '',
        packaged: app.isPackaged,
      }),
      connections,
      vault,
      openExternal: (url) => shell.openExternal(url),
      checkForUpdates: (connection) => checkForUpdates(updater, connection, app.isPackaged),
      offlineStatus: async () => offlineStatus(offline),
      startOffline: () => (embedded ? embedded.start() : Promise.reject(new Error('offline mode is not available in this build'))),
      pkceLogin: (serverUrl) => runPkceLogin({ serverUrl, openBrowser: (url) => shell.openExternal(url) }),
      broadcastConnection: broadcast,
    }),
    trustedOrigins,
    log,
  );

  const open = () => openMainWindow(devServerUrl ?? APP_ENTRY_URL, preload, !app.isPackaged);
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void open();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  await open();
}

main().catch((error: unknown) => {
  console.error('[kestrel] failed to start', error);
  app.exit(1);
});
