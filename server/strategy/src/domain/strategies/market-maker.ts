// A market-making example: quotes a bid and an ask `halfSpread` ticks around a reference price
// (the last bar's close, or the book's mid in book runs), skewed against inventory by `skew`
// ticks per `size` lots held, and stops quoting the side that would take the position beyond
// `maxPosition` lots. Quotes are GTC limit orders cancelled and re-posted on every bar / book
// update, so on bar data they are filled by the limit touch/through fill model during the next
// bar. Inventory is not flattened at the end; the run values it at the last price.

import { defineParams, defineStrategy, type StrategyContext, type ParamValues } from '@kestrel/shared';

const params = defineParams({
  halfSpread: { type: 'integer', default: 2, min: 1, description: 'Ticks between the reference price and each quote' },
  size: { type: 'integer', default: 1, min: 1, description: 'Lots per quote' },
  maxPosition: { type: 'integer', default: 10, min: 1, description: 'Largest absolute inventory in lots' },
  skew: { type: 'integer', default: 1, min: 0, description: 'Ticks the quotes move against each `size` lots of inventory' },
});

type Params = ParamValues<typeof params>;

/** Cancels the previous quotes and posts new ones around `reference` (ticks). */
function requote(ctx: StrategyContext<Params>, reference: number): void {
  ctx.cancelAll();
  const { halfSpread, size, maxPosition, skew } = ctx.params;
  const position = ctx.position();
  const shift = Math.trunc(position / size) * skew;
  const bid = reference - halfSpread - shift;
  const ask = reference + halfSpread - shift;
  if (position + size <= maxPosition && bid > 0) ctx.buy(size, { limitPriceTicks: bid, postOnly: true });
  if (position - size >= -maxPosition) ctx.sell(size, { limitPriceTicks: ask, postOnly: true });
}

/** The market-making example strategy. */
export const marketMaker = defineStrategy({
  name: 'market-maker',
  description: 'Quote a bid and an ask around the last price with inventory skew and limits (limit orders).',
  params,
  checkParams: (p) => (p.maxPosition < p.size ? [`maxPosition (${p.maxPosition}) must be at least size (${p.size})`] : []),
  warmupBars: () => 1,
  create: () => ({
    onBar(ctx, bar) {
      requote(ctx, bar.ticks.close);
    },
    onBook(ctx, book) {
      const bid = book.bids[0];
      const ask = book.asks[0];
      if (bid === undefined || ask === undefined) return;
      requote(ctx, Math.floor((bid[0] + ask[0]) / 2));
    },
  }),
});
