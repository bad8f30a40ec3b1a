import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Instrument } from '@kestrel/shared';
import { normaliseEvents } from './normalise.js';

const known = (symbol: string) => (symbol === 'AAPL' ? ({ symbol } as Instrument) : undefined);
const trade = { kind: 'trade', symbol: 'AAPL', source: 'sim', timeMicros: 1, priceTicks: 100, quantityLots: 1, aggressor: null, tradeId: 't' };

describe('normalising ingest events', () => {
  it('accepts valid events and sorts book levels best first', () => {
    const { events, rejected } = normaliseEvents(
      [
        trade,
        { kind: 'book-snapshot', symbol: 'AAPL', source: 'sim', timeMicros: 2, bids: [[1, 1], [3, 1]], asks: [[9, 2], [5, 1]], updateId: null, depthLimit: null },
      ],
      known,
    );
    assert.deepEqual(rejected, []);
    assert.deepEqual(events[1], { kind: 'book-snapshot', symbol: 'AAPL', source: 'sim', timeMicros: 2, bids: [[3, 1], [1, 1]], asks: [[5, 1], [9, 2]], updateId: null, depthLimit: null });
  });

  it('rejects each bad event by index with a stable code and keeps the rest', () => {
    const { events, rejected } = normaliseEvents(
      [
        { ...trade, priceTicks: 1.5 },
        { ...trade, symbol: 'MSFT' },
        { ...trade, quantityLots: 0 },
        null,
        { kind: 'book-delta', symbol: 'AAPL', source: 'sim', timeMicros: 2, bids: [[1, 0], [1, 2]], asks: [], updateId: null },
        { kind: 'book-snapshot', symbol: 'AAPL', source: 'sim', timeMicros: 2, bids: [[1, 0]], asks: [], updateId: null, depthLimit: null },
        { ...trade, extra: true },
        trade,
      ],
      known,
    );
    assert.equal(events.length, 1);
    assert.deepEqual(
      rejected.map((r) => [r.index, r.code]),
      [
        [0, 'MARKET_EVENT_INVALID'],
        [1, 'MARKET_INSTRUMENT_NOT_FOUND'],
        [2, 'MARKET_EVENT_INVALID'],
        [3, 'MARKET_EVENT_INVALID'],
        [4, 'MARKET_EVENT_INVALID'],
        [5, 'MARKET_EVENT_INVALID'],
        [6, 'MARKET_EVENT_INVALID'],
      ],
    );
    assert.match(rejected[4]!.message, /price 1 twice/);
    assert.match(rejected[5]!.message, /quantity 0 in a snapshot/);
  });
});
