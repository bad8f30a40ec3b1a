import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { annualisedReturn, perPeriodRate, returnStatistics } from './returns.js';

const close = (actual: number | null, expected: number, what: string): void => {
  assert.ok(actual !== null && Math.abs(actual - expected) <= 1e-12 * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs ${expected}`);
};

describe('returnStatistics', () => {
  it('matches a hand calculation', () => {
    // r = 0.1, -0.1: mean 0, sample stdev sqrt(0.02), downside sqrt(0.01 / 2).
    const stats = returnStatistics([0.1, -0.1], 4);
    close(stats.mean, 0, 'mean');
    close(stats.volatility, Math.sqrt(0.02) * 2, 'volatility');
    close(stats.sharpe, 0, 'sharpe');
    close(stats.sortino, 0, 'sortino');
  });

  it('has no dispersion under two returns and no ratio without spread', () => {
    assert.deepEqual(returnStatistics([], 252), { periods: 0, mean: null, volatility: null, sharpe: null, sortino: null });
    assert.equal(returnStatistics([0.01], 252).volatility, null);
    const flat = returnStatistics([0.01, 0.01, 0.01], 252);
    assert.equal(flat.volatility, 0);
    assert.equal(flat.sharpe, null);
    assert.equal(flat.sortino, null);
  });

  it('agrees with the textbook formulas on random series', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -0.5, max: 0.5, noNaN: true }), { minLength: 2, maxLength: 50 }), fc.double({ min: 0, max: 0.1, noNaN: true }), (returns, riskFree) => {
        const P = 252;
        const n = returns.length;
        const mean = returns.reduce((a, b) => a + b, 0) / n;
        const sd = Math.sqrt(returns.map((r) => (r - mean) ** 2).reduce((a, b) => a + b, 0) / (n - 1));
        const rf = (1 + riskFree) ** (1 / P) - 1;
        const downside = Math.sqrt(returns.map((r) => Math.min(0, r - rf) ** 2).reduce((a, b) => a + b, 0) / n);
        const stats = returnStatistics(returns, P, riskFree);
        close(stats.volatility, sd * Math.sqrt(P), 'volatility');
        if (sd > 1e-9) close(stats.sharpe, ((mean - rf) / sd) * Math.sqrt(P), 'sharpe');
        if (downside > 1e-9) close(stats.sortino, ((mean - rf) / downside) * Math.sqrt(P), 'sortino');
      }),
    );
  });
});

describe('annualisedReturn and perPeriodRate', () => {
  it('compounds over the year and floors a wiped-out account at -100 %', () => {
    close(annualisedReturn(1.21, 2, 1), 0.1, 'two years of +10 %');
    close(annualisedReturn(1.01, 1, 12), 1.01 ** 12 - 1, 'a month');
    assert.equal(annualisedReturn(0, 5, 252), -1);
    assert.equal(annualisedReturn(1.5, 0, 252), null);
    close(perPeriodRate(0.21, 2), 0.1, 'half-yearly rate');
  });
});
