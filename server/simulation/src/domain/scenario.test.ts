import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Position } from '@kestrel/shared';
import { applyScenario, bpsOfMove, moveOfBps } from './scenario.js';

function position(symbol: string, quantityLots: number, markPriceTicks: number | null, marketValueMinor: number | null): Position {
  return {
    accountId: '00000000-0000-4000-8000-000000000001',
    symbol,
    currency: 'USD',
    quantityLots,
    costBasisMinor: 0,
    averageCost: null,
    averagePrice: null,
    markPriceTicks,
    markedAt: null,
    marketValueMinor,
    unrealisedPnlMinor: null,
    realisedPnlMinor: 0,
    feesMinor: 0,
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
}

describe('applyScenario', () => {
  it('moves long and short positions by their shock and sums the P&L exactly', () => {
    // 100 AAPL long at 190.00 (19,000 ticks of 0.01; 1-share lots): MV 19,000.00 = 1,900,000 minor.
    // 50 MSFT short at 410.00: MV −20,500.00.
    const outcome = applyScenario(
      [position('AAPL', 100, 19_000, 1_900_000), position('MSFT', -50, 41_000, -2_050_000)],
      (symbol) => (symbol === 'AAPL' ? moveOfBps(-1000) : moveOfBps(500)),
      null,
    );
    // AAPL −10 %: 171.00, P&L −1,900.00. MSFT +5 %: 430.50, short loses 50 × 20.50 = 1,025.00.
    assert.equal(outcome.positions[0]!.shockedPriceTicks, 17_100);
    assert.equal(outcome.positions[0]!.pnlMinor, -190_000);
    assert.equal(outcome.positions[1]!.shockedPriceTicks, 43_050);
    assert.equal(outcome.positions[1]!.pnlMinor, -102_500);
    assert.equal(outcome.totalPnlMinor, -292_500);
    assert.equal(outcome.totalPnlTickLots, -1_900 * 100 + 2_050 * -50);
  });

  it('rounds a shocked price half-even to whole ticks', () => {
    // 333 × 1.015 = 337.995 -> 338
    const outcome = applyScenario([position('X', 10, 333, 3_330)], () => moveOfBps(150), null);
    assert.equal(outcome.positions[0]!.shockedPriceTicks, 338);
    assert.equal(outcome.positions[0]!.pnlMinor, 50);
  });

  it('reports unpriced positions apart and leaves them out of the totals', () => {
    const outcome = applyScenario([position('A', 10, null, null), position('B', 1, 100, 100)], () => moveOfBps(-5000), null);
    assert.deepEqual(outcome.unpricedSymbols, ['A']);
    assert.equal(outcome.totalPnlMinor, -50);
  });

  it('reports a loss beyond maxDailyLossTickLots and positions beyond maxPositionLots', () => {
    const outcome = applyScenario([position('A', 200, 1_000, 200_000)], () => moveOfBps(-1000), { maxDailyLossTickLots: 19_999, maxPositionLots: 150 });
    assert.deepEqual(
      outcome.breaches.map((breach) => [breach.limit, breach.scenarioValue]),
      [
        ['maxDailyLossTickLots', 20_000],
        ['maxPositionLots', 200],
      ],
    );
    const within = applyScenario([position('A', 100, 1_000, 100_000)], () => moveOfBps(-1000), { maxDailyLossTickLots: 10_000 });
    assert.deepEqual(within.breaches, []);
  });

  it('shows a recorded move in basis points', () => {
    assert.equal(bpsOfMove({ numerator: 95n, denominator: 100n }), -500);
  });
});
