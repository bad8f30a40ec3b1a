// Registers the typed handler map on ipcMain. For every call: the sender frame is checked
// (sender-policy.ts), the request is validated against the channel's TypeBox schema, the
// handler runs, and its response is validated too (a handler bug must not leak an unexpected
// shape to the renderer). Every outcome is an IpcResult value with a stable code; nothing throws
// across the process boundary.
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import type { TSchema } from '@sinclair/typebox';
import { IPC_CHANNELS, type IpcChannel } from '../../common/ipc-channels.js';
import { IPC_CONTRACT, type IpcHandlers } from '../../common/ipc-contract.js';
import { DesktopError, ipcFail, ipcOk, type IpcResult } from '../../common/ipc-result.js';
import { isTrustedSender, type SenderFrame } from './sender-policy.js';

/** The part of an IpcMainInvokeEvent the router reads. */
export interface InvokeEvent {
  readonly senderFrame: SenderFrame | null;
  readonly sender: { readonly id: number };
}

/** The part of ipcMain the router uses. */
export interface IpcMainPort {
  handle(channel: string, listener: (event: InvokeEvent, ...args: unknown[]) => Promise<unknown>): void;
}

/** Logs what the router refuses or what fails. */
export interface IpcLogger {
  warn(message: string, details: Record<string, unknown>): void;
}

const checks = new Map<TSchema, TypeCheck<TSchema>>();
function checkerOf(schema: TSchema): TypeCheck<TSchema> {
  let check = checks.get(schema);
  if (!check) {
    check = TypeCompiler.Compile(schema);
    checks.set(schema, check);
  }
  return check;
}

/** Problems of `value` against `schema`, at most five, as `path: message`. */
function problems(schema: TSchema, value: unknown): string[] {
  return [...checkerOf(schema).Errors(value)].slice(0, 5).map((error) => `${error.path || '/'}: ${error.message}`);
}

/** Handles one call of `channel`: the whole pipeline, exported for tests. */
export async function dispatch<C extends IpcChannel>(
  channel: C,
  handlers: IpcHandlers,
  event: InvokeEvent,
  args: readonly unknown[],
  trustedOrigins: readonly string[],
  logger: IpcLogger,
): Promise<IpcResult<unknown>> {
  if (!isTrustedSender(event.senderFrame, trustedOrigins)) {
    logger.warn('IPC refused: untrusted sender', { channel, url: event.senderFrame?.url ?? null });
    return ipcFail('DESKTOP_IPC_FORBIDDEN_SENDER', `The caller of ${channel} is not a trusted app page`);
  }
  const contract = IPC_CONTRACT[channel];
  const request = args.length === 0 ? {} : args[0];
  if (args.length > 1 || !checkerOf(contract.request).Check(request)) {
    const found = args.length > 1 ? [`expected one argument, got ${args.length}`] : problems(contract.request, request);
    logger.warn('IPC refused: invalid request', { channel, problems: found });
    return ipcFail('DESKTOP_IPC_INVALID_REQUEST', `Invalid ${channel} request: ${found.join('; ')}`);
  }
  const handler = handlers[channel] as (request: unknown, context: { senderId: number }) => Promise<unknown>;
  let response: unknown;
  try {
    response = await handler(request, { senderId: event.sender.id });
  } catch (error) {
    if (error instanceof DesktopError) return ipcFail(error.code, error.message);
    logger.warn('IPC handler failed', { channel, error: String(error) });
    return ipcFail('DESKTOP_IPC_HANDLER_FAILED', `${channel} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!checkerOf(contract.response).Check(response)) {
    logger.warn('IPC handler returned an invalid response', { channel, problems: problems(contract.response, response) });
    return ipcFail('DESKTOP_IPC_HANDLER_FAILED', `${channel} produced an invalid response`);
  }
  return ipcOk(response);
}

/** Registers every channel of the contract; a missing handler is a startup error. */
export function registerIpcHandlers(ipc: IpcMainPort, handlers: IpcHandlers, trustedOrigins: readonly string[], logger: IpcLogger): void {
  for (const channel of IPC_CHANNELS) {
    if (typeof handlers[channel] !== 'function') throw new Error(`no IPC handler for ${channel}`);
    ipc.handle(channel, (event, ...args) => dispatch(channel, handlers, event, args, trustedOrigins, logger));
  }
}
