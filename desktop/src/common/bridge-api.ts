// The API the preload script exposes to the renderer as `window.kestrel` (contextBridge). It is
// the renderer's only door to the main process: a typed `invoke` over the IPC contract and a
// typed event subscription. The renderer detects Electron by the presence of this object.
import type { IpcChannel, IpcEvent } from './ipc-channels.js';
import type { IpcEventPayload, IpcRequest, IpcResponse } from './ipc-contract.js';
import type { IpcResult } from './ipc-result.js';

/** `window.kestrel` in Electron. */
export interface KestrelBridge {
  /** Marks the object (the renderer checks it before trusting the shape). */
  readonly kind: 'kestrel-desktop';
  /** Calls a main-process handler; never rejects for handler errors (they are results). */
  invoke<C extends IpcChannel>(channel: C, request: IpcRequest<C>): Promise<IpcResult<IpcResponse<C>>>;
  /** Subscribes to a main-process event; returns the unsubscribe function. */
  on<E extends IpcEvent>(event: E, listener: (payload: IpcEventPayload<E>) => void): () => void;
}

/** The global name of the bridge. */
export const BRIDGE_GLOBAL = 'kestrel';
