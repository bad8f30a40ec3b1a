// The main process's implementation of the IPC contract (the typed handler map). Each handler
// gets already-validated input (ipc-router.ts) and talks to the world through the ports in
// `IpcHandlerDeps`, so the handlers are unit-tested without Electron.
import type { Connection, IpcHandlers, UpdateStatus } from '../../common/ipc-contract.js';
import { DesktopError } from '../../common/ipc-result.js';
import type { ConnectionStore } from '../connection/connection-store.js';
import type { OfflineStatus } from '../offline/offline-mode.js';
import type { PkceTokens } from '../auth/pkce-flow.js';
import { isSafeExternalUrl } from '../security/url-policy.js';
import type { TokenVault } from '../session/token-vault.js';

/** What the handlers act on. */
export interface IpcHandlerDeps {
  appInfo: () => { version: string; platform: string; electron: string; chrome: string; packaged: boolean };
  connections: ConnectionStore;
  vault: TokenVault;
  openExternal: (url: string) => Promise<void>;
  checkForUpdates: (connection: Connection) => Promise<UpdateStatus>;
  offlineStatus: () => Promise<OfflineStatus>;
  /** Starts the embedded suite and returns its URL (only called when offlineStatus says available). */
  startOffline: () => Promise<string>;
  pkceLogin: (serverUrl: string) => Promise<PkceTokens>;
  /** Tells every window the connection changed. */
  broadcastConnection: (connection: Connection) => void;
}

function requireServer(connections: ConnectionStore): string {
  const url = connections.activeServerUrl();
  if (!url) throw new DesktopError('DESKTOP_NOT_CONNECTED', 'No Kestrel server is configured');
  return url;
}

/** Builds the handler map. */
export function createIpcHandlers(deps: IpcHandlerDeps): IpcHandlers {
  return {
    'app:info': async () => deps.appInfo(),
    'connection:get': async () => deps.connections.connection(),
    'connection:set': async (request) => {
      let connection: Connection;
      if (request.mode === 'remote') {
        connection = await deps.connections.setRemote(request.serverUrl);
      } else {
        const status = await deps.offlineStatus();
        if (!status.available) throw new DesktopError('DESKTOP_OFFLINE_UNAVAILABLE', status.reason);
        connection = await deps.connections.setOffline(await deps.startOffline());
      }
      deps.broadcastConnection(connection);
      return connection;
    },
    'shell:open-external': async ({ url }) => {
      if (!isSafeExternalUrl(url)) throw new DesktopError('DESKTOP_URL_NOT_ALLOWED', 'Only http and https links open in the browser');
      await deps.openExternal(url);
      return { opened: true };
    },
    'session:load': async () => {
      const url = deps.connections.activeServerUrl();
      return { refreshToken: url ? await deps.vault.load(url) : null };
    },
    'session:save': async ({ refreshToken }) => ({ persisted: await deps.vault.save(requireServer(deps.connections), refreshToken) }),
    'session:clear': async () => {
      await deps.vault.clear();
      return { cleared: true };
    },
    'updates:check': async () => deps.checkForUpdates(deps.connections.connection()),
    'offline:status': async () => deps.offlineStatus(),
    'auth:pkce-login': async () => deps.pkceLogin(requireServer(deps.connections)),
  };
}
