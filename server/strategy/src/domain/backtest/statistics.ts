// Performance statistics of a run, from its equity curve (account value at each bar close, exact
// minor units) and its closed trades. These are analytics, so they are floats; the values they
// are computed from are exact. Definitions (docs/strategies.md has them with formulas):
//   returns r_i = V_i / V_{i-1} - 1 over the n bars, with V_{-1} = the initial cash
//   total return = V_final / V_initial - 1; annual return = (V_final / V_initial)^(P / n) - 1
//   volatility = stdev(r) sqrt(P) (sample stdev, n - 1); Sharpe = mean(r - rf) / stdev(r) sqrt(P)
//   Sortino = mean(r - rf) / sqrt(mean(min(0, r - rf)^2)) sqrt(P)
//   drawdown_i = 1 - V_i / max(V_initial, V_0..V_i); max drawdown = max_i drawdown_i
//   drawdown duration = the longest run of consecutive bars with drawdown > 0, in bars, and in
//   calendar days from the last bar at the peak before it to the bar that recovers (or the last bar)
//   Calmar = annual return / max drawdown; win rate = trades with net P&L > 0 / closed trades
//   profit factor = Σ net P&L of winners / |Σ net P&L of losers|; expectancy = mean net P&L
//   exposure = bars ending with an open position / bars
// where P = periods per year and rf the per-period risk-free rate (1 + annual)^(1/P) - 1.
// Ratios that would divide by zero are null (JSON has no Infinity), as are return statistics once
// the account value is zero or negative. The formulas themselves live in @kestrel/shared's
// statistics module, which reporting uses too; this module maps a bar run onto them.

import { annualisedReturn, drawdownCurve, returnStatistics, summariseDrawdown, tradeStatistics } from '@kestrel/shared';
import { minorToNumber } from './money.js';
import type { RoundTrip } from './round-trips.js';

export { drawdownCurve };

/** What the statistics are computed from. */
export interface StatisticsInput {
  initialMinor: number;
  /** Account value at each bar close, minor units. */
  equityMinor: Float64Array;
  /** drawdownCurve(initialMinor, equityMinor), when the caller already has it. */
  drawdown?: Float64Array;
  timestamps: Float64Array;
  /** Closed trades. */
  trades: readonly RoundTrip[];
  /** Bars that ended with an open position. */
  exposedBars: number;
  periodsPerYear: number;
  /** Annual risk-free rate as a fraction (0.02 = 2 %); default 0. */
  riskFreeRate?: number;
  moneyDecimals: number;
}

/** The statistics of a run (fractions, not percentages; money in currency units). */
export interface Statistics {
  bars: number;
  start: string | null;
  end: string | null;
  periodsPerYear: number;
  initialValue: number;
  finalValue: number;
  totalReturn: number;
  annualReturn: number | null;
  volatility: number | null;
  sharpe: number | null;
  sortino: number | null;
  maxDrawdown: number;
  maxDrawdownDurationBars: number;
  maxDrawdownDurationDays: number;
  calmar: number | null;
  closedTrades: number;
  winningTrades: number;
  losingTrades: number;
  winRate: number | null;
  profitFactor: number | null;
  expectancy: number | null;
  bestTrade: number | null;
  worstTrade: number | null;
  averageBarsHeld: number | null;
  exposure: number;
}

const DAY_MS = 86_400_000;
const TRADING_DAYS = 252;

/**
 * Periods per year of a bar series: 252 x bars per trading day (distinct UTC dates) for intraday
 * bars; 252 for daily bars (365 when weekends carry bars, e.g. crypto); 52 weekly; 12 monthly.
 * The kind is decided by the median spacing between bars.
 */
export function inferPeriodsPerYear(timestamps: ArrayLike<number>): number {
  const n = timestamps.length;
  if (n < 2) return TRADING_DAYS;
  // The median of at most ~10,000 evenly spread spacings: exact for short series, O(n) for long ones.
  const stride = Math.max(1, Math.floor((n - 1) / 10_000));
  const spacings: number[] = [];
  for (let i = 1; i < n; i += stride) spacings.push(timestamps[i]! - timestamps[i - 1]!);
  spacings.sort((a, b) => a - b);
  const median = spacings[Math.floor(spacings.length / 2)]!;
  if (median < DAY_MS) {
    let days = 1;
    for (let i = 1; i < n; i++) if (Math.floor(timestamps[i]! / DAY_MS) !== Math.floor(timestamps[i - 1]! / DAY_MS)) days++;
    return TRADING_DAYS * (n / days);
  }
  if (median < 5 * DAY_MS) {
    for (let i = 0; i < n; i++) {
      const weekday = (Math.floor(timestamps[i]! / DAY_MS) + 4) % 7;
      if (weekday === 0 || weekday === 6) return 365;
    }
    return TRADING_DAYS;
  }
  return median < 25 * DAY_MS ? 52 : 12;
}

/** Computes the statistics (see the module comment for definitions). */
export function computeStatistics(input: StatisticsInput): Statistics {
  const { initialMinor, equityMinor, timestamps, trades, periodsPerYear: P, moneyDecimals } = input;
  const n = equityMinor.length;
  const finalMinor = n > 0 ? equityMinor[n - 1]! : initialMinor;

  let valid = initialMinor > 0;
  const returns = new Float64Array(n);
  for (let i = 0; i < n && valid; i++) {
    const previous = i === 0 ? initialMinor : equityMinor[i - 1]!;
    if (previous <= 0) valid = false;
    else returns[i] = equityMinor[i]! / previous - 1;
  }
  const dispersion = valid ? returnStatistics(returns, P, input.riskFreeRate ?? 0) : null;

  const growth = finalMinor / initialMinor;
  const annualReturn = initialMinor <= 0 ? null : annualisedReturn(growth, n, P);

  const drawdown = summariseDrawdown(input.drawdown ?? drawdownCurve(initialMinor, equityMinor));
  const runStart = drawdown.longestRunStart;
  // From the last bar at the peak (the first bar when the run starts there) to the recovery bar.
  const longestMs = runStart < 0 ? 0 : timestamps[Math.min(runStart + drawdown.longestRun, n - 1)]! - timestamps[Math.max(runStart - 1, 0)]!;

  const outcome = tradeStatistics(trades.map((trade) => trade.pnlMinor));
  let held = 0;
  for (const trade of trades) held += trade.bars;
  const count = outcome.trades;
  const money = (minor: number): number => minorToNumber(minor, moneyDecimals);
  const iso = (t: number | undefined): string | null => (t === undefined ? null : new Date(t).toISOString());
  return {
    bars: n,
    start: iso(n > 0 ? timestamps[0] : undefined),
    end: iso(n > 0 ? timestamps[n - 1] : undefined),
    periodsPerYear: P,
    initialValue: money(initialMinor),
    finalValue: money(finalMinor),
    totalReturn: growth - 1,
    annualReturn: valid ? annualReturn : null,
    volatility: dispersion?.volatility ?? null,
    sharpe: dispersion?.sharpe ?? null,
    sortino: dispersion?.sortino ?? null,
    maxDrawdown: drawdown.maxDrawdown,
    maxDrawdownDurationBars: drawdown.longestRun,
    maxDrawdownDurationDays: longestMs / DAY_MS,
    calmar: valid && annualReturn !== null && drawdown.maxDrawdown > 0 ? annualReturn / drawdown.maxDrawdown : null,
    closedTrades: count,
    winningTrades: outcome.winningTrades,
    losingTrades: outcome.losingTrades,
    winRate: outcome.winRate,
    profitFactor: outcome.profitFactor,
    expectancy: count > 0 ? money(outcome.net) / count : null,
    bestTrade: outcome.best === null ? null : money(outcome.best),
    worstTrade: outcome.worst === null ? null : money(outcome.worst),
    averageBarsHeld: count > 0 ? held / count : null,
    exposure: n > 0 ? input.exposedBars / n : 0,
  };
}
