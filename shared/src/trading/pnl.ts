// A point of an account's P&L time series. Invariant of every point:
//   equityMinor = cashMinor + marketValueMinor
//   totalPnlMinor = equityMinor − netDepositsMinor = realisedPnlMinor + unrealisedPnlMinor − feesMinor
// (the portfolio's property tests check the second identity on random fill sequences).
import { Type, type Static } from '@sinclair/typebox';
import { MinorUnitsSchema, TimestampSchema } from './primitives.js';

/** Bucket widths of a P&L series. */
export const PNL_INTERVALS = ['1m', '5m', '15m', '1h', '1d'] as const;
/** One bucket width. */
export type PnlInterval = (typeof PNL_INTERVALS)[number];

/** The account's valuation at one instant. */
export const PnlPointSchema = Type.Object(
  {
    at: TimestampSchema,
    cashMinor: MinorUnitsSchema,
    marketValueMinor: MinorUnitsSchema,
    equityMinor: MinorUnitsSchema,
    netDepositsMinor: MinorUnitsSchema,
    realisedPnlMinor: MinorUnitsSchema,
    unrealisedPnlMinor: MinorUnitsSchema,
    feesMinor: MinorUnitsSchema,
    totalPnlMinor: MinorUnitsSchema,
  },
  { additionalProperties: false },
);
/** The account's valuation at one instant. */
export type PnlPoint = Static<typeof PnlPointSchema>;
