import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { MarketTicksMessage } from '@kestrel/shared';
import { mergeItems, routeMarketTicks, routingKeyOf } from './routing-keys.js';

type Levels = [number, number][];
const delta = (bids: Levels, asks: Levels, timeMicros = 1) => ({ kind: 'book-delta', symbol: 'A', source: 's', timeMicros, bids, asks, updateId: null });
const snapshot = (bids: Levels, asks: Levels) => ({ kind: 'book-snapshot', symbol: 'A', source: 's', timeMicros: 0, bids, asks, updateId: null, depthLimit: null });

/** Applies deltas to a book one by one, the way a client does (0 removes a level). */
function applyAll(book: Map<number, number>, levels: Levels): void {
  for (const [price, quantity] of levels) {
    if (quantity === 0) book.delete(price);
    else book.set(price, quantity);
  }
}

describe('routing keys', () => {
  it('binds own-data kinds to the authenticated user and market kinds to the symbol', () => {
    assert.equal(routingKeyOf('orders', { userId: 'u1', symbol: 'AAPL' }), 'orders:u1');
    assert.equal(routingKeyOf('bars', { userId: 'u1', symbol: 'AAPL', interval: '1m' }), 'bars:AAPL:1m');
    assert.equal(routingKeyOf('book', { userId: 'u1', symbol: 'AAPL' }), 'book:AAPL');
  });

  it('routes each event of a market.ticks message and skips replays', () => {
    const message: MarketTicksMessage = {
      symbol: 'A',
      replayId: null,
      events: [
        { kind: 'trade', symbol: 'A', source: 's', timeMicros: 1, priceTicks: 5, quantityLots: 1, aggressor: null, tradeId: 't1' },
        { kind: 'status', symbol: 'A', source: 's', timeMicros: 2, state: 'stale', reason: null },
      ],
      bars: [],
      gaps: [],
    };
    assert.deepEqual(routeMarketTicks(message).map((item) => [item.routingKey, item.conflationKey]), [
      ['trades:A', null],
      ['quotes:A', null],
      ['book:A', null],
      ['trades:A', null],
    ]);
    assert.deepEqual(routeMarketTicks({ ...message, replayId: 'r' }), []);
  });
});

describe('mergeItems', () => {
  it('merging consecutive book deltas gives the same book as applying them one by one', () => {
    const level = fc.tuple(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 5 }));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.array(level, { maxLength: 6 }), fc.array(level, { maxLength: 6 })), { minLength: 1, maxLength: 10 }), (deltas) => {
        const oneByOne = { bids: new Map<number, number>(), asks: new Map<number, number>() };
        let merged: unknown = null;
        for (const [bids, asks] of deltas) {
          // A delta names each price once (the market-data normaliser guarantees it).
          const b = [...new Map(bids)] as Levels;
          const a = [...new Map(asks)] as Levels;
          applyAll(oneByOne.bids, b);
          applyAll(oneByOne.asks, a);
          merged = merged === null ? delta(b, a) : mergeItems(merged, delta(b, a));
        }
        const result = { bids: new Map<number, number>(), asks: new Map<number, number>() };
        applyAll(result.bids, (merged as { bids: Levels }).bids);
        applyAll(result.asks, (merged as { asks: Levels }).asks);
        assert.deepEqual(result, oneByOne);
      }),
    );
  });

  it('applies a delta onto a queued snapshot and drops emptied levels', () => {
    const merged = mergeItems(snapshot([[10, 1], [9, 2]], [[11, 1]]), delta([[10, 0], [8, 4]], [[12, 3]], 5)) as { kind: string; bids: Levels; asks: Levels; timeMicros: number };
    assert.equal(merged.kind, 'book-snapshot');
    assert.deepEqual(merged.bids, [[9, 2], [8, 4]]);
    assert.deepEqual(merged.asks, [[11, 1], [12, 3]]);
    assert.equal(merged.timeMicros, 5);
  });

  it('lets a newer snapshot or quote replace the queued one', () => {
    const newer = snapshot([[1, 1]], []);
    assert.equal(mergeItems(delta([[2, 2]], []), newer), newer);
    assert.deepEqual(mergeItems({ kind: 'quote', bid: 1 }, { kind: 'quote', bid: 2 }), { kind: 'quote', bid: 2 });
  });
});
