import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LiveBar, MarketTicksMessage } from '@kestrel/shared';
import { KEPT, SessionFeed } from './session-feed.js';

const SYMBOL = 'AAPL.R1A2B3C4D';

function trade(index: number): MarketTicksMessage['events'][number] {
  return { kind: 'trade', symbol: SYMBOL, source: 'import', timeMicros: 1_700_000_000_000_000 + index * 1_000_001, priceTicks: 10_000 + index, quantityLots: 1, aggressor: null, tradeId: `t${index}` };
}

function bar(startMicros: number, close: number, final: boolean): LiveBar {
  return { symbol: SYMBOL, interval: '1m', startMicros, open: 100, high: Math.max(100, close), low: Math.min(100, close), close, volumeLots: 3, tradeCount: 2, vwapNumerator: '300', final };
}

function message(events: MarketTicksMessage['events'], bars: LiveBar[] = []): MarketTicksMessage {
  return { symbol: SYMBOL, replayId: null, events, bars, gaps: [] };
}

describe('SessionFeed', () => {
  it('shows the played trades like /v1/market-data/trades, newest first on desc, at most limit, with µs times', () => {
    const feed = new SessionFeed();
    feed.add(message([trade(0), trade(1)]));
    feed.add(message([trade(2)]));
    const desc = feed.trades(SYMBOL, 'desc', 2);
    assert.deepEqual(desc.trades.map((t) => t.priceTicks), [10_002, 10_001]);
    assert.equal(desc.trades[1]!.time, '2023-11-14T22:13:21.000001Z');
    assert.deepEqual(feed.trades(SYMBOL, 'asc', 10).trades.map((t) => t.tradeId), ['t0', 't1', 't2']);
    assert.equal(desc.nextCursor, null);
  });

  it('keeps at most KEPT trades, the newest', () => {
    const feed = new SessionFeed();
    feed.add(message(Array.from({ length: KEPT + 5 }, (_, index) => trade(index))));
    const all = feed.trades(SYMBOL, 'asc', KEPT);
    assert.equal(all.trades.length, KEPT);
    assert.equal(all.trades[0]!.tradeId, 't5');
  });

  it('replaces a growing bar by its later version and forgets everything on clear', () => {
    const feed = new SessionFeed();
    feed.add(message([], [bar(60_000_000, 101, false)]));
    feed.add(message([], [bar(60_000_000, 102, true), bar(120_000_000, 99, false)]));
    const bars = feed.bars(SYMBOL, '1m', 'trades', 'asc', 10).bars;
    assert.deepEqual(bars.map((b) => [b.time, b.close, b.complete]), [['1970-01-01T00:01:00.000000Z', 102, true], ['1970-01-01T00:02:00.000000Z', 99, false]]);
    assert.deepEqual(feed.bars(SYMBOL, '5m', 'trades', 'asc', 10).bars, []);
    feed.clear();
    assert.deepEqual(feed.bars(SYMBOL, '1m', 'trades', 'asc', 10).bars, []);
    assert.deepEqual(feed.quotes(SYMBOL, 'desc', 1).quotes, []);
  });
});
