// THE IPC PROTOCOL between the renderer and the main process, as a typed handler map in the
// style of Actual Budget: each channel has a TypeBox schema for its request and its response,
// and `IpcHandlers` derives the handler signatures from them, so main-process handlers, the
// preload bridge and renderer callers cannot disagree. Invariants: every request is validated
// against its schema in the main process before a handler runs (the renderer is untrusted);
// objects are closed (additionalProperties: false); strings are bounded.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { literalUnion } from '@kestrel/shared';
import type { IpcChannel, IpcEvent } from './ipc-channels.js';

const Obj = <T extends Record<string, TSchema>>(properties: T) => Type.Object(properties, { additionalProperties: false });
const Empty = Obj({});
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** An absolute http(s) URL of a suite, at most 2048 characters. */
export const ServerUrlSchema = Type.String({ minLength: 8, maxLength: 2048, pattern: '^https?://' });

/** Which suite the app talks to. */
export const ConnectionSchema = Obj({
  /** remote: a suite at serverUrl; offline: the embedded engine; unconfigured: nothing chosen yet. */
  mode: literalUnion(['remote', 'offline', 'unconfigured']),
  serverUrl: Nullable(ServerUrlSchema),
  /** WebSocket URL of the suite's `/v1/stream` (the renderer connects to it directly). */
  streamUrl: Nullable(Type.String({ maxLength: 2100 })),
  updateChannel: literalUnion(['stable', 'beta']),
});
/** Which suite the app talks to. */
export type Connection = Static<typeof ConnectionSchema>;

/** Progress of the update check. */
export const UpdateStatusSchema = Obj({
  state: literalUnion(['disabled', 'checking', 'available', 'not-available', 'downloaded', 'error']),
  feedUrl: Nullable(Type.String({ maxLength: 2200 })),
  version: Nullable(Type.String({ maxLength: 64 })),
  message: Nullable(Type.String({ maxLength: 1000 })),
});
/** Progress of the update check. */
export type UpdateStatus = Static<typeof UpdateStatusSchema>;

/** Tokens of a session (the refresh token rotates on every use). */
export const SessionTokensSchema = Obj({
  accessToken: Type.String({ minLength: 1, maxLength: 8192 }),
  refreshToken: Type.String({ minLength: 1, maxLength: 512 }),
  expiresIn: Type.Integer({ minimum: 1, maximum: 86_400 }),
});

/** Request and response schema of every channel. */
export const IPC_CONTRACT = {
  'app:info': {
    request: Empty,
    response: Obj({
      version: Type.String(),
      platform: Type.String(),
      electron: Type.String(),
      chrome: Type.String(),
      packaged: Type.Boolean(),
    }),
  },
  'connection:get': { request: Empty, response: ConnectionSchema },
  'connection:set': {
    request: Type.Union([
      Obj({ mode: Type.Literal('remote'), serverUrl: ServerUrlSchema }),
      Obj({ mode: Type.Literal('offline') }),
    ]),
    response: ConnectionSchema,
  },
  'shell:open-external': {
    request: Obj({ url: Type.String({ minLength: 1, maxLength: 2048 }) }),
    response: Obj({ opened: Type.Boolean() }),
  },
  'session:load': { request: Empty, response: Obj({ refreshToken: Nullable(Type.String({ maxLength: 512 })) }) },
  'session:save': {
    request: Obj({ refreshToken: Type.String({ minLength: 1, maxLength: 512, pattern: '^[A-Za-z0-9_\\-.~+/=]+$' }) }),
    response: Obj({ persisted: Type.Boolean() }),
  },
  'session:clear': { request: Empty, response: Obj({ cleared: Type.Boolean() }) },
  'updates:check': { request: Empty, response: UpdateStatusSchema },
  'offline:status': { request: Empty, response: Obj({ available: Type.Boolean(), reason: Type.String({ maxLength: 1000 }) }) },
  'auth:pkce-login': { request: Empty, response: SessionTokensSchema },
} satisfies Record<IpcChannel, { request: TSchema; response: TSchema }>;

/** Payload schema of every main → renderer event. */
export const IPC_EVENT_CONTRACT = {
  'updates:status': UpdateStatusSchema,
  'connection:changed': ConnectionSchema,
} satisfies Record<IpcEvent, TSchema>;

/** The request type of a channel. */
export type IpcRequest<C extends IpcChannel> = Static<(typeof IPC_CONTRACT)[C]['request']>;
/** The response type of a channel. */
export type IpcResponse<C extends IpcChannel> = Static<(typeof IPC_CONTRACT)[C]['response']>;
/** The payload type of an event. */
export type IpcEventPayload<E extends IpcEvent> = Static<(typeof IPC_EVENT_CONTRACT)[E]>;

/** Context a handler gets besides the request: which window asked. */
export interface IpcCallContext {
  /** Id of the sender's webContents. */
  senderId: number;
}

/** The typed handler map the main process implements. */
export type IpcHandlers = {
  [C in IpcChannel]: (request: IpcRequest<C>, context: IpcCallContext) => Promise<IpcResponse<C>>;
};
