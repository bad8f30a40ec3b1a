import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Trade } from '../../api/market-data-api.js';
import { largePrintThreshold, mergeTape } from './tape-model.js';

const trade = (id: string, second: number, size = 100): Trade => ({
  time: new Date(Date.UTC(2026, 0, 2, 14, 30, second)).toISOString(),
  priceTicks: 10000,
  quantityLots: size,
  aggressor: 'buy',
  tradeId: id,
  source: 'lobster',
});

describe('tape model', () => {
  it('merges newest first without duplicates, bounded', () => {
    const tape = mergeTape([], [trade('b', 2), trade('a', 1)]);
    const next = mergeTape(tape, [trade('c', 3), trade('b', 2)]);
    assert.deepEqual(
      next.map((each) => each.tradeId),
      ['c', 'b', 'a'],
    );
    assert.equal(mergeTape(next, [trade('b', 2)]), next);
    assert.equal(mergeTape([], Array.from({ length: 20 }, (_, i) => trade(String(i), i)), 5).length, 5);
  });

  it('marks prints of five times the median size', () => {
    assert.equal(largePrintThreshold([trade('a', 1, 100), trade('b', 2, 200), trade('c', 3, 5000)]), 1000);
    assert.equal(largePrintThreshold([]), Infinity);
  });
});
