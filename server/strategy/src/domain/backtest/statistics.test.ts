// Statistics against independent, straightforward formulas written here from their textbook
// definitions (array maps and reductions, not the module's single-pass loops), on random equity
// curves and on hand-made cases with known answers.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RoundTrip } from './round-trips.js';
import { seededRandom } from './seeded-random.js';
import { computeStatistics, drawdownCurve, inferPeriodsPerYear } from './statistics.js';

const DAY = 86_400_000;

function close(actual: number | null, expected: number | null, what: string): void {
  if (expected === null || actual === null) {
    assert.equal(actual, expected, what);
    return;
  }
  assert.ok(Math.abs(actual - expected) <= 1e-12 * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs ${expected}`);
}

function trade(pnlMinor: number, bars = 1): RoundTrip {
  return { symbol: 'X', direction: 'long', entryTime: 0, exitTime: 1, quantityLots: 1, entryPriceTicks: 1, exitPriceTicks: 1, grossPnlMinor: pnlMinor, commissionMinor: 0, pnlMinor, returnFraction: 0, bars, maeMinor: 0, mfeMinor: 0, fills: 2 };
}

/** The reference: every statistic from its definition. */
function reference(initial: number, equity: number[], times: number[], trades: RoundTrip[], P: number, riskFree: number) {
  const values = [initial, ...equity];
  const returns = equity.map((v, i) => v / values[i]! - 1);
  const n = returns.length;
  const mean = returns.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(returns.map((r) => (r - mean) ** 2).reduce((a, b) => a + b, 0) / (n - 1));
  const rf = (1 + riskFree) ** (1 / P) - 1;
  const downside = Math.sqrt(returns.map((r) => Math.min(0, r - rf) ** 2).reduce((a, b) => a + b, 0) / n);
  const peaks = equity.map((_, i) => Math.max(initial, ...equity.slice(0, i + 1)));
  const drawdowns = equity.map((v, i) => 1 - v / peaks[i]!);
  const maxDrawdown = Math.max(0, ...drawdowns);
  let longest = 0;
  let longestDays = 0;
  for (let i = 0; i < n; i++) {
    if (drawdowns[i]! <= 0 || (i > 0 && drawdowns[i - 1]! > 0)) continue;
    let j = i;
    while (j < n && drawdowns[j]! > 0) j++;
    if (j - i > longest) {
      longest = j - i;
      longestDays = (times[Math.min(j, n - 1)]! - times[Math.max(i - 1, 0)]!) / DAY;
    }
  }
  const growth = equity[n - 1]! / initial;
  const annual = growth ** (P / n) - 1;
  const pnls = trades.map((t) => t.pnlMinor);
  const wins = pnls.filter((p) => p > 0);
  const losses = pnls.filter((p) => p < 0);
  return {
    totalReturn: growth - 1,
    annualReturn: annual,
    volatility: sd * Math.sqrt(P),
    sharpe: ((mean - rf) / sd) * Math.sqrt(P),
    sortino: downside > 0 ? ((mean - rf) / downside) * Math.sqrt(P) : null,
    maxDrawdown,
    maxDrawdownDurationBars: longest,
    maxDrawdownDurationDays: longestDays,
    calmar: maxDrawdown > 0 ? annual / maxDrawdown : null,
    winRate: pnls.length ? wins.length / pnls.length : null,
    profitFactor: losses.length ? wins.reduce((a, b) => a + b, 0) / -losses.reduce((a, b) => a + b, 0) : null,
    expectancy: pnls.length ? pnls.reduce((a, b) => a + b, 0) / 100 / pnls.length : null,
  };
}

test('random equity curves: every statistic equals its reference formula', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    const random = seededRandom(seed);
    const n = 50 + Math.floor(random() * 500);
    const initial = 1_000_000;
    const equity: number[] = [];
    let value = initial;
    for (let i = 0; i < n; i++) {
      value = Math.max(1, Math.round(value * (1 + (random() - 0.49) * 0.04)));
      equity.push(value);
    }
    const times = equity.map((_, i) => (19_000 + i + 2 * Math.floor(i / 5)) * DAY);
    const trades = Array.from({ length: 20 }, () => trade(Math.round((random() - 0.45) * 10_000)));
    const riskFree = seed === 3 ? 0.03 : 0;
    const stats = computeStatistics({
      initialMinor: initial,
      equityMinor: Float64Array.from(equity),
      timestamps: Float64Array.from(times),
      trades,
      exposedBars: 7,
      periodsPerYear: 252,
      riskFreeRate: riskFree,
      moneyDecimals: 2,
    });
    const expected = reference(initial, equity, times, trades, 252, riskFree);
    for (const [key, value] of Object.entries(expected)) close(stats[key as keyof typeof stats] as number | null, value, `seed ${seed} ${key}`);
    assert.equal(stats.exposure, 7 / n);
    assert.equal(stats.finalValue, equity[n - 1]! / 100);
    assert.equal(stats.closedTrades, 20);
  }
});

test('hand-made curve: 100 -> 110 -> 99 -> 99 -> 121', () => {
  const stats = computeStatistics({
    initialMinor: 10_000,
    equityMinor: Float64Array.from([11_000, 9_900, 9_900, 12_100]),
    timestamps: Float64Array.from([1, 2, 3, 4].map((d) => d * DAY)),
    trades: [trade(1_000), trade(-500), trade(0)],
    exposedBars: 2,
    periodsPerYear: 4,
    moneyDecimals: 2,
  });
  close(stats.totalReturn, 0.21, 'total');
  close(stats.annualReturn, 0.21, 'annual over exactly P periods');
  close(stats.maxDrawdown, 0.1, 'drawdown 110 -> 99');
  assert.equal(stats.maxDrawdownDurationBars, 2);
  assert.equal(stats.maxDrawdownDurationDays, 3, 'from the peak on day 1 to the recovery on day 4');
  close(stats.winRate, 1 / 3, 'a zero trade is not a win');
  close(stats.profitFactor, 2, 'profit factor');
  close(stats.expectancy, 5 / 3, 'expectancy in currency');
  assert.equal(stats.bestTrade, 10);
  assert.equal(stats.worstTrade, -5);
});

test('undefined ratios are null: flat curve, no trades, no losses', () => {
  const stats = computeStatistics({ initialMinor: 100, equityMinor: Float64Array.from([100, 100, 100]), timestamps: Float64Array.from([1, 2, 3]), trades: [trade(5)], exposedBars: 0, periodsPerYear: 252, moneyDecimals: 2 });
  assert.equal(stats.sharpe, null);
  assert.equal(stats.sortino, null);
  assert.equal(stats.calmar, null);
  assert.equal(stats.profitFactor, null);
  assert.equal(stats.maxDrawdown, 0);
  const none = computeStatistics({ initialMinor: 100, equityMinor: new Float64Array(0), timestamps: new Float64Array(0), trades: [], exposedBars: 0, periodsPerYear: 252, moneyDecimals: 2 });
  assert.equal(none.winRate, null);
  assert.equal(none.expectancy, null);
  assert.equal(none.finalValue, 1);
});

test('drawdown curve and periods per year', () => {
  assert.deepEqual(Array.from(drawdownCurve(100, Float64Array.from([90, 120, 60, 120]))), [0.09999999999999998, 0, 0.5, 0]);
  const daily = Array.from({ length: 30 }, (_, i) => (19_002 + i + 2 * Math.floor(i / 5)) * DAY);
  assert.equal(inferPeriodsPerYear(daily), 252);
  assert.equal(inferPeriodsPerYear(Array.from({ length: 30 }, (_, i) => (19_000 + i) * DAY)), 365, 'weekend bars: 365');
  const minutes = Array.from({ length: 780 }, (_, i) => 19_000 * DAY + Math.floor(i / 390) * DAY + (i % 390) * 60_000);
  assert.equal(inferPeriodsPerYear(minutes), 252 * 390);
  assert.equal(inferPeriodsPerYear(Array.from({ length: 10 }, (_, i) => i * 7 * DAY)), 52);
  assert.equal(inferPeriodsPerYear(Array.from({ length: 10 }, (_, i) => i * 30 * DAY)), 12);
});
