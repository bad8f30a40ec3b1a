// RSI mean reversion: buys `size` lots when the RSI closes below `oversold` while flat and sells
// when it closes above `exit`; with `short` enabled, also sells short above `overbought` and
// covers below (100 - exit). Market orders. Uses Wilder's RSI exactly as TA-Lib computes it.

import { defineParams, defineStrategy, type IndicatorHandle } from '@kestrel/shared';

const params = defineParams({
  period: { type: 'integer', default: 14, min: 2, max: 100_000, description: 'RSI period (bars)' },
  oversold: { type: 'number', default: 30, min: 0, max: 100, description: 'Enter long below this RSI' },
  overbought: { type: 'number', default: 70, min: 0, max: 100, description: 'Enter short above this RSI (with short)' },
  exit: { type: 'number', default: 50, min: 0, max: 100, description: 'Exit a long above this RSI (a short below 100 - exit)' },
  short: { type: 'boolean', default: false, description: 'Also trade the overbought side short' },
  size: { type: 'integer', default: 1, min: 1, description: 'Lots per entry' },
});

/** The RSI mean-reversion strategy. */
export const rsiMeanReversion = defineStrategy({
  name: 'rsi-mean-reversion',
  description: 'Buy when RSI < oversold, exit when RSI > exit; optionally short when RSI > overbought.',
  params,
  checkParams: (p) => [
    ...(p.oversold >= p.overbought ? [`oversold (${p.oversold}) must be below overbought (${p.overbought})`] : []),
    ...(p.exit <= p.oversold ? [`exit (${p.exit}) must be above oversold (${p.oversold})`] : []),
  ],
  warmupBars: (p) => p.period + 1,
  create: () => {
    let rsi: IndicatorHandle;
    return {
      onStart(ctx) {
        rsi = ctx.rsi(ctx.params.period);
      },
      onBar(ctx) {
        if (!rsi.ready || ctx.openOrders().length > 0) return;
        const { oversold, overbought, exit, short, size } = ctx.params;
        const value = rsi.value;
        const position = ctx.position();
        if (position === 0) {
          if (value < oversold) ctx.buy(size);
          else if (short && value > overbought) ctx.sell(size);
        } else if (position > 0 && value > exit) {
          ctx.closePosition();
        } else if (position < 0 && value < 100 - exit) {
          ctx.closePosition();
        }
      },
    };
  },
});
