import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DisposalRow } from '../store/portfolio-read.js';
import { isLongTerm, taxLines, taxTotals } from './tax-lots.js';

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
    assert.deepEqual(totals.short, { proceedsMinor: 140_000, costBasisMinor: 145_000, gainMinor: -5_000, lines: 2 });
    assert.deepEqual(totals.long, { proceedsMinor: 120_000, costBasisMinor: 100_000, gainMinor: 20_000, lines: 1 });
  });
});
