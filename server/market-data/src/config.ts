// The market-data service's configuration section (`market-data` in the config file,
// KESTREL_MARKET_DATA_* in the environment); docs/configuration.md lists each key.
import { Type, type Static } from '@sinclair/typebox';

const days = (description: string, defaultValue: number) =>
  Type.Integer({ minimum: 0, maximum: 36500, default: defaultValue, description });

/** Schema of the `market-data` config section. */
export const MarketDataConfigSchema = Type.Object(
  {
    storageLayout: Type.Union([Type.Literal('auto'), Type.Literal('native'), Type.Literal('timescale')], {
      default: 'auto',
      description:
        'Where ticks and bars live: `timescale` (hypertables + continuous aggregates; the extension must be installable), `native` (PostgreSQL range partitions), `auto` (timescale when the extension is available). Fixed once the tables exist.',
    }),
    partitionsAhead: Type.Integer({ minimum: 1, maximum: 365, default: 3, description: 'Native layout: partitions the maintenance job creates ahead of the current one, per table.' }),
    tickRetentionDays: days('Days of trades and quotes to keep (0 = forever). Native: whole day partitions are dropped; Timescale: add_retention_policy.', 30),
    bookRetentionDays: days('Days of order-book snapshots and deltas to keep (0 = forever).', 7),
    secondBarRetentionDays: days('Days of 1s bars to keep (0 = forever).', 30),
    intradayBarRetentionDays: days('Days of 1m, 5m and 15m bars to keep (0 = forever); dropped by whole month partitions in the native layout.', 0),
    hourBarRetentionDays: days('Days of 1h bars to keep (0 = forever); dropped by whole year partitions in the native layout.', 0),
    dailyBarRetentionDays: days('Days of 1d bars to keep (0 = forever); dropped by whole year partitions in the native layout.', 0),
    compressAfterDays: days('Timescale layout: compress chunks older than this many days (0 = no compression). Ignored by the native layout.', 7),
    maintenanceIntervalSeconds: Type.Integer({ minimum: 10, maximum: 86400, default: 300, description: 'How often partitions are created ahead and expired ones dropped.' }),
    materialiseIntervalMs: Type.Integer({ minimum: 50, maximum: 60000, default: 1000, description: 'Native layout: how often bars are rolled up from newly stored trades (1s, then 1m .. 1d).' }),
    flushIntervalMs: Type.Integer({ minimum: 1, maximum: 10000, default: 50, description: 'Longest time an ingested event waits in the sink buffer before it is stored and fanned out.' }),
    maxBatchEvents: Type.Integer({ minimum: 1, maximum: 100000, default: 5000, description: 'Events stored per sink flush at most (a full batch flushes at once).' }),
    maxBufferedEvents: Type.Integer({ minimum: 100, maximum: 10000000, default: 200000, description: 'Events the sink buffers before ingest calls wait for a flush (back-pressure).' }),
    bookSnapshotEvery: Type.Integer({ minimum: 1, maximum: 1000000, default: 500, description: 'Book deltas between stored full snapshots (bounds the work of GET /book).' }),
    publishTradesToBus: Type.Boolean({ default: true, description: 'Publish stored trades (batched per symbol) to the market.data topic; finished bars and feed states are always published.' }),
    seedDemoInstruments: Type.Boolean({ default: true, description: 'On first start, create a few demo instruments (AAPL, AMZN, GOOG, MSFT, SPY) unless instruments exist.' }),
    importMaxBytes: Type.Integer({ minimum: 1024, maximum: 1073741824, default: 67108864, description: 'Largest import body (CSV text or JSON with inline files), in bytes.' }),
    defaultPageSize: Type.Integer({ minimum: 1, maximum: 100000, default: 500, description: 'Rows per history page when `limit` is not given.' }),
    maxPageSize: Type.Integer({ minimum: 1, maximum: 100000, default: 10000, description: 'Largest `limit` a history request may ask for.' }),
    maxIndicatorBars: Type.Integer({ minimum: 10, maximum: 1000000, default: 50000, description: 'Most bars (warm-up included) one indicator request may compute over.' }),
    maxReplaySessions: Type.Integer({ minimum: 0, maximum: 1000, default: 16, description: 'Replay sessions one process runs at most.' }),
    serviceToken: Type.Optional(
      Type.String({
        minLength: 32,
        maxLength: 256,
        description: 'Shared secret other services (the simulation venue) send in x-kestrel-service-token to POST /v1/internal/market-data/events. Absent: only admins may call it.',
      }),
    ),
    feedStaleAfterMs: Type.Integer({ minimum: 100, maximum: 3600000, default: 10000, description: 'An adapter reports a symbol `stale` after this long without a message.' }),
    binanceSymbols: Type.Array(Type.String({ pattern: '^[A-Z0-9]{2,20}:(0|[1-9][0-9]*)(\\.[0-9]{1,18})?$' }), {
      default: [],
      expected: 'a comma-separated list of SYMBOL:quantityStep pairs, e.g. BTCUSDT:0.00001',
      description:
        'Binance spot symbols to stream (trade + diff depth), each with the decimal size of one lot, e.g. `BTCUSDT:0.00001`; the instrument must exist. Empty: the adapter is off.',
    }),
    binanceStreamUrl: Type.String({ format: 'uri', default: 'wss://stream.binance.com:9443', description: 'Binance WebSocket base URL (combined streams are opened at /stream).' }),
    binanceRestUrl: Type.String({ format: 'http-url', default: 'https://api.binance.com', description: 'Binance REST base URL (depth snapshots from /api/v3/depth).' }),
    binanceDepthLimit: Type.Integer({ minimum: 5, maximum: 5000, default: 1000, description: 'Levels per side requested in each Binance depth snapshot.' }),
  },
  { additionalProperties: false },
);

/** The validated `market-data` section. */
export type MarketDataConfig = Static<typeof MarketDataConfigSchema>;
