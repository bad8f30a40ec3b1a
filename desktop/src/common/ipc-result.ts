// How an IPC call reports its outcome. Errors thrown in an `ipcMain.handle` handler reach the
// renderer as a bare message, so every handler returns a value instead: `{ ok: true, value }`
// or `{ ok: false, error: { code, message } }` with a stable DESKTOP_* code.

/** Stable codes of the desktop shell's errors (documented in docs/desktop.md). */
export const DESKTOP_ERROR_CODES = [
  'DESKTOP_IPC_UNKNOWN_CHANNEL',
  'DESKTOP_IPC_INVALID_REQUEST',
  'DESKTOP_IPC_FORBIDDEN_SENDER',
  'DESKTOP_IPC_HANDLER_FAILED',
  'DESKTOP_URL_NOT_ALLOWED',
  'DESKTOP_SERVER_URL_INVALID',
  'DESKTOP_OFFLINE_UNAVAILABLE',
  'DESKTOP_NOT_CONNECTED',
  'DESKTOP_PKCE_FAILED',
] as const;

/** One desktop error code. */
export type DesktopErrorCode = (typeof DESKTOP_ERROR_CODES)[number];

/** The error half of an IPC result. */
export interface IpcError {
  code: DesktopErrorCode;
  message: string;
}

/** The outcome of one IPC call. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

/** A successful result. */
export function ipcOk<T>(value: T): IpcResult<T> {
  return { ok: true, value };
}

/** A failed result. */
export function ipcFail<T = never>(code: DesktopErrorCode, message: string): IpcResult<T> {
  return { ok: false, error: { code, message } };
}

/** An error a handler throws on purpose; the router turns it into a failed result with its code. */
export class DesktopError extends Error {
  constructor(
    readonly code: DesktopErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DesktopError';
  }
}
