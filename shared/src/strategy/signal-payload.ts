// The `strategies.signals` topic payload: one decision of a deployed strategy (an order it asked
// for), published by the strategy service through its outbox in the transaction that records the
// order, BEFORE the order is placed — so a signal exists even when the order service then refuses
// the order. Keyed by account id. Invariants: plain JSON, prices in integer ticks, quantities in
// integer lots; `signalId` is unique (the envelope id is the de-duplication key as for every topic).
import { Type, type Static } from '@sinclair/typebox';
import { ClientOrderIdSchema, OrderTypeSchema, SideSchema } from '../trading/order.js';
import { PriceTicksSchema, QuantityLotsSchema, SymbolSchema, UuidSchema } from '../trading/primitives.js';

/** `strategies.signals` payload. */
export const StrategySignalPayloadSchema = Type.Object(
  {
    kind: Type.Literal('order'),
    signalId: UuidSchema,
    deploymentId: UuidSchema,
    strategyId: UuidSchema,
    version: Type.Integer({ minimum: 1 }),
    accountId: UuidSchema,
    ownerUserId: UuidSchema,
    mode: Type.Union([Type.Literal('paper'), Type.Literal('live')]),
    clientOrderId: ClientOrderIdSchema,
    symbol: SymbolSchema,
    side: SideSchema,
    type: OrderTypeSchema,
    quantityLots: QuantityLotsSchema,
    limitPriceTicks: Type.Union([PriceTicksSchema, Type.Null()]),
    stopPriceTicks: Type.Union([PriceTicksSchema, Type.Null()]),
  },
  { additionalProperties: false },
);
/** `strategies.signals` payload. */
export type StrategySignalPayload = Static<typeof StrategySignalPayloadSchema>;
