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
// the account value is zero or negative.

import { minorToNumber } from './money.js';
import type { RoundTrip } from './round-trips.js';

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

/** The drawdown fraction at each bar. */
export function drawdownCurve(initialMinor: number, equityMinor: Float64Array): Float64Array {
  const out = new Float64Array(equityMinor.length);
  let peak = initialMinor;
  for (let i = 0; i < equityMinor.length; i++) {
    const value = equityMinor[i]!;
    if (value > peak) peak = value;
    out[i] = peak > 0 ? 1 - value / peak : 0;
  }
  return out;
}

/** Computes the statistics (see the module comment for definitions). */
export function computeStatistics(input: StatisticsInput): Statistics {
  const { initialMinor, equityMinor, timestamps, trades, periodsPerYear: P, moneyDecimals } = input;
  const n = equityMinor.length;
  const finalMinor = n > 0 ? equityMinor[n - 1]! : initialMinor;
  const rf = Math.pow(1 + (input.riskFreeRate ?? 0), 1 / P) - 1;

  let sum = 0;
  let valid = initialMinor > 0;
  for (let i = 0; i < n && valid; i++) {
    const previous = i === 0 ? initialMinor : equityMinor[i - 1]!;
    if (previous <= 0) valid = false;
    else sum += equityMinor[i]! / previous - 1;
  }
  let volatility: number | null = null;
  let sharpe: number | null = null;
  let sortino: number | null = null;
  if (valid && n >= 2) {
    const mean = sum / n;
    let squares = 0;
    let downside = 0;
    for (let i = 0; i < n; i++) {
      const r = equityMinor[i]! / (i === 0 ? initialMinor : equityMinor[i - 1]!) - 1;
      squares += (r - mean) * (r - mean);
      const excess = r - rf;
      if (excess < 0) downside += excess * excess;
    }
    const stdev = Math.sqrt(squares / (n - 1));
    const excessMean = mean - rf;
    volatility = stdev * Math.sqrt(P);
    sharpe = stdev > 0 ? (excessMean / stdev) * Math.sqrt(P) : null;
    const downsideDeviation = Math.sqrt(downside / n);
    sortino = downsideDeviation > 0 ? (excessMean / downsideDeviation) * Math.sqrt(P) : null;
  }

  const growth = finalMinor / initialMinor;
  const totalReturn = growth - 1;
  const annualReturn = n === 0 || initialMinor <= 0 ? null : growth <= 0 ? -1 : Math.pow(growth, P / n) - 1;

  const drawdown = input.drawdown ?? drawdownCurve(initialMinor, equityMinor);
  let maxDrawdown = 0;
  let longestBars = 0;
  let longestMs = 0;
  let runStart = -1;
  for (let i = 0; i <= n; i++) {
    const under = i < n && drawdown[i]! > 0;
    if (i < n && drawdown[i]! > maxDrawdown) maxDrawdown = drawdown[i]!;
    if (under && runStart < 0) runStart = i;
    if (!under && runStart >= 0) {
      const bars = i - runStart;
      if (bars > longestBars) {
        longestBars = bars;
        // From the last bar at the peak (the first bar when the run starts there) to the recovery bar.
        longestMs = timestamps[Math.min(i, n - 1)]! - timestamps[Math.max(runStart - 1, 0)]!;
      }
      runStart = -1;
    }
  }

  let wins = 0;
  let losses = 0;
  let grossWin = 0;
  let grossLoss = 0;
  let net = 0;
  let best = -Infinity;
  let worst = Infinity;
  let held = 0;
  for (const trade of trades) {
    net += trade.pnlMinor;
    held += trade.bars;
    best = Math.max(best, trade.pnlMinor);
    worst = Math.min(worst, trade.pnlMinor);
    if (trade.pnlMinor > 0) {
      wins++;
      grossWin += trade.pnlMinor;
    } else if (trade.pnlMinor < 0) {
      losses++;
      grossLoss -= trade.pnlMinor;
    }
  }
  const count = trades.length;
  const money = (minor: number): number => minorToNumber(minor, moneyDecimals);
  const iso = (t: number | undefined): string | null => (t === undefined ? null : new Date(t).toISOString());
  return {
    bars: n,
    start: iso(n > 0 ? timestamps[0] : undefined),
    end: iso(n > 0 ? timestamps[n - 1] : undefined),
    periodsPerYear: P,
    initialValue: money(initialMinor),
    finalValue: money(finalMinor),
    totalReturn,
    annualReturn: valid ? annualReturn : null,
    volatility,
    sharpe,
    sortino,
    maxDrawdown,
    maxDrawdownDurationBars: longestBars,
    maxDrawdownDurationDays: longestMs / DAY_MS,
    calmar: valid && annualReturn !== null && maxDrawdown > 0 ? annualReturn / maxDrawdown : null,
    closedTrades: count,
    winningTrades: wins,
    losingTrades: losses,
    winRate: count > 0 ? wins / count : null,
    profitFactor: grossLoss > 0 ? grossWin / grossLoss : null,
    expectancy: count > 0 ? money(net) / count : null,
    bestTrade: count > 0 ? money(best) : null,
    worstTrade: count > 0 ? money(worst) : null,
    averageBarsHeld: count > 0 ? held / count : null,
    exposure: n > 0 ? input.exposedBars / n : 0,
  };
}
