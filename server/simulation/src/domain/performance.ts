// Performance analytics of an account from its P&L series (the portfolio's equity per bucket).
// Returns are time-weighted so that funding does not count as performance: the return of period t
// is (equity_t − equity_{t−1} − (netDeposits_t − netDeposits_{t−1})) / equity_{t−1}. Statistics
// are ratios (floats, never on the money path); money fields stay integer minor units.
// Annualisation uses calendar time (the simulation venue trades around the clock): a bucket of
// `intervalMs` gives 365.25 × 86,400,000 / intervalMs periods per year; Sharpe assumes a zero
// risk-free rate. Known limits: a period starting from zero or negative equity has no defined
// return and is skipped (counted in `skippedPeriods`). The formulas are @kestrel/shared's statistics
// module (the backtester's and reporting's too); a period's return counts as a "trade" there, so the
// win rate is the share of periods with a positive return.
import { drawdownCurve, returnStatistics, summariseDrawdown, tradeStatistics, type PnlPoint } from '@kestrel/shared';

/** The statistics of one series. */
export interface PerformanceReport {
  periods: number;
  skippedPeriods: number;
  startEquityMinor: number | null;
  endEquityMinor: number | null;
  totalPnlMinor: number;
  /** Compounded time-weighted return over the series (0.05 = +5 %). */
  totalReturn: number;
  /** Largest fall of the compounded wealth index from a previous peak (0.1 = −10 %). */
  maxDrawdown: number;
  /** Sample standard deviation of period returns, annualised. */
  volatility: number | null;
  /** Mean period return / its standard deviation × √(periods per year); null under two returns or zero spread. */
  sharpe: number | null;
  /** Share of periods with a positive return. */
  winRate: number | null;
  bestPeriodReturn: number | null;
  worstPeriodReturn: number | null;
}

const YEAR_MS = 365.25 * 86_400_000;

/** Statistics of `points` (oldest first) sampled every `intervalMs`. */
export function performanceOf(points: readonly PnlPoint[], intervalMs: number, totalPnlMinor: number): PerformanceReport {
  const returns: number[] = [];
  let skipped = 0;
  for (let i = 1; i < points.length; i++) {
    const before = points[i - 1]!;
    const after = points[i]!;
    if (before.equityMinor <= 0) {
      skipped++;
      continue;
    }
    const flow = after.netDepositsMinor - before.netDepositsMinor;
    returns.push((after.equityMinor - before.equityMinor - flow) / before.equityMinor);
  }
  const wealth: number[] = [];
  let level = 1;
  for (const r of returns) wealth.push((level *= 1 + r));
  const { maxDrawdown } = summariseDrawdown(drawdownCurve(1, wealth));
  const n = returns.length;
  const dispersion = returnStatistics(returns, YEAR_MS / intervalMs);
  const periods = tradeStatistics(returns);
  return {
    periods: n,
    skippedPeriods: skipped,
    startEquityMinor: points[0]?.equityMinor ?? null,
    endEquityMinor: points.at(-1)?.equityMinor ?? null,
    totalPnlMinor,
    totalReturn: level - 1,
    maxDrawdown,
    volatility: dispersion.volatility,
    sharpe: dispersion.sharpe,
    winRate: periods.winRate,
    bestPeriodReturn: periods.best,
    worstPeriodReturn: periods.worst,
  };
}
