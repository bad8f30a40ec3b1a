// SMA crossover, long only: buys `size` lots when the fast SMA crosses above the slow one while
// flat, and closes the position when it crosses below. A cross is a change in the sign of
// (fast - slow) from the last non-zero sign seen since both averages exist: a bar where the
// averages are exactly equal is neither a cross nor a reset, so "above, equal, below" is one cross
// down. The comparison is exact: each SMA is its window's sum of integer tick prices (an integer,
// so no running-sum drift and equal windows give equal values) over its period, and
// fast - slow has the sign of sumFast x slow - sumSlow x fast, computed in integers. Why not
// compare the float means: two different windows can have exactly the same mean, and two
// separately rounded quotients need not then be the same double. Orders are market orders; with
// the next-open fill model a signal at bar t trades at bar t+1's open.

import { defineParams, defineStrategy, type IndicatorHandle, type MarketBar } from '@kestrel/shared';

const params = defineParams({
  fast: { type: 'integer', default: 10, min: 1, max: 100_000, description: 'Fast SMA period (bars)' },
  slow: { type: 'integer', default: 30, min: 1, max: 100_000, description: 'Slow SMA period (bars)' },
  size: { type: 'integer', default: 1, min: 1, description: 'Lots bought on a cross up' },
});

/** The sum of the last `period` close prices in ticks (NaN until there are `period`), exact. */
function windowSum(period: number): (bar: MarketBar) => number {
  const window = new Float64Array(period);
  let next = 0;
  let count = 0;
  let sum = 0;
  return (bar) => {
    const ticks = bar.ticks.close;
    sum += ticks - window[next]!;
    window[next] = ticks;
    next = next + 1 === period ? 0 : next + 1;
    return ++count >= period ? sum : NaN;
  };
}

/** The sign of a / p - b / q for integers, exactly. */
function compareMeans(a: number, p: number, b: number, q: number): number {
  const left = a * q;
  const right = b * p;
  if (Math.abs(left) < Number.MAX_SAFE_INTEGER && Math.abs(right) < Number.MAX_SAFE_INTEGER) return Math.sign(left - right);
  const difference = BigInt(a) * BigInt(q) - BigInt(b) * BigInt(p);
  return difference > 0n ? 1 : difference < 0n ? -1 : 0;
}

/** The SMA crossover strategy. */
export const smaCross = defineStrategy({
  name: 'sma-cross',
  description: 'Buy size lots when the fast SMA crosses above the slow SMA while flat; close when it crosses below.',
  params,
  warmupBars: (p) => Math.max(p.fast, p.slow),
  create: () => {
    let fast: IndicatorHandle;
    let slow: IndicatorHandle;
    let lastSign = 0;
    return {
      onStart(ctx) {
        fast = ctx.track(windowSum(ctx.params.fast));
        slow = ctx.track(windowSum(ctx.params.slow));
      },
      onBar(ctx) {
        const f = fast.value;
        const s = slow.value;
        if (f !== f || s !== s) return; // NaN: a window is not full yet
        const sign = compareMeans(f, ctx.params.fast, s, ctx.params.slow);
        if (sign === 0) return;
        const previous = lastSign;
        lastSign = sign;
        if (previous === 0 || previous === sign) return;
        const position = ctx.position();
        if (sign > 0 && position === 0) ctx.buy(ctx.params.size);
        else if (sign < 0 && position > 0) ctx.sell(position);
      },
    };
  },
});
