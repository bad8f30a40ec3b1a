// What a venue's commission on one fill becomes on the execution: the fee the portfolio books
// (Execution.feeMinor, minor units of the instrument's currency) when the venue charged it in that
// currency, or nothing — with the venue's raw amount and asset kept on the fill record either way
// (execution_fills.venue_commission / venue_commission_asset). Pure.
// Invariants: never a float (venue-decimal.ts); an asset counts as the instrument's currency when it
// IS that code (EUR for a EUR instrument) or the venue's asset map says so (`USDT=USD`); a commission
// in any other asset (BNB, the base asset) is not converted — no price of that asset is assumed.
// Known limits: a commission with more decimals than the currency is rounded half to even once per
// fill (`exact: false`); the difference stays visible against the raw amount on the fill record.
import { feeMinorOf } from './venue-decimal.js';

/** A commission as the venue reports it: decimal text and the asset it was charged in. */
export interface VenueCommission {
  amount: string;
  asset: string;
}

/** The fee booked for one venue fill. */
export interface BookedFee {
  /** Minor units of the instrument's currency (0 when not converted). */
  feeMinor: number;
  /** True when the commission was in the instrument's currency and is in feeMinor. */
  converted: boolean;
  /** False when the conversion had to round (the commission has sub-minor-unit digits). */
  exact: boolean;
}

/** The fee to book for `commission` on a fill of an instrument priced in `currency` (throws EXECUTION_VENUE_FEE_INVALID for bad text). */
export function bookedFee(commission: VenueCommission | null, currency: string, assetCurrencies: ReadonlyMap<string, string>): BookedFee {
  if (!commission) return { feeMinor: 0, converted: false, exact: true };
  if ((assetCurrencies.get(commission.asset) ?? commission.asset) !== currency) return { feeMinor: 0, converted: false, exact: true };
  const { minor, exact } = feeMinorOf(commission.amount, currency);
  return { feeMinor: minor, converted: true, exact };
}
