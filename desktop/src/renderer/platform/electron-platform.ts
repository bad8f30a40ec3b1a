// The renderer inside the Electron shell: everything beyond same-origin HTTP goes through the
// typed preload bridge (`window.kestrel`). Bridge failures are IpcResult values; this adapter
// turns them into thrown errors with the DESKTOP_* code for the UI to show.
import type { KestrelBridge } from '../../common/bridge-api.js';
import type { IpcChannel } from '../../common/ipc-channels.js';
import type { Connection, IpcRequest, IpcResponse } from '../../common/ipc-contract.js';
import { ApiError } from '../api/api-error.js';
import type { Platform } from './platform.js';

/** The Electron platform over `bridge`; `initial` is the connection read at start-up. */
export function createElectronPlatform(bridge: KestrelBridge, initial: Connection): Platform {
  let connection = initial;
  bridge.on('connection:changed', (next) => (connection = next));
  async function call<C extends IpcChannel>(channel: C, request: IpcRequest<C>): Promise<IpcResponse<C>> {
    const result = await bridge.invoke(channel, request);
    if (!result.ok) throw new ApiError(result.error.code, result.error.message, 0);
    return result.value;
  }
  return {
    kind: 'electron',
    streamUrl: () => connection.streamUrl,
    loadRefreshToken: async () => (await call('session:load', {})).refreshToken,
    saveRefreshToken: async (token) => void (await call('session:save', { refreshToken: token })),
    clearRefreshToken: async () => void (await call('session:clear', {})),
    openExternal: (url) => void call('shell:open-external', { url }).catch(() => undefined),
    popoutUrl: new URL('popout.html', window.location.href).toString(),
    connection: {
      get: async () => (connection = await call('connection:get', {})),
      setServer: async (serverUrl) => (connection = await call('connection:set', { mode: 'remote', serverUrl })),
      offlineStatus: () => call('offline:status', {}),
      goOffline: async () => (connection = await call('connection:set', { mode: 'offline' })),
      onChange: (listener) => bridge.on('connection:changed', listener),
    },
    appInfo: () => call('app:info', {}),
    updates: {
      check: () => call('updates:check', {}),
      onStatus: (listener) => bridge.on('updates:status', listener),
    },
    browserSignIn: () => call('auth:pkce-login', {}),
  };
}

/** The bridge, when the page runs inside the Electron shell. */
export function detectBridge(): KestrelBridge | null {
  const candidate = (window as unknown as { kestrel?: KestrelBridge }).kestrel;
  return candidate && candidate.kind === 'kestrel-desktop' ? candidate : null;
}
