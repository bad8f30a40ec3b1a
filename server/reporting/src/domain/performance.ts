// Performance statistics of an account over a period, from the portfolio's valuations (equity =
// cash + market value, exact minor units) and its closing fills. The valuations are resampled to
// one point per UTC calendar day (the last valuation at or before the day's end, carried forward
// over days without one), so P = 365 periods a year. Deposits are not performance: each day's
// return removes the day's net deposit change F_i (assumed to arrive at the day's end):
//   r_i = (V_i - F_i) / V_{i-1} - 1, and the time-weighted index I_i = I_{i-1} (1 + r_i), I_0 = 1.
// The definitions then follow server/strategy's statistics (docs/strategies.md):
//   total return = I_n - 1; annual return = I_n^(P / n) - 1
//   volatility = stdev(r) sqrt(P) (sample stdev); Sharpe = mean(r - rf) / stdev(r) sqrt(P)
//   Sortino = mean(r - rf) / sqrt(mean(min(0, r - rf)^2)) sqrt(P), rf = (1 + annual rf)^(1/P) - 1
//   drawdown_i = 1 - I_i / max(I_0..I_i); duration = longest run of days under water
//   Calmar = annual return / max drawdown
//   trades = closing fills: net = realised P&L - fee; win rate, profit factor, expectancy.
// These are analytics, so floats; money totals in the summary stay integer minor units. Ratios
// that would divide by zero are null, as are return statistics once the value reaches zero.
// The formulas are @kestrel/shared's statistics module, which the backtester uses too; this
// module only builds the deposit-adjusted daily returns and index they are applied to.
import { annualisedReturn, drawdownCurve, returnStatistics, summariseDrawdown, tradeStatistics } from '@kestrel/shared';
import type { ValuationRow } from './portfolio-rows.js';

const DAY_MS = 86_400_000;
/** Calendar days a year: the resampled series has a point every day. */
export const PERIODS_PER_YEAR = 365;

/** The daily series of the period. */
export interface DailySeries {
  /** Start of each UTC day (epoch ms). */
  days: number[];
  equityMinor: number[];
  netDepositsMinor: number[];
  /** Value and deposits at the period start (before the first day), when known. */
  startEquityMinor: number | null;
  startNetDepositsMinor: number | null;
}

/** The statistics of a period. */
export interface PerformanceStatistics {
  days: number;
  totalReturn: number | null;
  annualReturn: number | null;
  volatility: number | null;
  sharpe: number | null;
  sortino: number | null;
  maxDrawdown: number;
  maxDrawdownDays: number;
  calmar: number | null;
  closedTrades: number;
  winRate: number | null;
  profitFactor: number | null;
  /** Mean net P&L per closing fill, minor units (fractional). */
  expectancyMinor: number | null;
  /** Time-weighted index and drawdown per day, for the charts. */
  index: number[];
  drawdown: number[];
}

/** Resamples valuations (oldest first) to one point per UTC day in [fromMs, toMs). */
export function dailySeries(valuations: readonly ValuationRow[], fromMs: number, toMs: number): DailySeries {
  const series: DailySeries = { days: [], equityMinor: [], netDepositsMinor: [], startEquityMinor: null, startNetDepositsMinor: null };
  let next = 0;
  let equity: number | null = null;
  let deposits: number | null = null;
  while (next < valuations.length && valuations[next]!.at.getTime() < fromMs) {
    equity = valuations[next]!.equityMinor;
    deposits = valuations[next]!.netDepositsMinor;
    next++;
  }
  series.startEquityMinor = equity;
  series.startNetDepositsMinor = deposits;
  for (let day = Math.floor(fromMs / DAY_MS) * DAY_MS; day < toMs; day += DAY_MS) {
    const end = Math.min(day + DAY_MS, toMs);
    while (next < valuations.length && valuations[next]!.at.getTime() < end) {
      equity = valuations[next]!.equityMinor;
      deposits = valuations[next]!.netDepositsMinor;
      next++;
    }
    if (equity === null || deposits === null) continue;
    series.days.push(day);
    series.equityMinor.push(equity);
    series.netDepositsMinor.push(deposits);
  }
  return series;
}

/** Computes the statistics (see the module comment); `tradesNetMinor` = net P&L per closing fill. */
export function performanceStatistics(series: DailySeries, tradesNetMinor: readonly number[], riskFreeRate = 0): PerformanceStatistics {
  const P = PERIODS_PER_YEAR;
  // The base: the value before the period, else the first day (whose return is then not counted).
  const hasStart = series.startEquityMinor !== null;
  let previousValue = hasStart ? series.startEquityMinor! : (series.equityMinor[0] ?? 0);
  let previousDeposits = hasStart ? series.startNetDepositsMinor! : (series.netDepositsMinor[0] ?? 0);
  const returns: number[] = [];
  const index: number[] = [];
  let level = 1;
  let valid = true;
  for (let i = 0; i < series.days.length; i++) {
    const value = series.equityMinor[i]!;
    const flow = series.netDepositsMinor[i]! - previousDeposits;
    if (i > 0 || hasStart) {
      if (previousValue <= 0) valid = false;
      if (valid) {
        const r = (value - flow) / previousValue - 1;
        returns.push(r);
        level *= 1 + r;
      }
    }
    index.push(valid ? level : Number.NaN);
    previousValue = value;
    previousDeposits = series.netDepositsMinor[i]!;
  }

  const n = returns.length;
  const dispersion = valid ? returnStatistics(returns, P, riskFreeRate) : null;
  const totalReturn = valid && n > 0 ? level - 1 : null;
  const annualReturn = totalReturn === null ? null : annualisedReturn(level, n, P);

  const drawdown = drawdownCurve(1, index);
  const { maxDrawdown, longestRun } = summariseDrawdown(drawdown);
  const trades = tradeStatistics(tradesNetMinor);
  return {
    days: series.days.length,
    totalReturn,
    annualReturn,
    volatility: dispersion?.volatility ?? null,
    sharpe: dispersion?.sharpe ?? null,
    sortino: dispersion?.sortino ?? null,
    maxDrawdown,
    maxDrawdownDays: longestRun,
    calmar: annualReturn !== null && maxDrawdown > 0 ? annualReturn / maxDrawdown : null,
    closedTrades: trades.trades,
    winRate: trades.winRate,
    profitFactor: trades.profitFactor,
    expectancyMinor: trades.expectancy,
    index,
    drawdown: Array.from(drawdown),
  };
}
