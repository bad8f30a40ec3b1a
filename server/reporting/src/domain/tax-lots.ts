// Realised gains by tax lot, laid out like IRS Form 8949: one row per (closing fill, lot) pair the
// portfolio booked, with the dates, proceeds, cost basis and gain, split into short-term (Part I)
// and long-term (Part II). Rules: a long lot is acquired when opened and sold when the closing fill
// executed; a short lot's property is acquired by the covering buy and sold when the short was
// opened, and its gain is always short-term. Long-term = held MORE than one year: the sale falls
// after the anniversary of the acquisition (a lot bought on 29 February has its anniversary on
// 28 February). Days are UTC calendar days. Amounts are before commissions (the portfolio books
// fees separately), so column (g) is 0 and (f) empty. Arithmetic is integer minor units.
import type { DisposalRow } from '../store/portfolio-read.js';

/** Holding-period class of a disposal. */
export type Term = 'short' | 'long';

/** One Form 8949 line, in minor units. */
export interface TaxLine {
  symbol: string;
  units: bigint;
  shortSale: boolean;
  acquired: Date;
  sold: Date;
  proceedsMinor: number;
  costBasisMinor: number;
  adjustmentMinor: number;
  gainMinor: number;
  term: Term;
  lotId: string;
  executionId: string;
}

/** Totals of one part of the form. */
export interface TaxTotals {
  proceedsMinor: number;
  costBasisMinor: number;
  gainMinor: number;
  lines: number;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/** True when `sold` is more than one year after `acquired` (UTC calendar days). */
export function isLongTerm(acquired: Date, sold: Date): boolean {
  const year = acquired.getUTCFullYear() + 1;
  const month = acquired.getUTCMonth();
  const anniversary = Date.UTC(year, month, Math.min(acquired.getUTCDate(), daysInMonth(year, month)));
  const soldDay = Date.UTC(sold.getUTCFullYear(), sold.getUTCMonth(), sold.getUTCDate());
  return soldDay > anniversary;
}

function sum(a: number, b: number): number {
  const total = a + b;
  if (!Number.isSafeInteger(total)) throw new RangeError('a tax total passes 2^53 - 1 minor units');
  return total;
}

/** The Form 8949 lines of the disposals, Part I (short-term) first, each part in sale order. */
export function taxLines(disposals: readonly DisposalRow[]): TaxLine[] {
  const lines = disposals.map((disposal): TaxLine => {
    const shortSale = disposal.lotSide === 'short';
    const acquired = shortSale ? disposal.closedAt : disposal.openedAt;
    const sold = shortSale ? disposal.openedAt : disposal.closedAt;
    const proceedsMinor = shortSale ? disposal.openAmountMinor : disposal.closeAmountMinor;
    const costBasisMinor = shortSale ? disposal.closeAmountMinor : disposal.openAmountMinor;
    return {
      symbol: disposal.symbol,
      units: BigInt(disposal.quantityLots) * BigInt(disposal.lotSize),
      shortSale,
      acquired,
      sold,
      proceedsMinor,
      costBasisMinor,
      adjustmentMinor: 0,
      gainMinor: sum(proceedsMinor, -costBasisMinor),
      term: !shortSale && isLongTerm(acquired, sold) ? 'long' : 'short',
      lotId: disposal.lotId,
      executionId: disposal.executionId,
    };
  });
  // Stable: within a part the disposals keep their booking order.
  return [...lines.filter((line) => line.term === 'short'), ...lines.filter((line) => line.term === 'long')];
}

/** Totals per term. */
export function taxTotals(lines: readonly TaxLine[]): Record<Term, TaxTotals> {
  const empty = (): TaxTotals => ({ proceedsMinor: 0, costBasisMinor: 0, gainMinor: 0, lines: 0 });
  const totals: Record<Term, TaxTotals> = { short: empty(), long: empty() };
  for (const line of lines) {
    const part = totals[line.term];
    part.proceedsMinor = sum(part.proceedsMinor, line.proceedsMinor);
    part.costBasisMinor = sum(part.costBasisMinor, line.costBasisMinor);
    part.gainMinor = sum(part.gainMinor, line.gainMinor);
    part.lines++;
  }
  return totals;
}
