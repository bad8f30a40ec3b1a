// The pre-trade check the order service asks the portfolio for (POST /v1/internal/buying-power-check):
// does the account's buying power cover this order, and if so hold it (a reservation keyed by the
// order id, released by fills, cancellation or expiry). Invariants: a repeated request with the
// same order id and fields returns the first answer (idempotent); a reservation only ever
// shrinks (fills, release) after it is made.
import { Type, type Static } from '@sinclair/typebox';
import { SideSchema } from './order.js';
import {
  MinorUnitsSchema,
  PriceTicksSchema,
  QuantityLotsSchema,
  SymbolSchema,
  UuidSchema,
  literalUnion,
} from './primitives.js';

/** Why a check failed. */
export const BUYING_POWER_REJECT_REASONS = [
  'PORTFOLIO_INSUFFICIENT_BUYING_POWER',
  'PORTFOLIO_SHORT_NOT_ALLOWED',
  'PORTFOLIO_CURRENCY_MISMATCH',
  'PORTFOLIO_INSTRUMENT_UNKNOWN',
  'ORDER_ACCOUNT_NOT_ACTIVE',
] as const;
/** Why a check failed. */
export type BuyingPowerRejectReason = (typeof BUYING_POWER_REJECT_REASONS)[number];

/** The order to check. */
export const BuyingPowerCheckRequestSchema = Type.Object(
  {
    orderId: UuidSchema,
    accountId: UuidSchema,
    symbol: SymbolSchema,
    side: SideSchema,
    quantityLots: QuantityLotsSchema,
    /** Limit price, or for market/stop orders a reference price (last trade, collar bound). */
    priceTicks: PriceTicksSchema,
    /** Expected fees, held with the order. */
    feeEstimateMinor: Type.Optional(MinorUnitsSchema),
    /** false = answer only (what-if); true (default) = also hold the amount until fills or release. */
    reserve: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
/** The order to check. */
export type BuyingPowerCheckRequest = Static<typeof BuyingPowerCheckRequestSchema>;

/** The answer. */
export const BuyingPowerCheckResultSchema = Type.Object(
  {
    orderId: UuidSchema,
    approved: Type.Boolean(),
    reason: Type.Union([literalUnion(BUYING_POWER_REJECT_REASONS), Type.Null()]),
    /** What this order needs: margin on the part that opens or extends a position, plus fees. */
    requiredMinor: MinorUnitsSchema,
    /** Buying power before this order. */
    buyingPowerMinor: MinorUnitsSchema,
    /** Held for this order after the call (0 when not approved or reserve = false). */
    reservedMinor: MinorUnitsSchema,
  },
  { additionalProperties: false },
);
/** The answer. */
export type BuyingPowerCheckResult = Static<typeof BuyingPowerCheckResultSchema>;
