// The portfolio's booked history of one account as other services read it (the portfolio's
// internal history routes, GET /v1/internal/accounts/{id}/fills, /lot-disposals and
// /daily-valuations): booked fills with their instrument economics, what each closing fill
// relieved from each tax lot, and the end-of-day valuations. Pages are keyset pages in a fixed
// order; `nextCursor` is opaque and null on the last page. Money and quantities are integers.
import { Type, type Static } from '@sinclair/typebox';
import {
  DecimalStringSchema,
  MinorUnitsSchema,
  PriceTicksSchema,
  QuantityLotsSchema,
  NonNegativeLotsSchema,
  SymbolSchema,
  TimestampSchema,
  UuidSchema,
} from './primitives.js';

/** Most rows one history page holds. */
export const HISTORY_PAGE_MAX = 1000;
/** An opaque page cursor (base64url). */
export const HistoryCursorSchema = Type.String({ pattern: '^[A-Za-z0-9_-]{1,512}$', description: 'Opaque cursor from the previous page' });

/** One booked fill with its instrument's economics at booking. */
export const HistoryFillSchema = Type.Object(
  {
    executionId: UuidSchema,
    orderId: UuidSchema,
    symbol: SymbolSchema,
    side: Type.Union([Type.Literal('buy'), Type.Literal('sell')]),
    priceTicks: PriceTicksSchema,
    quantityLots: QuantityLotsSchema,
    feeMinor: MinorUnitsSchema,
    notionalMinor: MinorUnitsSchema,
    cashDeltaMinor: MinorUnitsSchema,
    realisedPnlMinor: MinorUnitsSchema,
    executedAt: TimestampSchema,
    tickSize: DecimalStringSchema,
    lotSize: QuantityLotsSchema,
  },
  { additionalProperties: false },
);
/** One booked fill. */
export type HistoryFill = Static<typeof HistoryFillSchema>;

/**
 * What one closing fill relieved from one tax lot, with what commission allocation needs: the
 * closing fill's and the opening fill's fee and quantity, and how many units of the closing fill
 * and of the lot earlier disposals (also those before the requested period) took.
 */
export const HistoryDisposalSchema = Type.Object(
  {
    executionId: UuidSchema,
    lotId: UuidSchema,
    symbol: SymbolSchema,
    lotSide: Type.Union([Type.Literal('long'), Type.Literal('short')]),
    openedAt: TimestampSchema,
    closedAt: TimestampSchema,
    quantityLots: QuantityLotsSchema,
    lotSize: QuantityLotsSchema,
    /** Cost (long lot) or opening proceeds (short lot) relieved. */
    openAmountMinor: MinorUnitsSchema,
    /** The closing fill's notional share. */
    closeAmountMinor: MinorUnitsSchema,
    realisedPnlMinor: MinorUnitsSchema,
    closeFeeMinor: MinorUnitsSchema,
    closeFillQuantityLots: QuantityLotsSchema,
    closeBeforeLots: NonNegativeLotsSchema,
    openFeeMinor: MinorUnitsSchema,
    openFillQuantityLots: QuantityLotsSchema,
    lotOriginalQuantityLots: QuantityLotsSchema,
    lotBeforeLots: NonNegativeLotsSchema,
  },
  { additionalProperties: false },
);
/** One lot disposal. */
export type HistoryDisposal = Static<typeof HistoryDisposalSchema>;

/** The account's last valuation of one UTC day (or, first, the last one before the period). */
export const HistoryValuationSchema = Type.Object(
  { at: TimestampSchema, equityMinor: MinorUnitsSchema, netDepositsMinor: MinorUnitsSchema },
  { additionalProperties: false },
);
/** One valuation. */
export type HistoryValuation = Static<typeof HistoryValuationSchema>;

/** The query of every history page: the period [from, to), page size and cursor. */
export const HistoryQuerySchema = Type.Object(
  {
    from: TimestampSchema,
    to: TimestampSchema,
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: HISTORY_PAGE_MAX, default: 500 })),
    cursor: Type.Optional(HistoryCursorSchema),
  },
  { additionalProperties: false },
);
/** The query of a history page. */
export type HistoryQuery = Static<typeof HistoryQuerySchema>;

const NextCursor = Type.Union([HistoryCursorSchema, Type.Null()]);
/** A page of fills, oldest first (executed, booked, execution id). */
export const HistoryFillPageSchema = Type.Object({ fills: Type.Array(HistoryFillSchema), nextCursor: NextCursor }, { additionalProperties: false });
/** A page of lot disposals in execution order, within one fill in the lots' acquisition order. */
export const HistoryDisposalPageSchema = Type.Object({ disposals: Type.Array(HistoryDisposalSchema), nextCursor: NextCursor }, { additionalProperties: false });
/** A page of valuations, oldest first. */
export const HistoryValuationPageSchema = Type.Object({ valuations: Type.Array(HistoryValuationSchema), nextCursor: NextCursor }, { additionalProperties: false });
