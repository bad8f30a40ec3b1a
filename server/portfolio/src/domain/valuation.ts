// Marking positions and valuing an account. A position is marked to the last trade price of its
// symbol; without one it is valued at its cost basis (unrealised P&L 0), reported as
// markSource 'average-cost'. Margin model (docs/portfolio.md):
//   equity          = cash + Σ signed market value
//   required margin = ceil(long MV × longMarginBps / 10⁴) + ceil(|short MV| × shortMarginBps / 10⁴)
//   buying power    = equity − required margin − reserved
// Invariant: equity − netDeposits = realised + unrealised − fees (see position-ledger.ts).
import { divideRounded, fraction, toSafeNumber, type Fraction, type MarginPolicy } from '@kestrel/shared';
import type { LedgerPosition } from './ledger-types.js';

/** Where a position's valuation price came from. */
export type MarkSource = 'last-trade' | 'average-cost';

/** A position's valuation. */
export interface PositionMark {
  /** The price used; for 'average-cost' the average open price rounded half-even to a tick. */
  markPriceTicks: number;
  markSource: MarkSource;
  /** Signed: long +, short −. */
  marketValueMinor: number;
  unrealisedPnlMinor: number;
}

/** Σ(open price × open qty) / |qty| over the open lots, in ticks; null when flat. */
export function averageOpenPrice(position: LedgerPosition): Fraction | null {
  if (position.quantityLots === 0) return null;
  const total = position.lots.reduce((sum, lot) => sum + BigInt(lot.openPriceTicks) * BigInt(lot.quantityLots), 0n);
  return fraction(total, BigInt(Math.abs(position.quantityLots)));
}

/** costBasis / |qty| in minor units per lot; null when flat. */
export function averageCost(position: LedgerPosition): Fraction | null {
  if (position.quantityLots === 0) return null;
  return fraction(BigInt(position.costBasisMinor), BigInt(Math.abs(position.quantityLots)));
}

/** Values a position at `markPriceTicks` (null = no trade price known). */
export function markPosition(position: LedgerPosition, markPriceTicks: number | null, valuePerTickLot: Fraction): PositionMark {
  const quantity = BigInt(position.quantityLots);
  const basis = BigInt(position.costBasisMinor);
  if (markPriceTicks === null) {
    const average = averageOpenPrice(position);
    return {
      markPriceTicks: average === null ? 0 : toSafeNumber(divideRounded(average.numerator, average.denominator, 'half-even'), 'average price'),
      markSource: 'average-cost',
      marketValueMinor: toSafeNumber(quantity < 0n ? -basis : basis, 'market value'),
      unrealisedPnlMinor: 0,
    };
  }
  const value = divideRounded(BigInt(markPriceTicks) * quantity * valuePerTickLot.numerator, valuePerTickLot.denominator, 'half-even');
  const unrealised = quantity >= 0n ? value - basis : basis + value;
  return {
    markPriceTicks,
    markSource: 'last-trade',
    marketValueMinor: toSafeNumber(value, 'market value'),
    unrealisedPnlMinor: toSafeNumber(unrealised, 'unrealised P&L'),
  };
}

/** The balances an account valuation starts from. */
export interface AccountBalances {
  cashMinor: number;
  reservedMinor: number;
  marginPolicy: MarginPolicy;
}

/** An account's valuation. */
export interface AccountValuation {
  marketValueMinor: number;
  longMarketValueMinor: number;
  shortMarketValueMinor: number;
  equityMinor: number;
  requiredMarginMinor: number;
  buyingPowerMinor: number;
  unrealisedPnlMinor: number;
}

/** Values an account from its balances and its marked positions. */
export function valueAccount(balances: AccountBalances, marks: readonly PositionMark[]): AccountValuation {
  let long = 0n;
  let short = 0n;
  let unrealised = 0n;
  for (const mark of marks) {
    const value = BigInt(mark.marketValueMinor);
    if (value >= 0n) long += value;
    else short += value;
    unrealised += BigInt(mark.unrealisedPnlMinor);
  }
  const policy = balances.marginPolicy;
  const required =
    divideRounded(long * BigInt(policy.longMarginBps), 10_000n, 'ceil') +
    divideRounded(-short * BigInt(policy.shortMarginBps), 10_000n, 'ceil');
  const equity = BigInt(balances.cashMinor) + long + short;
  return {
    marketValueMinor: toSafeNumber(long + short, 'market value'),
    longMarketValueMinor: toSafeNumber(long, 'long market value'),
    shortMarketValueMinor: toSafeNumber(short, 'short market value'),
    equityMinor: toSafeNumber(equity, 'equity'),
    requiredMarginMinor: toSafeNumber(required, 'required margin'),
    buyingPowerMinor: toSafeNumber(equity - required - BigInt(balances.reservedMinor), 'buying power'),
    unrealisedPnlMinor: toSafeNumber(unrealised, 'unrealised P&L'),
  };
}
