// Drawdown of a value series (account values or a wealth index) from its running peak, shared by
// the backtester and reporting. drawdown_i = 1 - V_i / max(V_start, V_0..V_i); a run under water
// is a stretch of consecutive points with drawdown > 0. NaN points (a series whose value is no
// longer defined) have NaN drawdown and end a run without starting one. Invariant: every defined
// drawdown is in [0, 1] while values stay positive.

/** The worst drawdown and the longest run under water of a drawdown curve. */
export interface DrawdownSummary {
  /** Largest drawdown fraction (0 when never under water). */
  maxDrawdown: number;
  /** Points in the longest run under water (the first one when several tie). */
  longestRun: number;
  /** Index of that run's first point, -1 when there is none. */
  longestRunStart: number;
}

/** The drawdown fraction at each point, from the running peak that starts at `startValue`. */
export function drawdownCurve(startValue: number, values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length);
  let peak = startValue;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (value > peak) peak = value;
    out[i] = peak > 0 ? 1 - value / peak : 0;
  }
  return out;
}

/** The maximum drawdown and the longest run under water of `drawdown`. */
export function summariseDrawdown(drawdown: ArrayLike<number>): DrawdownSummary {
  const n = drawdown.length;
  let maxDrawdown = 0;
  let longestRun = 0;
  let longestRunStart = -1;
  let runStart = -1;
  for (let i = 0; i <= n; i++) {
    const value = i < n ? drawdown[i]! : 0;
    if (value > maxDrawdown) maxDrawdown = value;
    const under = value > 0;
    if (under && runStart < 0) runStart = i;
    if (!under && runStart >= 0) {
      if (i - runStart > longestRun) {
        longestRun = i - runStart;
        longestRunStart = runStart;
      }
      runStart = -1;
    }
  }
  return { maxDrawdown, longestRun, longestRunStart };
}
