// What a new order needs from the account's buying power, and how a reservation shrinks as the
// order fills. Rules (docs/portfolio.md): only the part of an order that opens or extends a
// position needs margin — a buy first covers the short quantity not already being covered by
// other open buys, a sell first sells the long quantity not already being sold by other open
// sells; the rest needs price × qty × value × marginBps / 10⁴ (rounded up), plus the fee
// estimate. An order that needs nothing is always approved, so reducing a position is never
// blocked, even with negative buying power. Known limit: the price of a market order is the
// caller's reference price; a fill beyond it is booked in full (the reservation is an estimate).
import { divideRounded, toSafeNumber, type BuyingPowerRejectReason, type Fraction, type MarginPolicy, type Side } from '@kestrel/shared';

/** An order to check. */
export interface OrderToCheck {
  side: Side;
  quantityLots: number;
  priceTicks: number;
  feeEstimateMinor: number;
}

/** What the account holds and has working in the symbol. */
export interface SymbolCommitments {
  /** Signed position. */
  positionLots: number;
  /** Remaining quantity of other open (reserved) buy orders in the symbol. */
  pendingBuyLots: number;
  pendingSellLots: number;
}

/** The requirement, or why the order may not be placed at all. */
export type Requirement =
  | { allowed: true; openingLots: number; requiredMinor: number }
  | { allowed: false; reason: BuyingPowerRejectReason; openingLots: number; requiredMinor: number };

/** The buying power `order` needs given the account's position and other open orders in the symbol. */
export function orderRequirement(
  order: OrderToCheck,
  commitments: SymbolCommitments,
  policy: MarginPolicy,
  valuePerTickLot: Fraction,
): Requirement {
  const reducible =
    order.side === 'buy'
      ? Math.max(0, -commitments.positionLots - commitments.pendingBuyLots)
      : Math.max(0, commitments.positionLots - commitments.pendingSellLots);
  const openingLots = Math.max(0, order.quantityLots - reducible);
  const marginBps = BigInt(order.side === 'buy' ? policy.longMarginBps : policy.shortMarginBps);
  const notional = BigInt(openingLots) * BigInt(order.priceTicks) * valuePerTickLot.numerator;
  const margin = notional > 0n ? divideRounded(notional * marginBps, valuePerTickLot.denominator * 10_000n, 'ceil') : 0n;
  const required = toSafeNumber(margin + BigInt(Math.max(0, order.feeEstimateMinor)), 'required buying power');
  if (order.side === 'sell' && openingLots > 0 && !policy.allowShortSelling) {
    return { allowed: false, reason: 'PORTFOLIO_SHORT_NOT_ALLOWED', openingLots, requiredMinor: required };
  }
  return { allowed: true, openingLots, requiredMinor: required };
}

/** A reservation after `filledLots` more of its order filled: remaining and amount shrink proportionally (rounded up). */
export function shrinkReservation(
  reservation: { remainingLots: number; reservedMinor: number },
  filledLots: number,
): { remainingLots: number; reservedMinor: number } {
  const remainingLots = Math.max(0, reservation.remainingLots - filledLots);
  if (remainingLots === 0 || reservation.remainingLots === 0) return { remainingLots: 0, reservedMinor: 0 };
  const reserved = divideRounded(
    BigInt(reservation.reservedMinor) * BigInt(remainingLots),
    BigInt(reservation.remainingLots),
    'ceil',
  );
  return { remainingLots, reservedMinor: toSafeNumber(reserved, 'reservation') };
}
