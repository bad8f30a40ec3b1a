// One fill of one order: the fact everything downstream (portfolio, reporting, strategies)
// builds on. Invariants: `id` is unique platform-wide and is the idempotency key of applying the
// fill; price and quantity are integer ticks and lots; the fee is in minor units of the
// instrument's currency (negative = rebate); `executedAt` is the venue/engine time of the trade.
import { Type, type Static } from '@sinclair/typebox';
import { ClientOrderIdSchema, SideSchema } from './order.js';
import {
  IntegerStringSchema,
  MinorUnitsSchema,
  PriceTicksSchema,
  QuantityLotsSchema,
  SymbolSchema,
  TimestampSchema,
  UuidSchema,
  literalUnion,
} from './primitives.js';

/** Whether the fill added liquidity (resting order) or took it (aggressor). */
export const LIQUIDITY_FLAGS = ['maker', 'taker'] as const;
/** Maker or taker. */
export type LiquidityFlag = (typeof LIQUIDITY_FLAGS)[number];

/** One fill. */
export const ExecutionSchema = Type.Object(
  {
    id: UuidSchema,
    orderId: UuidSchema,
    clientOrderId: ClientOrderIdSchema,
    accountId: UuidSchema,
    symbol: SymbolSchema,
    side: SideSchema,
    priceTicks: PriceTicksSchema,
    quantityLots: QuantityLotsSchema,
    liquidity: literalUnion(LIQUIDITY_FLAGS),
    /** Commission and exchange fees in minor units of the instrument currency; negative for a rebate. */
    feeMinor: MinorUnitsSchema,
    /** Where it traded: `KESTREL` for the internal book, otherwise the venue adapter's id. */
    venue: Type.String({ pattern: '^[A-Z0-9_-]{1,32}$' }),
    /** The venue's own execution id, when it has one. */
    venueExecutionId: Type.Union([Type.String({ minLength: 1, maxLength: 128 }), Type.Null()]),
    /** Engine sequence number of the trade event (decimal string of a uint64), when the engine produced it. */
    engineSequence: Type.Union([IntegerStringSchema, Type.Null()]),
    /** When the trade happened (engine or venue time). */
    executedAt: TimestampSchema,
    /** When the execution service recorded it. */
    recordedAt: TimestampSchema,
  },
  { additionalProperties: false },
);
/** One fill. */
export type Execution = Static<typeof ExecutionSchema>;
