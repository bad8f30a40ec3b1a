// SMA crossover, long only: buys `size` lots when the fast SMA crosses above the slow one while
// flat, and closes the position when it crosses below. A cross is a change in the sign of
// (fast - slow) from the last non-zero sign seen since both averages exist: a bar where the
// averages are exactly equal is neither a cross nor a reset, so "above, equal, below" is one cross
// down. The SMAs are exact (equal windows give identical values), so fast = slow never trades.
// Orders are market orders; with the next-open fill model a signal at bar t trades at bar t+1's
// open.

import { defineParams, defineStrategy, type IndicatorHandle } from '@kestrel/shared';

const params = defineParams({
  fast: { type: 'integer', default: 10, min: 1, max: 100_000, description: 'Fast SMA period (bars)' },
  slow: { type: 'integer', default: 30, min: 1, max: 100_000, description: 'Slow SMA period (bars)' },
  size: { type: 'integer', default: 1, min: 1, description: 'Lots bought on a cross up' },
});

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
        fast = ctx.sma(ctx.params.fast);
        slow = ctx.sma(ctx.params.slow);
      },
      onBar(ctx) {
        const f = fast.value;
        const s = slow.value;
        if (f !== f || s !== s) return; // NaN: an average is still in its lookback
        const sign = f > s ? 1 : f < s ? -1 : 0;
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
