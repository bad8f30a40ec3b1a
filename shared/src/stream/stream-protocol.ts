// The /v1/stream WebSocket protocol (docs/streams.md): JSON text frames, one message per frame.
// Client → server: subscribe, unsubscribe, ping. Server → client: subscribed, snapshot, delta,
// unsubscribed, error, pong. Invariants: every server message about a subscription names it by
// the client's `id`; `seq` counts that subscription's snapshot and deltas from 0 without gaps, so
// a client that sees a gap knows it lost data (it never does unless the server closed the socket);
// a conflated delta carries `conflated` = how many updates it merges (latest value per key for
// quotes and bars, per price level for books). Known limit: no resume — after a reconnect a client
// subscribes again and receives a fresh snapshot.
import { Type, type Static } from '@sinclair/typebox';
import { BarIntervalSchema } from '../market-data/bar-interval.js';
import { SymbolSchema, UuidSchema, literalUnion } from '../trading/primitives.js';

/** What a subscription follows. */
export const STREAM_KINDS = ['quotes', 'trades', 'book', 'bars', 'orders', 'positions', 'notifications'] as const;
/** One stream kind. */
export type StreamKind = (typeof STREAM_KINDS)[number];

/** A client-chosen subscription id (unique per connection). */
export const SubscriptionIdSchema = Type.String({ pattern: '^[A-Za-z0-9._:-]{1,64}$' });

/** `subscribe`: market kinds need `symbol` (bars also `interval`); `positions` may name an own `accountId`. */
export const SubscribeMessageSchema = Type.Object(
  {
    type: Type.Literal('subscribe'),
    id: SubscriptionIdSchema,
    channel: literalUnion(STREAM_KINDS),
    symbol: Type.Optional(SymbolSchema),
    interval: Type.Optional(BarIntervalSchema),
    /** orders/positions: one own account (default: every own account). */
    accountId: Type.Optional(UuidSchema),
  },
  { additionalProperties: false },
);
/** A subscribe request. */
export type SubscribeMessage = Static<typeof SubscribeMessageSchema>;

/** `unsubscribe` one subscription by id. */
export const UnsubscribeMessageSchema = Type.Object({ type: Type.Literal('unsubscribe'), id: SubscriptionIdSchema }, { additionalProperties: false });
/** An unsubscribe request. */
export type UnsubscribeMessage = Static<typeof UnsubscribeMessageSchema>;

/** `ping`; the server answers `pong` with the same `nonce`. */
export const PingMessageSchema = Type.Object(
  { type: Type.Literal('ping'), nonce: Type.Optional(Type.String({ maxLength: 64 })) },
  { additionalProperties: false },
);
/** A ping. */
export type PingMessage = Static<typeof PingMessageSchema>;

/** Any client message. */
export const StreamClientMessageSchema = Type.Union([SubscribeMessageSchema, UnsubscribeMessageSchema, PingMessageSchema]);
/** Any client message. */
export type StreamClientMessage = Static<typeof StreamClientMessageSchema>;

/** Stable error codes of the stream protocol (also the WebSocket close reasons). */
export const STREAM_ERROR_CODES = [
  'STREAM_MESSAGE_INVALID',
  'STREAM_FORBIDDEN',
  'STREAM_SUBSCRIPTION_EXISTS',
  'STREAM_SUBSCRIPTION_NOT_FOUND',
  'STREAM_TOO_MANY_SUBSCRIPTIONS',
  'STREAM_SNAPSHOT_UNAVAILABLE',
  'STREAM_SLOW_CONSUMER',
] as const;
/** One stream error code. */
export type StreamErrorCode = (typeof STREAM_ERROR_CODES)[number];

/** WebSocket close codes the server uses (4000-4999 are application codes). */
export const STREAM_CLOSE_CODES = {
  /** The client did not read fast enough; its queue passed the bound (reason STREAM_SLOW_CONSUMER). */
  slowConsumer: 4008,
  /** The server is shutting down (1001 = going away). */
  shutdown: 1001,
} as const;

/** `subscribed`: the subscription is live; a `snapshot` (seq 0) follows. */
export const SubscribedMessageSchema = Type.Object(
  { type: Type.Literal('subscribed'), id: SubscriptionIdSchema, channel: literalUnion(STREAM_KINDS) },
  { additionalProperties: false },
);

/** `snapshot`: the state when the subscription started (null when there is none yet). */
export const SnapshotMessageSchema = Type.Object(
  {
    type: Type.Literal('snapshot'),
    id: SubscriptionIdSchema,
    seq: Type.Literal(0),
    /** The body of the documented REST route for this state (docs/streams.md), or null. */
    data: Type.Unknown(),
    /** Set when the snapshot source failed: deltas still flow; fetch the state over REST. */
    error: Type.Optional(Type.Literal('STREAM_SNAPSHOT_UNAVAILABLE')),
  },
  { additionalProperties: false },
);

/** `delta`: one update (or several merged, see `conflated`); `sentAtMs` = server send time. */
export const DeltaMessageSchema = Type.Object(
  {
    type: Type.Literal('delta'),
    id: SubscriptionIdSchema,
    seq: Type.Integer({ minimum: 1 }),
    conflated: Type.Optional(Type.Integer({ minimum: 2 })),
    data: Type.Unknown(),
  },
  { additionalProperties: false },
);

/** `unsubscribed`: no more messages for this id. */
export const UnsubscribedMessageSchema = Type.Object({ type: Type.Literal('unsubscribed'), id: SubscriptionIdSchema }, { additionalProperties: false });

/** `error`: a request was refused; `id` names the subscription when there is one. */
export const StreamErrorMessageSchema = Type.Object(
  {
    type: Type.Literal('error'),
    code: literalUnion(STREAM_ERROR_CODES),
    message: Type.String(),
    id: Type.Optional(SubscriptionIdSchema),
  },
  { additionalProperties: false },
);

/** `pong`: the answer to `ping`. */
export const PongMessageSchema = Type.Object(
  { type: Type.Literal('pong'), nonce: Type.Optional(Type.String({ maxLength: 64 })) },
  { additionalProperties: false },
);

/** Any server message. */
export const StreamServerMessageSchema = Type.Union([
  SubscribedMessageSchema,
  SnapshotMessageSchema,
  DeltaMessageSchema,
  UnsubscribedMessageSchema,
  StreamErrorMessageSchema,
  PongMessageSchema,
]);
/** Any server message. */
export type StreamServerMessage = Static<typeof StreamServerMessageSchema>;

/** Payload of the `user.notifications` channel: one message for one user (the stream delivers it to that user only). */
export const UserNotificationSchema = Type.Object(
  {
    userId: UuidSchema,
    /** Stable kind for clients to branch on, e.g. `order.filled`, `risk.limit`. */
    kind: Type.String({ pattern: '^[a-z][a-z0-9._-]{0,63}$' }),
    title: Type.String({ minLength: 1, maxLength: 200 }),
    body: Type.Optional(Type.String({ maxLength: 2000 })),
    /** ISO-8601 creation time. */
    createdAt: Type.String(),
  },
  { additionalProperties: false },
);
/** One user notification. */
export type UserNotification = Static<typeof UserNotificationSchema>;
