// Parent orders: strategies the order service runs on behalf of a client by placing, cancelling
// and sizing ordinary child orders (ARCHITECTURE.md decision 5 — the engine owns single-order
// types, the order service owns parents). Strategies: bracket (entry, then take-profit and
// stop-loss as a one-cancels-other pair sized to what the entry filled), OCO, OTO, trailing stop
// (held by the service, ratcheted on trades, sent as a market or limit order when touched), TWAP
// and VWAP slicing over a time window. Invariants: every quantity is integer lots and every price
// integer ticks; a trailing distance is integer ticks or integer basis points; times are instants.
// Cross-field rules the schemas cannot express (e.g. a bracket's take-profit above its entry for a
// buy) are checked by the order service and answered with ORDER_PARENT_INVALID.
import { Type, type Static } from '@sinclair/typebox';
import { PARENT_ORDER_STATUSES } from './order-flow.js';
import { ClientOrderIdSchema, OrderSchema, SideSchema, TimeInForceSchema, OrderTypeSchema } from './order.js';
import { NonNegativeLotsSchema, PriceTicksSchema, QuantityLotsSchema, SymbolSchema, TimestampSchema, UuidSchema, literalUnion } from './primitives.js';

const closed = { additionalProperties: false } as const;

/** Strategies the order service runs. */
export const PARENT_ORDER_TYPES = ['bracket', 'oco', 'oto', 'trailing_stop', 'twap', 'vwap'] as const;
/** One parent strategy. */
export type ParentOrderType = (typeof PARENT_ORDER_TYPES)[number];

/** One ordinary order inside an OCO or OTO (the same fields as a new order, without ids). */
export const OrderLegSchema = Type.Object(
  {
    symbol: SymbolSchema,
    side: SideSchema,
    type: OrderTypeSchema,
    timeInForce: TimeInForceSchema,
    quantityLots: QuantityLotsSchema,
    limitPriceTicks: Type.Optional(PriceTicksSchema),
    stopPriceTicks: Type.Optional(PriceTicksSchema),
    expireAt: Type.Optional(TimestampSchema),
    postOnly: Type.Optional(Type.Boolean()),
    displayQuantityLots: Type.Optional(QuantityLotsSchema),
  },
  closed,
);
/** One ordinary order inside an OCO or OTO. */
export type OrderLeg = Static<typeof OrderLegSchema>;

/** Entry, then take-profit and stop-loss (OCO) sized to the entry's filled quantity. */
export const BracketStrategySchema = Type.Object(
  {
    type: Type.Literal('bracket'),
    symbol: SymbolSchema,
    side: SideSchema,
    quantityLots: QuantityLotsSchema,
    entry: Type.Object(
      { type: literalUnion(['limit', 'market'] as const), timeInForce: TimeInForceSchema, limitPriceTicks: Type.Optional(PriceTicksSchema) },
      closed,
    ),
    /** A GTC limit on the other side. */
    takeProfit: Type.Object({ limitPriceTicks: PriceTicksSchema }, closed),
    /** A stop on the other side: a DAY stop, or with limitPriceTicks a GTC stop-limit. */
    stopLoss: Type.Object({ stopPriceTicks: PriceTicksSchema, limitPriceTicks: Type.Optional(PriceTicksSchema) }, closed),
  },
  closed,
);

/** Two orders; the first fill (or end) of either cancels the other. */
export const OcoStrategySchema = Type.Object(
  { type: Type.Literal('oco'), legs: Type.Array(OrderLegSchema, { minItems: 2, maxItems: 2 }) },
  closed,
);

/** The secondary order is placed once the primary has filled completely. */
export const OtoStrategySchema = Type.Object({ type: Type.Literal('oto'), primary: OrderLegSchema, secondary: OrderLegSchema }, closed);

/** A stop held by the service that follows the best trade price by a fixed distance. */
export const TrailingStopStrategySchema = Type.Object(
  {
    type: Type.Literal('trailing_stop'),
    symbol: SymbolSchema,
    /** `sell` protects a long position (trails below the high), `buy` a short one (above the low). */
    side: SideSchema,
    quantityLots: QuantityLotsSchema,
    /** Distance in ticks (give this or trailBps). */
    trailTicks: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000_000 })),
    /** Distance in basis points of the best price, rounded down to whole ticks, at least 1 tick. */
    trailBps: Type.Optional(Type.Integer({ minimum: 1, maximum: 9_999 })),
    /** When touched, send a DAY limit this many ticks through the stop instead of a market order. */
    limitOffsetTicks: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000 })),
  },
  closed,
);

/** TWAP (equal slices) or VWAP (slices weighted by a volume profile) over [startAt, endAt). */
export const SlicingStrategySchema = Type.Object(
  {
    type: literalUnion(['twap', 'vwap'] as const),
    symbol: SymbolSchema,
    side: SideSchema,
    quantityLots: QuantityLotsSchema,
    /** Default: when the parent is accepted. */
    startAt: Type.Optional(TimestampSchema),
    endAt: TimestampSchema,
    slices: Type.Integer({ minimum: 1, maximum: 1000 }),
    /** Each slice is an IOC limit at this price; absent: an IOC market order. */
    limitPriceTicks: Type.Optional(PriceTicksSchema),
  },
  closed,
);

/** Any strategy. */
export const ParentStrategySchema = Type.Union([
  BracketStrategySchema,
  OcoStrategySchema,
  OtoStrategySchema,
  TrailingStopStrategySchema,
  SlicingStrategySchema,
]);
/** Any strategy. */
export type ParentStrategy = Static<typeof ParentStrategySchema>;
/** A bracket. */
export type BracketStrategy = Static<typeof BracketStrategySchema>;
/** An OCO. */
export type OcoStrategy = Static<typeof OcoStrategySchema>;
/** An OTO. */
export type OtoStrategy = Static<typeof OtoStrategySchema>;
/** A trailing stop. */
export type TrailingStopStrategy = Static<typeof TrailingStopStrategySchema>;
/** A TWAP or VWAP. */
export type SlicingStrategy = Static<typeof SlicingStrategySchema>;

/** What a client submits to start a parent order. `clientOrderId` shares the namespace of plain orders. */
export const NewParentOrderRequestSchema = Type.Object(
  { clientOrderId: ClientOrderIdSchema, accountId: UuidSchema, strategy: ParentStrategySchema },
  closed,
);
/** What a client submits to start a parent order. */
export type NewParentOrderRequest = Static<typeof NewParentOrderRequestSchema>;

/** Where a running strategy stands (fields appear when they apply to its type). */
export const ParentProgressSchema = Type.Object(
  {
    /** Trailing stop: best price seen since start, and the stop derived from it. */
    extremePriceTicks: Type.Optional(Type.Union([PriceTicksSchema, Type.Null()])),
    stopPriceTicks: Type.Optional(Type.Union([PriceTicksSchema, Type.Null()])),
    triggered: Type.Optional(Type.Boolean()),
    /** TWAP/VWAP: slices handled so far, when the next is due, and the volume profile used. */
    slicesDone: Type.Optional(Type.Integer({ minimum: 0 })),
    nextSliceAt: Type.Optional(Type.Union([TimestampSchema, Type.Null()])),
    profile: Type.Optional(literalUnion(['uniform', 'history', 'default-curve'] as const)),
  },
  closed,
);

/** The state of one parent order. */
export const ParentOrderSchema = Type.Object(
  {
    id: UuidSchema,
    clientOrderId: ClientOrderIdSchema,
    accountId: UuidSchema,
    type: literalUnion(PARENT_ORDER_TYPES),
    symbol: SymbolSchema,
    status: literalUnion(PARENT_ORDER_STATUSES),
    /** Why it ended without completing (the child's reject reason, `CANCELLED_BY_USER`, `KILL_SWITCH`...). */
    reason: Type.Union([Type.String({ maxLength: 64 }), Type.Null()]),
    /** Lots the strategy's entry/working children filled (bracket: the entry; OCO: both legs; OTO: the primary). */
    filledQuantityLots: NonNegativeLotsSchema,
    strategy: ParentStrategySchema,
    progress: ParentProgressSchema,
    childOrderIds: Type.Array(UuidSchema),
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
  },
  closed,
);
/** The state of one parent order. */
export type ParentOrder = Static<typeof ParentOrderSchema>;

/** A child order: an ordinary order plus its part in the parent (`entry`, `take-profit`, `slice-3`...). */
export const ParentChildOrderSchema = Type.Object({ ...OrderSchema.properties, parentRole: Type.String({ maxLength: 32 }) }, closed);
/** A child order. */
export type ParentChildOrder = Static<typeof ParentChildOrderSchema>;

/** A parent order with its child orders, in placement order. */
export const ParentOrderDetailSchema = Type.Object(
  { ...ParentOrderSchema.properties, children: Type.Array(ParentChildOrderSchema) },
  closed,
);
/** A parent order with its child orders. */
export type ParentOrderDetail = Static<typeof ParentOrderDetailSchema>;
