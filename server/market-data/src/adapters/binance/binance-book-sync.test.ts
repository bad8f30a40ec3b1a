// Binance's "How to manage a local order book correctly" procedure, step by step.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BinanceBookSync, type DepthDiff } from './binance-book-sync.js';

const diff = (U: number, u: number, bids: [number, number][] = [], asks: [number, number][] = []): DepthDiff => ({ firstUpdateId: U, finalUpdateId: u, timeMicros: u, bids, asks });

describe('BinanceBookSync', () => {
  it('buffers until a snapshot, drops buffered events the snapshot covers and applies the bridging one', () => {
    const sync = new BinanceBookSync();
    assert.deepEqual(sync.onDiff(diff(100, 102, [[1, 9]])), { kind: 'buffered', first: true });
    assert.deepEqual(sync.onDiff(diff(103, 106, [[2, 5]])), { kind: 'buffered', first: false });
    const outcome = sync.onSnapshot({ lastUpdateId: 104, bids: [[1, 1]], asks: [[10, 1]] });
    assert.deepEqual(outcome, { kind: 'synced', updateId: 106, bids: [[2, 5], [1, 1]], asks: [[10, 1]], appliedBuffered: 1 });
    assert.equal(sync.synced, true);
  });

  it('asks for a new snapshot when the snapshot is older than the first buffered event (step 4)', () => {
    const sync = new BinanceBookSync();
    sync.onDiff(diff(100, 101));
    assert.deepEqual(sync.onSnapshot({ lastUpdateId: 99, bids: [], asks: [] }), { kind: 'too-old', lastUpdateId: 99, firstBufferedU: 100 });
    assert.equal(sync.synced, false);
    assert.equal(sync.onSnapshot({ lastUpdateId: 100, bids: [], asks: [] }).kind, 'synced');
  });

  it('treats a snapshot before any event as too old (it cannot be checked yet)', () => {
    assert.equal(new BinanceBookSync().onSnapshot({ lastUpdateId: 5, bids: [], asks: [] }).kind, 'too-old');
  });

  it('applies continuous events, ignores old ones and detects a gap (U > book id + 1)', () => {
    const sync = new BinanceBookSync();
    sync.onDiff(diff(10, 10));
    sync.onSnapshot({ lastUpdateId: 10, bids: [], asks: [] });
    assert.equal(sync.onDiff(diff(11, 12, [[5, 1]])).kind, 'applied');
    assert.equal(sync.onDiff(diff(8, 11)).kind, 'ignored');
    assert.equal(sync.onDiff(diff(12, 13)).kind, 'applied', 'an overlapping event is applied (absolute quantities)');
    assert.deepEqual(sync.onDiff(diff(15, 16)), { kind: 'gap', bookId: 13, firstUpdateId: 15 });
    assert.equal(sync.synced, false, 'the book is discarded');
    assert.equal(sync.updateId, 0);
    // Starting over: the gap event is the first buffered one, so a snapshot at 16 is fine.
    assert.equal(sync.onSnapshot({ lastUpdateId: 16, bids: [], asks: [] }).kind, 'synced');
  });

  it('reports a gap inside the buffered events after the snapshot', () => {
    const sync = new BinanceBookSync();
    sync.onDiff(diff(100, 105));
    sync.onDiff(diff(110, 111));
    assert.deepEqual(sync.onSnapshot({ lastUpdateId: 103, bids: [], asks: [] }), { kind: 'gap', bookId: 105, firstUpdateId: 110 });
    assert.equal(sync.synced, false);
  });
});
