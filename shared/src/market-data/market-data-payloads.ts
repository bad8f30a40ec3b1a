// Payloads of the market-data fan-out: the `market.ticks` channel message (real-time, lossy) and
// the `market.data` topic event (durable, Kafka, keyed by symbol). Invariants: a bar is never
// invented for a period without trades — an empty stretch is reported as a `BarGap` (absent),
// never as a flat bar; a `LiveBar` with `final: false` is still forming and may change; Σ price ×
// quantity (the VWAP numerator) travels as a decimal string because it can exceed 2^53.
import { Type, type Static } from '@sinclair/typebox';
import { IntegerStringSchema, NonNegativeLotsSchema, PriceTicksSchema, SymbolSchema } from '../trading/primitives.js';
import { BarIntervalSchema } from './bar-interval.js';
import { FeedStatusEventSchema, MarketEventSchema, MarketSourceSchema, TimeMicrosSchema, TradeEventSchema } from './market-events.js';

/** A bar as the live aggregator emits it. */
export const LiveBarSchema = Type.Object(
  {
    symbol: SymbolSchema,
    interval: BarIntervalSchema,
    /** First instant of the bar (µs since the epoch). */
    startMicros: TimeMicrosSchema,
    open: PriceTicksSchema,
    high: PriceTicksSchema,
    low: PriceTicksSchema,
    close: PriceTicksSchema,
    volumeLots: NonNegativeLotsSchema,
    tradeCount: Type.Integer({ minimum: 1 }),
    /** Σ priceTicks × quantityLots of the bar's trades; VWAP = vwapNumerator / volumeLots ticks. */
    vwapNumerator: IntegerStringSchema,
    /** True once the bar's period has ended (no later trade can change it in the live stream). */
    final: Type.Boolean(),
  },
  { additionalProperties: false },
);
/** A bar as the live aggregator emits it. */
export type LiveBar = Static<typeof LiveBarSchema>;

/** Bars of `interval` in [fromMicros, toMicros) had no trades: they are absent, not flat. */
export const BarGapSchema = Type.Object(
  {
    symbol: SymbolSchema,
    interval: BarIntervalSchema,
    fromMicros: TimeMicrosSchema,
    toMicros: TimeMicrosSchema,
    missingBars: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);
/** A stretch without trades. */
export type BarGap = Static<typeof BarGapSchema>;

/** One `market.ticks` message: one symbol's events of one ingest flush, in ingest order. */
export const MarketTicksMessageSchema = Type.Object(
  {
    symbol: SymbolSchema,
    /** Set when the events come from a replay session (subscribers of live data ignore them). */
    replayId: Type.Union([Type.String({ maxLength: 64 }), Type.Null()]),
    events: Type.Array(MarketEventSchema),
    bars: Type.Array(LiveBarSchema),
    gaps: Type.Array(BarGapSchema),
  },
  { additionalProperties: false },
);
/** One `market.ticks` message. */
export type MarketTicksMessage = Static<typeof MarketTicksMessageSchema>;

/** `market.data` topic payload: a batch of trades, finished bars or a feed state change (instrument changes have their own topic, `instruments.updated`). */
export const MarketDataPayloadSchema = Type.Union([
  Type.Object(
    { kind: Type.Literal('trades'), symbol: SymbolSchema, source: MarketSourceSchema, trades: Type.Array(TradeEventSchema, { minItems: 1 }) },
    { additionalProperties: false },
  ),
  Type.Object({ kind: Type.Literal('bars'), symbol: SymbolSchema, bars: Type.Array(LiveBarSchema, { minItems: 1 }) }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('feed-status'), status: FeedStatusEventSchema }, { additionalProperties: false }),
]);
/** `market.data` topic payload. */
export type MarketDataPayload = Static<typeof MarketDataPayloadSchema>;
