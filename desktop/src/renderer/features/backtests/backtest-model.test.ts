import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { equityPointsOf, summaryOf, tradeRowsOf } from './backtest-model.js';

describe('backtest model', () => {
  const result = {
    initialCash: 10000,
    finalValue: 10500.5,
    closedTrades: 1,
    statistics: { totalReturn: 0.05005, sharpe: 1.2, maxDrawdown: 0.031, winRate: 1 },
    equityCurve: [
      { time: '2024-01-02T00:00:00.000Z', value: 10000, drawdown: 0 },
      { time: '2024-01-02T00:00:00.400Z', value: 10010, drawdown: 0 },
      { time: '2024-01-03T00:00:00.000Z', value: 9700, drawdown: 0.031 },
      { time: '2024-01-01T00:00:00.000Z', value: 1, drawdown: 0 },
      { time: 'not a time', value: 5, drawdown: 0 },
    ],
    tradeList: [{ symbol: 'GOOG', direction: 'long', entryTime: 'a', exitTime: 'b', quantity: 10, entryPrice: '100.00', exitPrice: '105.00', pnl: 50, return: 0.05, bars: 3 }],
    openTradeList: [{ symbol: 'GOOG', direction: 'short', entryTime: 'c', exitTime: null, quantity: 2, entryPrice: '104.00', exitPrice: '103.00', pnl: 2, return: null, bars: 1 }],
  };

  it('reads the headline numbers from the top level and the statistics', () => {
    assert.deepEqual(summaryOf(result), { initialCash: 10000, finalValue: 10500.5, totalReturn: 0.05005, sharpe: 1.2, maxDrawdown: 0.031, closedTrades: 1, winRate: 1 });
    assert.equal(summaryOf({}).sharpe, null);
  });

  it('turns the equity curve into one point per second, in order, with the drawdown as a negative percentage', () => {
    const points = equityPointsOf(result);
    assert.deepEqual(points.equity, [
      { time: Date.UTC(2024, 0, 2) / 1000, value: 10010 },
      { time: Date.UTC(2024, 0, 3) / 1000, value: 9700 },
    ]);
    assert.deepEqual(
      points.drawdown.map((point) => point.value),
      [-0, -3.1],
    );
  });

  it('lists closed then open trades with the return in percent', () => {
    const rows = tradeRowsOf(result);
    assert.deepEqual(
      rows.map((row) => [row.id, row.direction, row.open, row.returnPercent, row.exitTime]),
      [
        ['closed-0', 'long', false, 5, 'b'],
        ['open-0', 'short', true, null, null],
      ],
    );
  });
});
