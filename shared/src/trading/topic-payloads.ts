// Payloads of the trading topics (the `payload` of an EventEnvelope; see ../events.ts for the
// topic → payload map). Keys: every trading topic is keyed by account id, so one account's
// events stay in order. Invariants: payloads are plain JSON (integers within ±(2^53 - 1), ratios
// and engine sequences as strings) and carry everything their consumers need without a call
// back to the producer (orders.executed carries the instrument economics and the order's lot
// selection, so the portfolio can book the fill on its own).
import { Type, type Static } from '@sinclair/typebox';
import { AccountSchema } from './account.js';
import { ExecutionSchema } from './execution.js';
import { InstrumentEconomicsSchema } from './instrument.js';
import { LotSelectionSchema } from './lot-selection.js';
import { OrderSchema, OrderStatusSchema } from './order.js';
import {
  MinorUnitsSchema,
  NonNegativeLotsSchema,
  SignedLotsSchema,
  SymbolSchema,
  UuidSchema,
} from './primitives.js';
import { RatioSchema } from './ratio.js';

/** `orders.created`: an order was accepted for processing by the order service. */
export const OrderCreatedPayloadSchema = Type.Object({ order: OrderSchema }, { additionalProperties: false });
/** `orders.created` payload. */
export type OrderCreatedPayload = Static<typeof OrderCreatedPayloadSchema>;

/** `orders.executed`: one fill, with the order's state after it. */
export const OrderExecutedPayloadSchema = Type.Object(
  {
    execution: ExecutionSchema,
    order: Type.Object(
      {
        id: UuidSchema,
        status: OrderStatusSchema,
        filledQuantityLots: NonNegativeLotsSchema,
        remainingQuantityLots: NonNegativeLotsSchema,
        averageFillPrice: RatioSchema,
      },
      { additionalProperties: false },
    ),
    instrument: InstrumentEconomicsSchema,
    /** The order's lot selection, if it had one. */
    lotSelection: Type.Union([LotSelectionSchema, Type.Null()]),
  },
  { additionalProperties: false },
);
/** `orders.executed` payload. */
export type OrderExecutedPayload = Static<typeof OrderExecutedPayloadSchema>;

/** `positions.updated`: the portfolio booked a fill; the position and balances after it. */
export const PositionsUpdatedPayloadSchema = Type.Object(
  {
    accountId: UuidSchema,
    /** Account version after the change: consumers ignore a payload older than what they hold. */
    accountVersion: AccountSchema.properties.version,
    cause: Type.Object(
      { kind: Type.Literal('execution'), executionId: UuidSchema, orderId: UuidSchema },
      { additionalProperties: false },
    ),
    cashMinor: MinorUnitsSchema,
    /** Cash change of this fill (−notional − fee for a buy, +notional − fee for a sell). */
    cashDeltaMinor: MinorUnitsSchema,
    /** Realised P&L of this fill (before fees). */
    realisedPnlMinor: MinorUnitsSchema,
    position: Type.Object(
      {
        symbol: SymbolSchema,
        quantityLots: SignedLotsSchema,
        costBasisMinor: MinorUnitsSchema,
        averageCost: Type.Union([RatioSchema, Type.Null()]),
        realisedPnlMinor: MinorUnitsSchema,
        feesMinor: MinorUnitsSchema,
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
/** `positions.updated` payload. */
export type PositionsUpdatedPayload = Static<typeof PositionsUpdatedPayloadSchema>;

/** Schema of each trading topic's payload, for consumers that validate what they receive. */
export const TRADING_TOPIC_SCHEMAS = {
  'orders.created': OrderCreatedPayloadSchema,
  'orders.executed': OrderExecutedPayloadSchema,
  'positions.updated': PositionsUpdatedPayloadSchema,
} as const;
