// The order contract: what a client submits (NewOrderRequest) and the order state every service
// and the desktop show (Order). Invariants of an Order: filledQuantityLots + remainingQuantityLots
// <= quantityLots, with equality while the order is open (new, accepted, partially_filled) and
// remaining = 0 once it is final; averageFillPrice is the exact ratio Σ(price × qty) / filled in
// ticks (null before the first fill); status only moves along ORDER_STATUS_TRANSITIONS.
import { Type, type Static, type TLiteral, type TUnion } from '@sinclair/typebox';
import { LotSelectionSchema } from './lot-selection.js';
import { ORDER_REJECT_REASONS, type OrderRejectReason } from './order-reject-reason.js';
import {
  NonNegativeLotsSchema,
  PriceTicksSchema,
  QuantityLotsSchema,
  SymbolSchema,
  TimestampSchema,
  UuidSchema,
  literalUnion,
} from './primitives.js';
import { RatioSchema } from './ratio.js';

/** Buy or sell. */
export const SIDES = ['buy', 'sell'] as const;
/** Buy or sell. */
export type Side = (typeof SIDES)[number];
/** Schema of a side. */
export const SideSchema = literalUnion(SIDES);

/** Order types the engine executes (parent orders such as brackets live in the order service). */
export const ORDER_TYPES = ['limit', 'market', 'stop', 'stop_limit'] as const;
/** One order type. */
export type OrderType = (typeof ORDER_TYPES)[number];
/** Schema of an order type. */
export const OrderTypeSchema = literalUnion(ORDER_TYPES);

/** Time in force: day, good till cancelled, good till date, immediate or cancel, fill or kill. */
export const TIME_IN_FORCE = ['DAY', 'GTC', 'GTD', 'IOC', 'FOK'] as const;
/** One time in force. */
export type TimeInForce = (typeof TIME_IN_FORCE)[number];
/** Schema of a time in force. */
export const TimeInForceSchema = literalUnion(TIME_IN_FORCE);

/** Order lifecycle states. */
export const ORDER_STATUSES = ['new', 'accepted', 'partially_filled', 'filled', 'cancelled', 'rejected', 'expired'] as const;
/** One order state. */
export type OrderStatus = (typeof ORDER_STATUSES)[number];
/** Schema of an order state. */
export const OrderStatusSchema = literalUnion(ORDER_STATUSES);

/** States an order never leaves. */
export const FINAL_ORDER_STATUSES: readonly OrderStatus[] = ['filled', 'cancelled', 'rejected', 'expired'];

/** Allowed status changes (a state may also stay the same, e.g. another partial fill). */
export const ORDER_STATUS_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  new: ['accepted', 'rejected', 'partially_filled', 'filled', 'cancelled', 'expired'],
  accepted: ['partially_filled', 'filled', 'cancelled', 'expired'],
  partially_filled: ['partially_filled', 'filled', 'cancelled', 'expired'],
  filled: [],
  cancelled: [],
  rejected: [],
  expired: [],
};

/** True when an order may move from `from` to `to`. */
export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return ORDER_STATUS_TRANSITIONS[from].includes(to);
}

/** Schema of a reject/cancel reason code (see order-reject-reason.ts). */
export const OrderRejectReasonSchema = Type.Union(ORDER_REJECT_REASONS.map((value) => Type.Literal(value))) as unknown as TUnion<
  [TLiteral<OrderRejectReason>]
>;

/** A client order id: chosen by the client, unique per account, the idempotency key of submission. */
export const ClientOrderIdSchema = Type.String({ pattern: '^[A-Za-z0-9._:-]{1,64}$' });

/** What a client submits to place an order. Cross-field rules: see orderShapeIssues(). */
export const NewOrderRequestSchema = Type.Object(
  {
    clientOrderId: ClientOrderIdSchema,
    accountId: UuidSchema,
    symbol: SymbolSchema,
    side: SideSchema,
    type: OrderTypeSchema,
    timeInForce: TimeInForceSchema,
    quantityLots: QuantityLotsSchema,
    limitPriceTicks: Type.Optional(PriceTicksSchema),
    stopPriceTicks: Type.Optional(PriceTicksSchema),
    /** GTD only: when the order expires. */
    expireAt: Type.Optional(TimestampSchema),
    /** Reject instead of taking liquidity. */
    postOnly: Type.Optional(Type.Boolean()),
    /** Iceberg peak: the quantity shown on the book. */
    displayQuantityLots: Type.Optional(QuantityLotsSchema),
    /** Which tax lots this order's fills close (default: the account's method). */
    lotSelection: Type.Optional(LotSelectionSchema),
  },
  { additionalProperties: false },
);
/** What a client submits to place an order. */
export type NewOrderRequest = Static<typeof NewOrderRequestSchema>;

/** The state of one order. */
export const OrderSchema = Type.Object(
  {
    id: UuidSchema,
    clientOrderId: ClientOrderIdSchema,
    accountId: UuidSchema,
    /** The parent (bracket, OCO, TWAP...) when this is a child order. */
    parentOrderId: Type.Union([UuidSchema, Type.Null()]),
    symbol: SymbolSchema,
    side: SideSchema,
    type: OrderTypeSchema,
    timeInForce: TimeInForceSchema,
    quantityLots: QuantityLotsSchema,
    limitPriceTicks: Type.Union([PriceTicksSchema, Type.Null()]),
    stopPriceTicks: Type.Union([PriceTicksSchema, Type.Null()]),
    expireAt: Type.Union([TimestampSchema, Type.Null()]),
    postOnly: Type.Boolean(),
    displayQuantityLots: Type.Union([QuantityLotsSchema, Type.Null()]),
    lotSelection: Type.Union([LotSelectionSchema, Type.Null()]),
    status: OrderStatusSchema,
    /** Why the order was rejected, cancelled or expired by the platform; null otherwise. */
    rejectReason: Type.Union([OrderRejectReasonSchema, Type.Null()]),
    filledQuantityLots: NonNegativeLotsSchema,
    /** Leaves quantity: still working; 0 once the order is final. */
    remainingQuantityLots: NonNegativeLotsSchema,
    /** Exact average fill price in ticks: Σ(price × qty) / filled; null before the first fill. */
    averageFillPrice: Type.Union([RatioSchema, Type.Null()]),
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
  },
  { additionalProperties: false },
);
/** The state of one order. */
export type Order = Static<typeof OrderSchema>;
