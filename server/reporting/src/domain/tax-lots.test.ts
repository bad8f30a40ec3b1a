import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DisposalRow } from './portfolio-rows.js';
import { disposalCommissions, feeShare, isLongTerm, taxLines, taxTotals } from './tax-lots.js';

function disposal(overrides: Partial<DisposalRow>): DisposalRow {
  return {
    executionId: 'e',
    lotId: 'l',
    symbol: 'GOOG',
    lotSide: 'long',
    openedAt: new Date('2023-01-10T15:00:00Z'),
    closedAt: new Date('2023-06-10T15:00:00Z'),
    quantityLots: 10,
    lotSize: 1,
    openAmountMinor: 100_000,
    closeAmountMinor: 120_000,
    realisedPnlMinor: 20_000,
    closeFeeMinor: 0,
    closeFillQuantityLots: 10,
    closeBeforeLots: 0,
    openFeeMinor: 0,
    openFillQuantityLots: 10,
    lotOriginalQuantityLots: 10,
    lotBeforeLots: 0,
    ...overrides,
  };
}

describe('tax lots', () => {
  it('is long-term only after the anniversary', () => {
    const bought = new Date('2023-03-15T10:00:00Z');
    assert.equal(isLongTerm(bought, new Date('2024-03-15T23:00:00Z')), false);
    assert.equal(isLongTerm(bought, new Date('2024-03-16T00:00:00Z')), true);
    const leap = new Date('2024-02-29T12:00:00Z');
    assert.equal(isLongTerm(leap, new Date('2025-02-28T12:00:00Z')), false);
    assert.equal(isLongTerm(leap, new Date('2025-03-01T12:00:00Z')), true);
  });

  it('lays out long and short lots and splits the terms', () => {
    const lines = taxLines([
      disposal({ lotId: 'a', openedAt: new Date('2021-01-04T00:00:00Z'), closedAt: new Date('2023-06-10T00:00:00Z') }),
      disposal({ lotId: 'b', lotSide: 'short', openAmountMinor: 50_000, closeAmountMinor: 45_000, realisedPnlMinor: 5_000 }),
      disposal({ lotId: 'c', closeAmountMinor: 90_000, realisedPnlMinor: -10_000 }),
    ]);
    assert.deepEqual(
      lines.map((line) => [line.lotId, line.term, line.proceedsMinor, line.costBasisMinor, line.gainMinor]),
      [
        ['b', 'short', 50_000, 45_000, 5_000],
        ['c', 'short', 90_000, 100_000, -10_000],
        ['a', 'long', 120_000, 100_000, 20_000],
      ],
    );
    // The short sale is "sold" when opened and "acquired" by the covering buy.
    assert.equal(lines[0]!.sold.toISOString(), '2023-01-10T15:00:00.000Z');
    assert.equal(lines[0]!.acquired.toISOString(), '2023-06-10T15:00:00.000Z');
    const totals = taxTotals(lines);
    assert.deepEqual(totals.short, { proceedsMinor: 140_000, costBasisMinor: 145_000, adjustmentMinor: 0, gainMinor: -5_000, lines: 2 });
    assert.deepEqual(totals.long, { proceedsMinor: 120_000, costBasisMinor: 100_000, adjustmentMinor: 0, gainMinor: 20_000, lines: 1 });
    assert.ok(lines.every((line) => line.code === ''));
  });

  it('shares a fee among the units of its fill exactly', () => {
    // 100 cents over 3 units: 33, 33, 34 in order; any split adds up to the fee.
    assert.deepEqual([feeShare(100, 3, 0, 1), feeShare(100, 3, 1, 1), feeShare(100, 3, 2, 1)], [33, 33, 34]);
    for (const cut of [0, 1, 7, 119, 120]) assert.equal(feeShare(100, 120, 0, cut) + feeShare(100, 120, cut, 120 - cut), 100);
    assert.equal(feeShare(100, 0, 0, 0), 0);
  });

  it('puts buying commissions in the basis and selling commissions in (g) with code E', () => {
    // A lot of 50 opened by the last 50 units of a 70-unit buy (fee 140: 100 of it on the lot),
    // 20 of it sold earlier; now 30 units are sold by the second 30 of a 60-unit sell (fee 90).
    const row = disposal({
      quantityLots: 30,
      openAmountMinor: 30_000,
      closeAmountMinor: 36_000,
      closeFeeMinor: 90,
      closeFillQuantityLots: 60,
      closeBeforeLots: 30,
      openFeeMinor: 140,
      openFillQuantityLots: 70,
      lotOriginalQuantityLots: 50,
      lotBeforeLots: 20,
    });
    assert.deepEqual(disposalCommissions(row), { closingMinor: 45, openingMinor: 60 });
    const [line] = taxLines([row]);
    assert.deepEqual([line!.proceedsMinor, line!.costBasisMinor, line!.code, line!.adjustmentMinor, line!.gainMinor], [36_000, 30_060, 'E', -45, 5_895]);
    // Short: the opening (selling) commission is the adjustment, the covering one is in the basis.
    const [short] = taxLines([{ ...row, lotSide: 'short', openAmountMinor: 36_000, closeAmountMinor: 30_000 }]);
    assert.deepEqual([short!.proceedsMinor, short!.costBasisMinor, short!.adjustmentMinor, short!.gainMinor], [36_000, 30_045, -60, 5_895]);
  });
});
