// Realised gains by tax lot, laid out like IRS Form 8949: one row per (closing fill, lot) pair the
// portfolio booked, with the dates, proceeds, cost basis, adjustment and gain, split into
// short-term (Part I) and long-term (Part II). Rules: a long lot is acquired when opened and sold
// when the closing fill executed; a short lot's property is acquired by the covering buy and sold
// when the short was opened, and its gain is always short-term. Long-term = held MORE than one
// year: the sale falls after the anniversary of the acquisition (a lot bought on 29 February has
// its anniversary on 28 February). Days are UTC calendar days.
// Commissions: proceeds (d) are gross, as brokers report them; the buying commission is part of
// the cost basis (e); the selling commission is a negative adjustment (g) with code E ("selling
// expenses not reflected in proceeds"), so (h) = (d) - (e) + (g). A fill's fee is shared among the
// units it traded pro rata, exactly: the units before a disposal get floor(fee × before / total)
// and the disposal the difference, so the shares of a fill always add up to its fee. Arithmetic is
// integer minor units (bigint inside).
import type { DisposalRow } from './portfolio-rows.js';

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
  /** Column (f): 'E' when a selling commission is adjusted, else ''. */
  code: string;
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
  adjustmentMinor: number;
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

/** The part of `fee` that falls on units [before, before + quantity) of `total` units. */
export function feeShare(fee: number, total: number, before: number, quantity: number): number {
  if (total <= 0) return 0;
  const upTo = (units: number): bigint => (BigInt(fee) * BigInt(units)) / BigInt(total);
  return Number(upTo(before + quantity) - upTo(before));
}

/** The commissions of one disposal: the closing fill's share and the opening fill's share. */
export function disposalCommissions(disposal: DisposalRow): { closingMinor: number; openingMinor: number } {
  const closingMinor = feeShare(disposal.closeFeeMinor, disposal.closeFillQuantityLots, disposal.closeBeforeLots, disposal.quantityLots);
  // The lot is the last `lotOriginalQuantityLots` units of its opening fill (a fill that first
  // closed an opposite position opens a lot with what remains).
  const original = disposal.lotOriginalQuantityLots;
  const lotFee = feeShare(disposal.openFeeMinor, disposal.openFillQuantityLots, disposal.openFillQuantityLots - original, original);
  const openingMinor = feeShare(lotFee, original, disposal.lotBeforeLots, disposal.quantityLots);
  return { closingMinor, openingMinor };
}

/** The Form 8949 lines of the disposals, Part I (short-term) first, each part in sale order. */
export function taxLines(disposals: readonly DisposalRow[]): TaxLine[] {
  const lines = disposals.map((disposal): TaxLine => {
    const shortSale = disposal.lotSide === 'short';
    const { closingMinor, openingMinor } = disposalCommissions(disposal);
    // Long: bought by the opening fill, sold by the closing one. Short: the reverse.
    const acquired = shortSale ? disposal.closedAt : disposal.openedAt;
    const sold = shortSale ? disposal.openedAt : disposal.closedAt;
    const proceedsMinor = shortSale ? disposal.openAmountMinor : disposal.closeAmountMinor;
    const costBasisMinor = sum(shortSale ? disposal.closeAmountMinor : disposal.openAmountMinor, shortSale ? closingMinor : openingMinor);
    const sellingMinor = shortSale ? openingMinor : closingMinor;
    return {
      symbol: disposal.symbol,
      units: BigInt(disposal.quantityLots) * BigInt(disposal.lotSize),
      shortSale,
      acquired,
      sold,
      proceedsMinor,
      costBasisMinor,
      code: sellingMinor > 0 ? 'E' : '',
      adjustmentMinor: -sellingMinor,
      gainMinor: sum(sum(proceedsMinor, -costBasisMinor), -sellingMinor),
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
  const empty = (): TaxTotals => ({ proceedsMinor: 0, costBasisMinor: 0, adjustmentMinor: 0, gainMinor: 0, lines: 0 });
  const totals: Record<Term, TaxTotals> = { short: empty(), long: empty() };
  for (const line of lines) {
    const part = totals[line.term];
    part.proceedsMinor = sum(part.proceedsMinor, line.proceedsMinor);
    part.costBasisMinor = sum(part.costBasisMinor, line.costBasisMinor);
    part.adjustmentMinor = sum(part.adjustmentMinor, line.adjustmentMinor);
    part.gainMinor = sum(part.gainMinor, line.gainMinor);
    part.lines++;
  }
  return totals;
}
