// The contract between the order service and the execution service (which hosts the engine):
// what the order service asks execution to do (`orders.commands`), what execution reports back
// (`orders.reports`), the order service's own change stream (`orders.updated`), and the risk
// configuration commands. docs/orders.md ("The execution boundary") is the prose version.
// Invariants:
// - both topics are keyed by ACCOUNT id (risk commands without an account: `risk`), so one
//   account's submits, cancels and replaces reach execution in the order they were decided, and
//   its reports come back in the order they happened; nothing ever needs to be re-ordered;
// - every command carries a `commandId` (UUID); execution treats a command id it has already
//   handled as a no-op, because the order service re-sends unacknowledged commands after a
//   restart and the bus delivers at least once; a `submit` for an order id execution already
//   knows is likewise a no-op;
// - a report describes something that happened (never a request) and names the order; fills carry
//   the full Execution, which execution also publishes on `orders.executed` for the portfolio;
// - quantities are lots and prices ticks (integers); a replace names the new TOTAL quantity (FIX
//   OrderQty semantics), execution converts it to the engine's open quantity (total − filled).
import { Type, type Static } from '@sinclair/typebox';
import { ExecutionSchema } from './execution.js';
import { InstrumentEconomicsSchema } from './instrument.js';
import { OrderRejectReasonSchema, OrderSchema } from './order.js';
import { NonNegativeLotsSchema, PriceTicksSchema, QuantityLotsSchema, SymbolSchema, TimestampSchema, UuidSchema, literalUnion } from './primitives.js';

const Obj = Type.Object;
const closed = { additionalProperties: false } as const;

/** Partition key of risk commands and reports that concern no single account. */
export const RISK_EVENT_KEY = 'risk';

/** Pre-trade limits of the engine's risk manager; an absent field means "no limit", 0 blocks everything it covers. */
export const RiskLimitsSchema = Obj(
  {
    maxOrderQuantityLots: Type.Optional(NonNegativeLotsSchema),
    /** Price × quantity per order, in ticks × lots (the engine's notional unit). */
    maxOrderNotionalTickLots: Type.Optional(NonNegativeLotsSchema),
    /** |lots| per symbol, counting open orders on the same side. */
    maxPositionLots: Type.Optional(NonNegativeLotsSchema),
    maxOpenOrders: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })),
    /** Realised today + change of unrealised, in ticks × lots. */
    maxDailyLossTickLots: Type.Optional(NonNegativeLotsSchema),
    /** Largest distance of a limit price from the reference price, in basis points. */
    priceCollarBps: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  },
  closed,
);
/** Pre-trade limits. */
export type RiskLimits = Static<typeof RiskLimitsSchema>;

/** Whose limits: the defaults of every account, the firm-wide totals, or one account's overrides. */
export const RISK_LIMIT_SCOPES = ['default', 'global', 'account'] as const;
/** A limit scope. */
export type RiskLimitScope = (typeof RISK_LIMIT_SCOPES)[number];

/** Kill-switch modes, as the engine names them (risk_limits.h KillSwitchMode). */
export const KILL_SWITCH_MODES = ['off', 'halt', 'reduce_only', 'cancel_all'] as const;
/** A kill-switch mode. */
export type KillSwitchMode = (typeof KILL_SWITCH_MODES)[number];

/** Kill switches exist firm-wide and per account. */
export const KILL_SWITCH_SCOPES = ['global', 'account'] as const;
/** A kill-switch scope. */
export type KillSwitchScope = (typeof KILL_SWITCH_SCOPES)[number];

/** `submit`: route this order (already checked for shape, instrument and buying power). */
export const SubmitOrderCommandSchema = Obj(
  {
    kind: Type.Literal('submit'),
    commandId: UuidSchema,
    order: OrderSchema,
    /** The instrument economics execution copies into `orders.executed`. */
    instrument: InstrumentEconomicsSchema,
  },
  closed,
);

/** `cancel`: cancel what is left of an order. */
export const CancelOrderCommandSchema = Obj(
  { kind: Type.Literal('cancel'), commandId: UuidSchema, orderId: UuidSchema, accountId: UuidSchema, symbol: SymbolSchema },
  closed,
);

/** `replace`: change a working order's total quantity and/or prices (null = unchanged field not applicable). */
export const ReplaceOrderCommandSchema = Obj(
  {
    kind: Type.Literal('replace'),
    commandId: UuidSchema,
    orderId: UuidSchema,
    accountId: UuidSchema,
    symbol: SymbolSchema,
    /** New total quantity (filled + open); execution sends the engine total − filled. */
    quantityLots: QuantityLotsSchema,
    limitPriceTicks: Type.Union([PriceTicksSchema, Type.Null()]),
    stopPriceTicks: Type.Union([PriceTicksSchema, Type.Null()]),
  },
  closed,
);

/** `set-risk-limits`: replace the limits of one scope (`limits: null` clears an account's overrides). */
export const SetRiskLimitsCommandSchema = Obj(
  {
    kind: Type.Literal('set-risk-limits'),
    commandId: UuidSchema,
    scope: literalUnion(RISK_LIMIT_SCOPES),
    accountId: Type.Union([UuidSchema, Type.Null()]),
    limits: Type.Union([RiskLimitsSchema, Type.Null()]),
  },
  closed,
);

/** `set-kill-switch`: engage or lift a kill switch (`cancel_all` also cancels the scope's open orders). */
export const SetKillSwitchCommandSchema = Obj(
  {
    kind: Type.Literal('set-kill-switch'),
    commandId: UuidSchema,
    scope: literalUnion(KILL_SWITCH_SCOPES),
    accountId: Type.Union([UuidSchema, Type.Null()]),
    mode: literalUnion(KILL_SWITCH_MODES),
  },
  closed,
);

/** `orders.commands` payload: one instruction from the order service to execution. */
export const OrderCommandPayloadSchema = Type.Union([
  SubmitOrderCommandSchema,
  CancelOrderCommandSchema,
  ReplaceOrderCommandSchema,
  SetRiskLimitsCommandSchema,
  SetKillSwitchCommandSchema,
]);
/** `orders.commands` payload. */
export type OrderCommandPayload = Static<typeof OrderCommandPayloadSchema>;
/** A submit command. */
export type SubmitOrderCommand = Static<typeof SubmitOrderCommandSchema>;
/** A cancel command. */
export type CancelOrderCommand = Static<typeof CancelOrderCommandSchema>;
/** A replace command. */
export type ReplaceOrderCommand = Static<typeof ReplaceOrderCommandSchema>;

/** Fields every order report carries. */
const reportBase = {
  orderId: UuidSchema,
  accountId: UuidSchema,
  /** Engine or venue time of the event. */
  at: TimestampSchema,
};

/** `orders.reports` payload: one thing that happened to an order (or to a risk command) at execution. */
export const ExecutionReportPayloadSchema = Type.Union([
  /** The engine accepted the order (it rests, waits as a stop, or is about to trade). */
  Obj({ kind: Type.Literal('accepted'), ...reportBase }, closed),
  /** The risk manager, router or book refused the order; nothing of it is working. */
  Obj({ kind: Type.Literal('rejected'), ...reportBase, reason: OrderRejectReasonSchema, message: Type.Union([Type.String({ maxLength: 500 }), Type.Null()]) }, closed),
  /** One fill (also published by execution on `orders.executed`). */
  Obj({ kind: Type.Literal('fill'), ...reportBase, execution: ExecutionSchema }, closed),
  /** What was left of the order is cancelled (user request, IOC remainder, kill switch, self-trade prevention...). */
  Obj({ kind: Type.Literal('cancelled'), ...reportBase, reason: OrderRejectReasonSchema, cancelledQuantityLots: NonNegativeLotsSchema }, closed),
  /** What was left of the order expired (DAY at session end, GTD at its time). */
  Obj({ kind: Type.Literal('expired'), ...reportBase, expiredQuantityLots: NonNegativeLotsSchema }, closed),
  /** A replace command took effect; the values are the order's new total quantity and prices. */
  Obj(
    {
      kind: Type.Literal('replaced'),
      ...reportBase,
      commandId: UuidSchema,
      quantityLots: QuantityLotsSchema,
      limitPriceTicks: Type.Union([PriceTicksSchema, Type.Null()]),
      stopPriceTicks: Type.Union([PriceTicksSchema, Type.Null()]),
    },
    closed,
  ),
  /** A replace command was refused; the order is unchanged. */
  Obj({ kind: Type.Literal('replace-rejected'), ...reportBase, commandId: UuidSchema, reason: OrderRejectReasonSchema }, closed),
  /** A cancel command was refused (typically BOOK_UNKNOWN_ORDER: the order had already ended). */
  Obj({ kind: Type.Literal('cancel-rejected'), ...reportBase, commandId: UuidSchema, reason: OrderRejectReasonSchema }, closed),
  /** A risk command (limits or kill switch) was applied or refused by the engine's risk manager. */
  Obj(
    {
      kind: Type.Literal('risk-applied'),
      commandId: UuidSchema,
      applied: Type.Boolean(),
      reason: Type.Union([Type.String({ pattern: '^[A-Z][A-Z0-9_]{1,63}$' }), Type.Null()]),
      at: TimestampSchema,
    },
    closed,
  ),
]);
/** `orders.reports` payload. */
export type ExecutionReportPayload = Static<typeof ExecutionReportPayloadSchema>;
/** The kinds of execution report. */
export type ExecutionReportKind = ExecutionReportPayload['kind'];

/** What changed in an `orders.updated` event about one order. */
export const ORDER_CHANGES = [
  'received',
  'routed',
  'accepted',
  'rejected',
  'fill',
  'cancelled',
  'expired',
  'replaced',
  'cancel-requested',
  'cancel-rejected',
  'replace-requested',
  'replace-rejected',
] as const;
/** One kind of order change. */
export type OrderChange = (typeof ORDER_CHANGES)[number];

/** Parent (bracket, OCO, OTO, trailing stop, TWAP, VWAP) lifecycle states. */
export const PARENT_ORDER_STATUSES = ['working', 'completed', 'cancelled', 'rejected'] as const;
/** One parent state. */
export type ParentOrderStatus = (typeof PARENT_ORDER_STATUSES)[number];

/** `orders.updated` payload: an order's or a parent order's state after one change. */
export const OrderUpdatedPayloadSchema = Type.Union([
  Obj(
    {
      kind: Type.Literal('order'),
      change: literalUnion(ORDER_CHANGES),
      order: OrderSchema,
      /** The reject/cancel reason of this change, when it has one. */
      reason: Type.Union([OrderRejectReasonSchema, Type.Null()]),
      /** The fill of a `fill` change. */
      executionId: Type.Union([UuidSchema, Type.Null()]),
    },
    closed,
  ),
  Obj(
    {
      kind: Type.Literal('parent'),
      parentOrderId: UuidSchema,
      accountId: UuidSchema,
      status: literalUnion(PARENT_ORDER_STATUSES),
      reason: Type.Union([Type.String({ maxLength: 64 }), Type.Null()]),
      filledQuantityLots: NonNegativeLotsSchema,
    },
    closed,
  ),
]);
/** `orders.updated` payload. */
export type OrderUpdatedPayload = Static<typeof OrderUpdatedPayloadSchema>;

/** Schema of each order-flow topic's payload. */
export const ORDER_FLOW_TOPIC_SCHEMAS = {
  'orders.commands': OrderCommandPayloadSchema,
  'orders.reports': ExecutionReportPayloadSchema,
  'orders.updated': OrderUpdatedPayloadSchema,
} as const;
