import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tradeStatistics } from './trades.js';

describe('tradeStatistics', () => {
  it('matches a hand calculation, a flat trade neither winning nor losing', () => {
    assert.deepEqual(tradeStatistics([300, -100, 0, -200, 500]), {
      trades: 5,
      winningTrades: 2,
      losingTrades: 2,
      grossWin: 800,
      grossLoss: 300,
      net: 500,
      best: 500,
      worst: -200,
      winRate: 0.4,
      profitFactor: 800 / 300,
      expectancy: 100,
    });
  });

  it('has null ratios without trades or without losers', () => {
    const none = tradeStatistics([]);
    assert.equal(none.winRate, null);
    assert.equal(none.expectancy, null);
    assert.equal(none.best, null);
    assert.equal(tradeStatistics([10, 20]).profitFactor, null);
  });
});
