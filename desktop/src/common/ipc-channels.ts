// Names of the IPC channels between the renderer (through the preload bridge) and the main
// process. Kept free of imports so the sandboxed preload bundle stays tiny: the preload only
// checks a channel name against this list; the main process validates every payload against
// the schemas in ipc-contract.ts.

/** Request/response channels (renderer → main, `ipcRenderer.invoke`). */
export const IPC_CHANNELS = [
  'app:info',
  'connection:get',
  'connection:set',
  'shell:open-external',
  'session:load',
  'session:save',
  'session:clear',
  'updates:check',
  'offline:status',
  'auth:pkce-login',
] as const;

/** One request/response channel. */
export type IpcChannel = (typeof IPC_CHANNELS)[number];

/** Events the main process pushes to renderers (`webContents.send`). */
export const IPC_EVENTS = ['updates:status', 'connection:changed'] as const;

/** One main → renderer event. */
export type IpcEvent = (typeof IPC_EVENTS)[number];

/** True when `value` names a request/response channel. */
export function isIpcChannel(value: unknown): value is IpcChannel {
  return typeof value === 'string' && (IPC_CHANNELS as readonly string[]).includes(value);
}

/** True when `value` names a main → renderer event. */
export function isIpcEvent(value: unknown): value is IpcEvent {
  return typeof value === 'string' && (IPC_EVENTS as readonly string[]).includes(value);
}
