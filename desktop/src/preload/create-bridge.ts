// Builds the object the preload exposes as `window.kestrel`. It forwards only known channel and
// event names (ipc-channels.ts), passes exactly one argument, and never hands the renderer an
// Electron object (listeners receive only the payload, not the IpcRendererEvent with its
// `sender`). Validation of payloads happens in the main process.
import type { KestrelBridge } from '../common/bridge-api.js';
import { isIpcChannel, isIpcEvent } from '../common/ipc-channels.js';
import type { IpcResult } from '../common/ipc-result.js';

/** The part of ipcRenderer the bridge uses. */
export interface IpcRendererPort {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, payload: unknown) => void): void;
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): void;
}

/** Creates the bridge over `ipc`. */
export function createBridge(ipc: IpcRendererPort): KestrelBridge {
  return {
    kind: 'kestrel-desktop',
    invoke: (async (channel: unknown, request: unknown) => {
      if (!isIpcChannel(channel)) {
        return { ok: false, error: { code: 'DESKTOP_IPC_UNKNOWN_CHANNEL', message: `Unknown channel ${String(channel)}` } } satisfies IpcResult<never>;
      }
      return ipc.invoke(channel, request);
    }) as KestrelBridge['invoke'],
    on: ((event: unknown, listener: (payload: unknown) => void) => {
      if (!isIpcEvent(event) || typeof listener !== 'function') return () => undefined;
      const forward = (_event: unknown, payload: unknown) => listener(payload);
      ipc.on(event, forward);
      return () => ipc.removeListener(event, forward);
    }) as KestrelBridge['on'],
  };
}
