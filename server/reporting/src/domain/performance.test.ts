import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dailySeries, performanceStatistics } from './performance.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);
const at = (day: number, hour = 12): Date => new Date(T0 + day * DAY + hour * 3_600_000);

describe('performance', () => {
  it('resamples to days, carrying values forward, with the value before the period as base', () => {
    const series = dailySeries(
      [
        { at: at(-1), equityMinor: 1000, netDepositsMinor: 1000 },
        { at: at(0, 9), equityMinor: 1050, netDepositsMinor: 1000 },
        { at: at(0, 18), equityMinor: 1100, netDepositsMinor: 1000 },
        { at: at(2), equityMinor: 990, netDepositsMinor: 1000 },
      ],
      T0,
      T0 + 4 * DAY,
    );
    assert.deepEqual(series.equityMinor, [1100, 1100, 990, 990]);
    assert.equal(series.startEquityMinor, 1000);
  });

  it('removes deposits from returns and matches a hand calculation', () => {
    // Day values 1000 -> 1100 (+10 %) -> 2200 with a 1000 deposit (+0 % real: 1200 / 1100 - 1 = 9.09 %) -> 1980 (-10 %).
    const series = {
      days: [T0, T0 + DAY, T0 + 2 * DAY],
      equityMinor: [1100, 2200, 1980],
      netDepositsMinor: [1000, 2000, 2000],
      startEquityMinor: 1000,
      startNetDepositsMinor: 1000,
    };
    const stats = performanceStatistics(series, [500, -200, 300]);
    const r = [0.1, 1200 / 1100 - 1, -0.1];
    const level = r.reduce((acc, x) => acc * (1 + x), 1);
    assert.ok(Math.abs(stats.totalReturn! - (level - 1)) < 1e-12);
    const mean = r.reduce((a, b) => a + b) / 3;
    const sd = Math.sqrt(r.reduce((a, x) => a + (x - mean) ** 2, 0) / 2);
    assert.ok(Math.abs(stats.volatility! - sd * Math.sqrt(365)) < 1e-12);
    assert.ok(Math.abs(stats.sharpe! - (mean / sd) * Math.sqrt(365)) < 1e-12);
    const downside = Math.sqrt((0.1 * 0.1) / 3);
    assert.ok(Math.abs(stats.sortino! - (mean / downside) * Math.sqrt(365)) < 1e-12);
    const peak = 1.1 * (1200 / 1100);
    assert.ok(Math.abs(stats.maxDrawdown - (1 - level / peak)) < 1e-12);
    assert.equal(stats.maxDrawdownDays, 1);
    assert.ok(Math.abs(stats.calmar! - stats.annualReturn! / stats.maxDrawdown) < 1e-12);
    assert.equal(stats.winRate, 2 / 3);
    assert.equal(stats.profitFactor, 800 / 200);
    assert.equal(stats.expectancyMinor, 200);
  });

  it('answers null instead of dividing by zero', () => {
    const stats = performanceStatistics({ days: [T0], equityMinor: [1000], netDepositsMinor: [1000], startEquityMinor: null, startNetDepositsMinor: null }, []);
    assert.equal(stats.totalReturn, null);
    assert.equal(stats.sharpe, null);
    assert.equal(stats.winRate, null);
    assert.equal(stats.maxDrawdown, 0);
  });
});
