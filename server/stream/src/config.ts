// The stream service's configuration section (`stream` in the config file, KESTREL_STREAM_* in the
// environment); docs/configuration.md lists each key.
import { Type, type Static } from '@sinclair/typebox';

/** Schema of the `stream` config section. */
export const StreamConfigSchema = Type.Object(
  {
    maxSubscriptionsPerConnection: Type.Integer({ minimum: 1, maximum: 10000, default: 200, description: 'Subscriptions one WebSocket connection may hold at once (more: STREAM_TOO_MANY_SUBSCRIPTIONS).' }),
    maxQueuedMessages: Type.Integer({
      minimum: 10,
      maximum: 1000000,
      default: 2000,
      description: 'Messages waiting for one slow connection (after conflation) before it is closed with 4008 STREAM_SLOW_CONSUMER.',
    }),
    socketHighWaterBytes: Type.Integer({
      minimum: 1024,
      maximum: 268435456,
      default: 1048576,
      description: 'Bytes buffered in a socket (ws bufferedAmount) above which the server stops writing to it and queues (and conflates) instead.',
    }),
    snapshotBaseUrl: Type.Optional(
      Type.String({
        pattern: '^https?://.+',
        description: 'Where snapshots are read (GET /v1/market-data/..., /v1/orders, /v1/positions with the caller\'s credential). Unset: the same process (inject), as in `kestrel serve --all`.',
      }),
    ),
    positionsConsumerGroup: Type.String({
      pattern: '^[A-Za-z0-9._-]{1,160}$',
      default: 'stream.positions',
      description: 'Prefix of the consumer group reading positions.updated; each process appends its own instance id, so every instance sees every update.',
    }),
  },
  { additionalProperties: false },
);
/** The `stream` config section. */
export type StreamConfig = Static<typeof StreamConfigSchema>;
