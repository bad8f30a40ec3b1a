// Donchian channel breakout (turtle style): buys `size` lots when the close exceeds the highest
// high of the previous `entry` bars, and exits when the close falls below the lowest low of the
// previous `exit` bars; with `short`, the mirror image. "Previous" excludes the current bar, so
// the channel is the one known before the bar (the indicator's value one bar back).

import { defineParams, defineStrategy, type IndicatorHandle } from '@kestrel/shared';

const params = defineParams({
  entry: { type: 'integer', default: 20, min: 2, max: 100_000, description: 'Breakout channel length (bars)' },
  exit: { type: 'integer', default: 10, min: 2, max: 100_000, description: 'Exit channel length (bars)' },
  short: { type: 'boolean', default: false, description: 'Also trade downside breakouts short' },
  size: { type: 'integer', default: 1, min: 1, description: 'Lots per entry' },
});

/** The Donchian breakout strategy. */
export const donchianBreakout = defineStrategy({
  name: 'breakout',
  description: 'Enter on a close beyond the prior N-bar high (low); exit on a close beyond the prior M-bar low (high).',
  params,
  warmupBars: (p) => Math.max(p.entry, p.exit) + 1,
  create: () => {
    let entryHigh: IndicatorHandle;
    let entryLow: IndicatorHandle;
    let exitHigh: IndicatorHandle;
    let exitLow: IndicatorHandle;
    return {
      onStart(ctx) {
        entryHigh = ctx.highest(ctx.params.entry);
        entryLow = ctx.lowest(ctx.params.entry);
        exitHigh = ctx.highest(ctx.params.exit);
        exitLow = ctx.lowest(ctx.params.exit);
      },
      onBar(ctx, bar) {
        if (ctx.openOrders().length > 0) return;
        const position = ctx.position();
        const close = bar.close;
        if (position === 0) {
          if (close > entryHigh.previous) ctx.buy(ctx.params.size);
          else if (ctx.params.short && close < entryLow.previous) ctx.sell(ctx.params.size);
        } else if (position > 0 && close < exitLow.previous) {
          ctx.closePosition();
        } else if (position < 0 && close > exitHigh.previous) {
          ctx.closePosition();
        }
      },
    };
  },
});
