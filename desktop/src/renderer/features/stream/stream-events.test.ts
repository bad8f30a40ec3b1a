import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Book } from '../../api/market-data-api.js';
import { applyBookEvent, barOfLive, tradeOfEvent } from './stream-events.js';

const book: Book = { symbol: 'AAPL', source: 'sim', time: '2026-01-02T14:30:00.000Z', feedState: 'live', feedStateReason: null, crossed: false, bids: [[100, 5], [99, 7]], asks: [[101, 3], [103, 1]] };

describe('stream events', () => {
  it('applies absolute level changes and keeps both sides sorted', () => {
    const next = applyBookEvent(book, { kind: 'book-delta', symbol: 'AAPL', source: 'sim', timeMicros: 1_767_364_201_000_000, bids: [[100, 0], [98, 4], [99, 9]], asks: [[102, 2]] });
    assert.deepEqual(next.bids, [[99, 9], [98, 4]]);
    assert.deepEqual(next.asks, [[101, 3], [102, 2], [103, 1]]);
    assert.equal(next.time, '2026-01-02T14:30:01.000Z');
    assert.equal(next.crossed, false);
  });

  it('replaces the book on a snapshot event and flags a crossed book', () => {
    const next = applyBookEvent(book, { kind: 'book-snapshot', symbol: 'AAPL', source: 'sim', timeMicros: 0, bids: [[105, 1]], asks: [[104, 1]] });
    assert.deepEqual(next.bids, [[105, 1]]);
    assert.deepEqual(next.asks, [[104, 1]]);
    assert.equal(next.crossed, true);
    assert.deepEqual(applyBookEvent(null, { kind: 'book-delta', symbol: 'MSFT', source: 'sim', timeMicros: 0, bids: [[1, 1]], asks: [] }).bids, [[1, 1]]);
  });

  it('converts trades and live bars to the REST shapes', () => {
    assert.deepEqual(tradeOfEvent({ kind: 'trade', symbol: 'AAPL', source: 'sim', timeMicros: 1_767_364_200_123_456, priceTicks: 19000, quantityLots: 5, aggressor: 'buy', tradeId: 't1' }), {
      time: '2026-01-02T14:30:00.123Z',
      priceTicks: 19000,
      quantityLots: 5,
      aggressor: 'buy',
      tradeId: 't1',
      source: 'sim',
    });
    const bar = barOfLive({ symbol: 'AAPL', interval: '1m', startMicros: 1_767_364_200_000_000, open: 1, high: 3, low: 1, close: 2, volumeLots: 10, tradeCount: 4, vwapNumerator: '20', final: false });
    assert.equal(bar.time, '2026-01-02T14:30:00.000Z');
    assert.equal(bar.complete, false);
    assert.equal(bar.close, 2);
  });
});
