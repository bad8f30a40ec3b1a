// TypeBox schemas of the market-data routes (requests and responses; the gateway builds the
// OpenAPI document from them). Objects are closed. Times on the REST API are ISO-8601 strings
// with microseconds; prices are integer ticks, quantities integer lots, Σ price × lots a decimal
// integer string. Streaming contracts (events, live bars) live in shared/src/market-data.
import { Type, type TSchema } from '@sinclair/typebox';
import {
  BarIntervalSchema,
  BookLevelSchema,
  DaySchema,
  FEED_STATES,
  INSTRUMENT_STATUSES,
  InstrumentSchema,
  IntegerStringSchema,
  MarketSourceSchema,
  NonNegativeLotsSchema,
  PriceTicksSchema,
  QuantityLotsSchema,
  SymbolSchema,
  TimestampSchema,
  literalUnion,
} from '@kestrel/shared';
import { INDICATOR_NAMES } from '../domain/indicator-catalog.js';

/** A closed object. */
const Obj = <T extends Record<string, TSchema>>(properties: T, options: { description?: string } = {}) =>
  Type.Object(properties, { additionalProperties: false, ...options });

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** A page size. */
const Limit = Type.Integer({ minimum: 1, maximum: 100_000, description: 'Rows per page (default and maximum are configured)' });
const Cursor = Type.String({ minLength: 1, maxLength: 512, pattern: '^[A-Za-z0-9_-]+$', description: 'nextCursor of the previous page' });
const Order = literalUnion(['asc', 'desc'] as const, { description: 'Time order of the page (default asc)' });

export const SymbolParams = Obj({ symbol: SymbolSchema });

export const InstrumentListQuery = Obj({
  symbol: Type.Optional(SymbolSchema),
  status: Type.Optional(literalUnion(INSTRUMENT_STATUSES)),
});
export const InstrumentListResponse = Obj({ instruments: Type.Array(InstrumentSchema) });

const RangeQuery = {
  symbol: SymbolSchema,
  from: Type.Optional(TimestampSchema),
  to: Type.Optional(TimestampSchema),
  limit: Type.Optional(Limit),
  cursor: Type.Optional(Cursor),
  order: Type.Optional(Order),
};

export const BarsQuery = Obj({ ...RangeQuery, interval: BarIntervalSchema });

export const BarSchema = Obj({
  time: TimestampSchema,
  open: PriceTicksSchema,
  high: PriceTicksSchema,
  low: PriceTicksSchema,
  close: PriceTicksSchema,
  volumeLots: NonNegativeLotsSchema,
  tradeCount: Nullable(Type.Integer({ minimum: 0 })),
  vwapNumerator: Nullable(IntegerStringSchema),
  origin: literalUnion(['trades', 'import'] as const),
  complete: Type.Boolean({ description: 'False while the bar period has not ended yet' }),
});

export const BarGapViewSchema = Obj(
  {
    from: TimestampSchema,
    to: TimestampSchema,
    missingBars: Type.Integer({ minimum: 1 }),
  },
  { description: 'In-session bars between two returned bars that have no data: absent, not flat' },
);

export const BarsResponse = Obj({
  symbol: SymbolSchema,
  interval: BarIntervalSchema,
  bars: Type.Array(BarSchema),
  gaps: Type.Array(BarGapViewSchema),
  nextCursor: Nullable(Type.String()),
});

export const TicksQuery = Obj({ ...RangeQuery, source: Type.Optional(MarketSourceSchema) });

export const TradeSchema = Obj({
  time: TimestampSchema,
  priceTicks: PriceTicksSchema,
  quantityLots: QuantityLotsSchema,
  aggressor: Nullable(literalUnion(['buy', 'sell'] as const)),
  tradeId: Type.String(),
  source: MarketSourceSchema,
});
export const TradesResponse = Obj({ symbol: SymbolSchema, trades: Type.Array(TradeSchema), nextCursor: Nullable(Type.String()) });

const QuoteSide = Nullable(Obj({ priceTicks: PriceTicksSchema, quantityLots: QuantityLotsSchema }));
export const QuoteSchema = Obj({ time: TimestampSchema, bid: QuoteSide, ask: QuoteSide, source: MarketSourceSchema });
export const QuotesResponse = Obj({ symbol: SymbolSchema, quotes: Type.Array(QuoteSchema), nextCursor: Nullable(Type.String()) });

export const BookQuery = Obj({
  source: Type.Optional(MarketSourceSchema),
  depth: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, description: 'Levels per side (default: all stored)' })),
});
export const BookResponse = Obj({
  symbol: SymbolSchema,
  source: MarketSourceSchema,
  time: TimestampSchema,
  updateId: Nullable(IntegerStringSchema),
  feedState: literalUnion([...FEED_STATES, 'unreported'] as const, {
    description: "The source's last reported feed state; anything but `live` means the book may be out of date. `unreported`: the source never reports one (e.g. imported history).",
  }),
  feedStateReason: Nullable(Type.String()),
  depthLimit: Nullable(Type.Integer({ minimum: 1, description: 'The source shows at most this many levels per side' })),
  crossed: Type.Boolean(),
  bids: Type.Array(BookLevelSchema),
  asks: Type.Array(BookLevelSchema),
});

const Period = (description: string) => Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, description }));
const MovingAverage = Type.Optional(literalUnion(['sma', 'ema', 'wma'] as const));

export const IndicatorQuery = Obj({
  symbol: SymbolSchema,
  interval: BarIntervalSchema,
  name: Type.Union(INDICATOR_NAMES.map((name) => Type.Literal(name)), { description: 'Indicator' }),
  from: Type.Optional(TimestampSchema),
  to: Type.Optional(TimestampSchema),
  limit: Type.Optional(Limit),
  warmup: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, description: 'Bars before `from` fed in first (default: the indicator lookback)' })),
  period: Period('sma/ema/wma/rsi/bollinger/atr/adx period'),
  fastPeriod: Period('MACD fast period'),
  slowPeriod: Period('MACD slow period'),
  signalPeriod: Period('MACD signal period'),
  deviationsUp: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
  deviationsDown: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
  fastKPeriod: Period('Stochastic fast %K period'),
  slowKPeriod: Period('Stochastic slow %K period'),
  slowKType: MovingAverage,
  slowDPeriod: Period('Stochastic slow %D period'),
  slowDType: MovingAverage,
  field: Type.Optional(literalUnion(['open', 'high', 'low', 'close'] as const, { description: 'Input of single-series indicators (default close)' })),
  price: Type.Optional(literalUnion(['typical', 'close'] as const, { description: 'VWAP price (default typical)' })),
  session: Type.Optional(literalUnion(['day', 'anchored'] as const, { description: 'VWAP session: per day, or one anchored at `from`' })),
  utcOffsetMinutes: Type.Optional(Type.Integer({ minimum: -1440, maximum: 1440, description: 'VWAP day sessions: offset of the session clock from UTC' })),
});

export const IndicatorPointSchema = Obj({
  time: TimestampSchema,
  values: Type.Record(Type.String(), Nullable(Type.Number())),
});
export const IndicatorResponse = Obj({
  symbol: SymbolSchema,
  interval: BarIntervalSchema,
  name: Type.String(),
  outputs: Type.Array(Type.String()),
  warmupBars: Type.Integer({ minimum: 0 }),
  points: Type.Array(IndicatorPointSchema),
  truncated: Type.Boolean({ description: 'True when the range held more bars than one request computes over; ask again from the last point' }),
});

export const InstrumentBody = InstrumentSchema;

export const OhlcvImportQuery = Obj({
  symbol: Type.Optional(SymbolSchema),
  interval: Type.Optional(BarIntervalSchema),
  utcOffsetMinutes: Type.Optional(Type.Integer({ minimum: -1080, maximum: 1080 })),
});
export const OhlcvImportJson = Obj({
  symbol: SymbolSchema,
  interval: BarIntervalSchema,
  csv: Type.Optional(Type.String({ description: 'The CSV text' })),
  objectKey: Type.Optional(Type.String({ minLength: 1, maxLength: 1024, description: 'Object-storage key of the CSV file' })),
  utcOffsetMinutes: Type.Optional(Type.Integer({ minimum: -1080, maximum: 1080 })),
  columns: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 64, description: 'Column names of a file without a header' })),
});
/** The import body per content type: JSON (CSV inline or an object key) or the CSV file itself. */
export const OhlcvImportBody = {
  content: {
    'application/json': { schema: OhlcvImportJson },
    'text/csv': { schema: Type.String({ description: 'The CSV file; symbol and interval in the query' }) },
  },
};
export const OhlcvImportResponse = Obj({
  symbol: SymbolSchema,
  interval: BarIntervalSchema,
  bars: Type.Integer({ minimum: 1 }),
  from: TimestampSchema,
  to: TimestampSchema,
  rolledUp: Type.Array(BarIntervalSchema),
});

export const LobsterImportBody = Obj({
  symbol: SymbolSchema,
  day: DaySchema,
  timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Venue time zone of the files (default America/New_York)' })),
  messages: Type.Optional(Type.String({ description: 'Message file text' })),
  orderbook: Type.Optional(Type.String({ description: 'Orderbook file text' })),
  messagesKey: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
  orderbookKey: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
  offTickTrades: Type.Optional(literalUnion(['reject', 'skip'] as const, { description: 'Executions off the tick grid (hidden half-tick fills): refuse the file (default) or skip them' })),
});
export const LobsterImportResponse = Obj({
  symbol: SymbolSchema,
  day: DaySchema,
  rows: Type.Integer({ minimum: 1 }),
  levels: Type.Integer({ minimum: 1 }),
  trades: Type.Integer({ minimum: 0 }),
  duplicateTrades: Type.Integer({ minimum: 0 }),
  skippedOffTickTrades: Type.Integer({ minimum: 0 }),
  bookSnapshots: Type.Integer({ minimum: 0 }),
  bookDeltas: Type.Integer({ minimum: 0 }),
  statuses: Type.Integer({ minimum: 0 }),
  from: TimestampSchema,
  to: TimestampSchema,
});

const Speed = Type.Union([Type.Number({ exclusiveMinimum: 0, maximum: 1_000_000 }), Type.Literal('max')], { description: 'Multiple of real time, or `max`' });

export const ReplayCreateBody = Obj({
  symbol: SymbolSchema,
  kind: literalUnion(['trades', 'bars'] as const),
  interval: Type.Optional(BarIntervalSchema),
  from: TimestampSchema,
  to: TimestampSchema,
  speed: Type.Optional(Speed),
  play: Type.Optional(Type.Boolean({ description: 'Start playing at once (default false)' })),
});
export const ReplayIdParams = Obj({ id: Type.String({ pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' }) });
export const ReplayControlBody = Obj({
  action: literalUnion(['play', 'pause', 'seek', 'speed'] as const),
  time: Type.Optional(TimestampSchema),
  speed: Type.Optional(Speed),
});
export const ReplaySchema = Obj({
  id: Type.String(),
  symbol: SymbolSchema,
  kind: literalUnion(['trades', 'bars'] as const),
  interval: Nullable(BarIntervalSchema),
  state: literalUnion(['paused', 'playing', 'finished', 'closed'] as const),
  speed: Speed,
  from: TimestampSchema,
  to: TimestampSchema,
  position: TimestampSchema,
  emitted: Type.Integer({ minimum: 0 }),
  channel: Type.Literal('market.ticks', { description: 'Where the replayed data is fanned out (messages carry replayId = id)' }),
});
export const ReplayListResponse = Obj({ replays: Type.Array(ReplaySchema) });

export const IngestBody = Obj({ events: Type.Array(Type.Unknown(), { minItems: 1, maxItems: 10_000, description: 'MarketEvent objects (shared MarketEventSchema)' }) });
export const IngestResponse = Obj({
  accepted: Type.Integer({ minimum: 0 }),
  rejected: Type.Array(Obj({ index: Type.Integer({ minimum: 0 }), code: Type.String(), message: Type.String() })),
});

export const MaintenanceResponse = Obj({
  layout: literalUnion(['native', 'timescale'] as const),
  created: Type.Array(Type.String()),
  dropped: Type.Array(Type.String()),
  materialisedRanges: Type.Integer({ minimum: 0 }),
});
export const StorageResponse = Obj({
  layout: literalUnion(['native', 'timescale'] as const),
  timescaleAvailable: Type.Boolean(),
  tables: Type.Array(Obj({ name: Type.String(), partitions: Type.Array(Obj({ name: Type.String(), from: TimestampSchema, to: TimestampSchema })) })),
});

export const AdaptersResponse = Obj({
  adapters: Type.Array(
    Obj({
      name: Type.String(),
      connection: literalUnion(['idle', 'connecting', 'open', 'backoff', 'stopped'] as const),
      symbols: Type.Record(Type.String(), literalUnion(FEED_STATES)),
      connects: Type.Integer({ minimum: 0 }),
      resyncs: Type.Integer({ minimum: 0 }),
      messages: Type.Integer({ minimum: 0 }),
      dropped: Type.Integer({ minimum: 0 }),
    }),
  ),
});
