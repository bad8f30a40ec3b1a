// The normalised market-data events: what every source (the simulation venue, an external
// adapter, an import, a replay) hands to the market-data ingest sink, and what the `market.ticks`
// channel fans out. Invariants: prices are integer ticks of the instrument's tick size and
// quantities integer lots (never floats); times are integer microseconds since the Unix epoch
// (`timeMicros`); a book level is `[priceTicks, quantityLots]`; in a delta a quantity of 0 removes
// the level (absolute quantities, like the venues' diff streams); an unknown or stale state is an
// explicit `status` event, never an empty book or a flat price. Known limit: sub-microsecond
// times (LOBSTER's nanoseconds) are truncated; event order within a source is the ingest order.
import { Type, type Static } from '@sinclair/typebox';
import {
  IntegerStringSchema,
  NonNegativeLotsSchema,
  PriceTicksSchema,
  QuantityLotsSchema,
  SymbolSchema,
  literalUnion,
} from '../trading/primitives.js';

/** Integer microseconds since the Unix epoch. */
export const TimeMicrosSchema = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'Microseconds since the Unix epoch (UTC)' });

/** Where events come from: `sim`, `binance`, `lobster`, `replay:<id>`, ... */
export const MarketSourceSchema = Type.String({ pattern: '^[a-z][a-z0-9._:-]{0,63}$', description: 'Event source id' });

/** The side that initiated a trade; null when the source does not say. */
export const AggressorSchema = Type.Union([literalUnion(['buy', 'sell'] as const), Type.Null()]);

/** One trade (a print). */
export const TradeEventSchema = Type.Object(
  {
    kind: Type.Literal('trade'),
    symbol: SymbolSchema,
    source: MarketSourceSchema,
    timeMicros: TimeMicrosSchema,
    priceTicks: PriceTicksSchema,
    quantityLots: QuantityLotsSchema,
    aggressor: AggressorSchema,
    /** The source's id of the trade; (symbol, source, tradeId, time) identifies it, so re-ingesting is harmless. */
    tradeId: Type.String({ pattern: '^[A-Za-z0-9._:/-]{1,64}$' }),
  },
  { additionalProperties: false },
);
/** One trade. */
export type TradeEvent = Static<typeof TradeEventSchema>;

/** One side of a top-of-book quote; null when that side of the book is empty. */
export const QuoteSideSchema = Type.Union([
  Type.Object({ priceTicks: PriceTicksSchema, quantityLots: QuantityLotsSchema }, { additionalProperties: false }),
  Type.Null(),
]);

/** Best bid and offer. */
export const QuoteEventSchema = Type.Object(
  {
    kind: Type.Literal('quote'),
    symbol: SymbolSchema,
    source: MarketSourceSchema,
    timeMicros: TimeMicrosSchema,
    bid: QuoteSideSchema,
    ask: QuoteSideSchema,
  },
  { additionalProperties: false },
);
/** Best bid and offer. */
export type QuoteEvent = Static<typeof QuoteEventSchema>;

/** One price level: `[priceTicks, quantityLots]`. */
export const BookLevelSchema = Type.Tuple([PriceTicksSchema, NonNegativeLotsSchema]);
/** One price level. */
export type BookLevel = [priceTicks: number, quantityLots: number];

const LevelsSchema = Type.Array(BookLevelSchema, { maxItems: 10_000 });

/** A full L2 picture: bids best (highest) first, asks best (lowest) first. */
export const BookSnapshotEventSchema = Type.Object(
  {
    kind: Type.Literal('book-snapshot'),
    symbol: SymbolSchema,
    source: MarketSourceSchema,
    timeMicros: TimeMicrosSchema,
    bids: LevelsSchema,
    asks: LevelsSchema,
    /** The venue's book version after this snapshot (Binance lastUpdateId), when it has one. */
    updateId: Type.Union([IntegerStringSchema, Type.Null()]),
    /** Levels per side the source shows at most (LOBSTER level 10 → 10); null = the whole book. */
    depthLimit: Type.Union([Type.Integer({ minimum: 1, maximum: 10_000 }), Type.Null()]),
  },
  { additionalProperties: false },
);
/** A full L2 picture. */
export type BookSnapshotEvent = Static<typeof BookSnapshotEventSchema>;

/** Changed levels with their new absolute quantity (0 removes the level). */
export const BookDeltaEventSchema = Type.Object(
  {
    kind: Type.Literal('book-delta'),
    symbol: SymbolSchema,
    source: MarketSourceSchema,
    timeMicros: TimeMicrosSchema,
    bids: LevelsSchema,
    asks: LevelsSchema,
    /** The venue's book version after this delta, when it has one. */
    updateId: Type.Union([IntegerStringSchema, Type.Null()]),
  },
  { additionalProperties: false },
);
/** Changed levels. */
export type BookDeltaEvent = Static<typeof BookDeltaEventSchema>;

/** What a source knows about a symbol's feed right now. */
export const FEED_STATES = ['live', 'stale', 'resyncing', 'disconnected', 'halted'] as const;
/** One feed state. */
export type FeedState = (typeof FEED_STATES)[number];

/** A change of feed state: how "no data" is reported (never as a flat price or an empty book). */
export const FeedStatusEventSchema = Type.Object(
  {
    kind: Type.Literal('status'),
    symbol: SymbolSchema,
    source: MarketSourceSchema,
    timeMicros: TimeMicrosSchema,
    state: literalUnion(FEED_STATES),
    reason: Type.Union([Type.String({ maxLength: 500 }), Type.Null()]),
  },
  { additionalProperties: false },
);
/** A change of feed state. */
export type FeedStatusEvent = Static<typeof FeedStatusEventSchema>;

/** Any normalised market-data event. */
export const MarketEventSchema = Type.Union([
  TradeEventSchema,
  QuoteEventSchema,
  BookSnapshotEventSchema,
  BookDeltaEventSchema,
  FeedStatusEventSchema,
]);
/** Any normalised market-data event. */
export type MarketEvent = TradeEvent | QuoteEvent | BookSnapshotEvent | BookDeltaEvent | FeedStatusEvent;
