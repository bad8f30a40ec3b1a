// Return statistics of a series of period returns r_i (fractions), shared by the backtester
// (server/strategy, one return per bar) and reporting (server/reporting, one per calendar day) so
// both quote the same figures for the same series. Definitions (docs/strategies.md):
//   rf = (1 + annual rf)^(1/P) - 1 per period, P = periods per year
//   volatility = stdev(r) sqrt(P) (sample stdev, n - 1); Sharpe = mean(r - rf) / stdev(r) sqrt(P)
//   Sortino = mean(r - rf) / sqrt(mean(min(0, r - rf)^2)) sqrt(P)
//   annual return = growth^(P / n) - 1 (-1 once the growth is zero or negative)
// These are analytics, so floats. A ratio that would divide by zero is null (JSON has no Infinity);
// under two returns the dispersion statistics are null. Known limit: the mean is a plain running
// sum, so series of millions of tiny returns lose the last digits (irrelevant at report precision).

/** The dispersion statistics of a return series. */
export interface ReturnStatistics {
  /** Returns counted. */
  periods: number;
  /** Mean period return, null without returns. */
  mean: number | null;
  volatility: number | null;
  sharpe: number | null;
  sortino: number | null;
}

/** The per-period rate of an annual risk-free rate (0.02 = 2 % a year) over P periods a year. */
export function perPeriodRate(annualRate: number, periodsPerYear: number): number {
  return Math.pow(1 + annualRate, 1 / periodsPerYear) - 1;
}

/** Volatility, Sharpe and Sortino of `returns` (see the module comment). */
export function returnStatistics(returns: ArrayLike<number>, periodsPerYear: number, annualRiskFreeRate = 0): ReturnStatistics {
  const n = returns.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += returns[i]!;
  const mean = n > 0 ? sum / n : null;
  if (mean === null || n < 2) return { periods: n, mean, volatility: null, sharpe: null, sortino: null };
  const rf = perPeriodRate(annualRiskFreeRate, periodsPerYear);
  let squares = 0;
  let downside = 0;
  for (let i = 0; i < n; i++) {
    const r = returns[i]!;
    squares += (r - mean) * (r - mean);
    const excess = r - rf;
    if (excess < 0) downside += excess * excess;
  }
  const root = Math.sqrt(periodsPerYear);
  const stdev = Math.sqrt(squares / (n - 1));
  const downsideDeviation = Math.sqrt(downside / n);
  return {
    periods: n,
    mean,
    volatility: stdev * root,
    sharpe: stdev > 0 ? ((mean - rf) / stdev) * root : null,
    sortino: downsideDeviation > 0 ? ((mean - rf) / downsideDeviation) * root : null,
  };
}

/** Compound annual return of a growth factor (final / initial) reached in `periods` periods; null without periods. */
export function annualisedReturn(growth: number, periods: number, periodsPerYear: number): number | null {
  if (periods === 0) return null;
  return growth <= 0 ? -1 : Math.pow(growth, periodsPerYear / periods) - 1;
}
