import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { snapshotPath } from './snapshot-source.js';

describe('snapshotPath', () => {
  it('reads a live symbol from the market-data history routes', () => {
    assert.equal(snapshotPath({ type: 'subscribe', id: 'a', channel: 'trades', symbol: 'AAPL' }), '/v1/market-data/trades?symbol=AAPL&order=desc&limit=50');
    assert.equal(snapshotPath({ type: 'subscribe', id: 'a', channel: 'bars', symbol: 'BRK.B', interval: '1m' }), '/v1/market-data/bars?symbol=BRK.B&interval=1m&order=desc&limit=1');
  });

  it('reads a replay session symbol from the simulation service, with the same query', () => {
    assert.equal(snapshotPath({ type: 'subscribe', id: 'a', channel: 'trades', symbol: 'AAPL.R1A2B3C4D' }), '/v1/replay-market-data/trades?symbol=AAPL.R1A2B3C4D&order=desc&limit=50');
    assert.equal(snapshotPath({ type: 'subscribe', id: 'a', channel: 'quotes', symbol: 'AAPL.R1A2B3C4D' }), '/v1/replay-market-data/quotes?symbol=AAPL.R1A2B3C4D&order=desc&limit=1');
    assert.equal(snapshotPath({ type: 'subscribe', id: 'a', channel: 'bars', symbol: 'AAPL.R1A2B3C4D', interval: '5m' }), '/v1/replay-market-data/bars?symbol=AAPL.R1A2B3C4D&interval=5m&order=desc&limit=1');
    assert.equal(snapshotPath({ type: 'subscribe', id: 'a', channel: 'book', symbol: 'AAPL.R1A2B3C4D' }), '/v1/market-data/book/AAPL.R1A2B3C4D');
  });
});
