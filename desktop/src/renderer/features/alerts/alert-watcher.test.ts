import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rsi } from '@kestrel/shared';
import type { BarInterval } from '@kestrel/shared';
import type { Bar } from '../../api/market-data-api.js';
import type { MarketFeed, QuoteSnapshot } from '../market/market-feed.js';
import type { PollResult } from '../market/poller.js';
import type { AlertRule } from './alert-rule.js';
import { AlertWatcher, barsNeeded, indicatorValue, mergeBars } from './alert-watcher.js';

const bar = (minute: number, close: number): Bar => ({
  time: new Date(Date.UTC(2026, 10, 24, 10, minute)).toISOString(),
  open: close,
  high: close,
  low: close,
  close,
  volumeLots: 1,
  tradeCount: 1,
  vwapNumerator: null,
  origin: 'trades',
  complete: true,
});

/** A feed the test pushes values into (the real feeds poll REST or read the WebSocket). */
class PushFeed implements MarketFeed {
  readonly quotes = new Map<string, Set<(result: PollResult<QuoteSnapshot>) => void>>();
  readonly bars = new Map<string, Set<(result: PollResult<Bar[]>) => void>>();
  watchQuote(symbol: string, listener: (result: PollResult<QuoteSnapshot>) => void) {
    const set = this.quotes.get(symbol) ?? new Set();
    this.quotes.set(symbol, set.add(listener));
    return () => set.delete(listener);
  }
  watchBars(symbol: string, interval: BarInterval, listener: (result: PollResult<Bar[]>) => void) {
    const key = `${symbol}:${interval}`;
    const set = this.bars.get(key) ?? new Set();
    this.bars.set(key, set.add(listener));
    return () => set.delete(listener);
  }
  watchTrades(): () => void {
    throw new Error('not used');
  }
  watchBook(): () => void {
    throw new Error('not used');
  }
  stop() {}
  last(symbol: string, last: number | null) {
    const value: QuoteSnapshot = { symbol, last, bid: null, ask: null, previousClose: null, sparkline: [], volumeLots: null, time: null };
    for (const listener of this.quotes.get(symbol) ?? []) listener({ ok: true, value });
  }
  liveBars(symbol: string, interval: BarInterval, bars: Bar[]) {
    for (const listener of this.bars.get(`${symbol}:${interval}`) ?? []) listener({ ok: true, value: bars });
  }
}

const priceRule = (id: string, condition: AlertRule['condition'], threshold: number, once = true): AlertRule => ({
  id,
  symbol: 'AAPL',
  subject: { kind: 'last' },
  condition,
  threshold,
  once,
  armed: true,
  lastFired: null,
});

function setup(history: Bar[] = []) {
  const feed = new PushFeed();
  const fired: Array<[string, number]> = [];
  const watcher = new AlertWatcher({ feed: () => feed, history: async () => history }, (rule, value) => fired.push([rule.id, value]));
  return { feed, fired, watcher };
}

describe('AlertWatcher on the last price', () => {
  it('fires on crossings, shares one subscription per symbol, and skips quotes without a trade', () => {
    const { feed, fired, watcher } = setup();
    watcher.sync([priceRule('up', 'crosses-above', 105), priceRule('down', 'at-or-below', 95)]);
    assert.equal(feed.quotes.get('AAPL')?.size, 1, 'one subscription for both rules');
    feed.last('AAPL', null);
    feed.last('AAPL', 100);
    feed.last('AAPL', 106);
    feed.last('AAPL', 94);
    assert.deepEqual(fired, [
      ['up', 106],
      ['down', 94],
    ]);
  });

  it('a rule added while the market is already beyond its level fires at once (at-or-*), a crossing rule waits', () => {
    const { feed, fired, watcher } = setup();
    watcher.sync([priceRule('first', 'crosses-above', 500)]);
    feed.last('AAPL', 120);
    watcher.sync([priceRule('first', 'crosses-above', 500), priceRule('now', 'at-or-above', 110), priceRule('cross', 'crosses-above', 110)]);
    assert.deepEqual(fired, [['now', 120]]);
  });

  it('releases subscriptions of disarmed and removed rules', () => {
    const { feed, watcher } = setup();
    watcher.sync([priceRule('a', 'at-or-above', 1)]);
    assert.equal(feed.quotes.get('AAPL')?.size, 1);
    watcher.sync([{ ...priceRule('a', 'at-or-above', 1), armed: false }]);
    assert.equal(feed.quotes.get('AAPL')?.size, 0);
    watcher.sync([priceRule('a', 'at-or-above', 1)]);
    watcher.stop();
    assert.equal(feed.quotes.get('AAPL')?.size, 0);
  });
});

describe('AlertWatcher on indicators', () => {
  it('computes RSI over history merged with live bars, equal to the shared library, and fires on the cross', async () => {
    // Falling closes: RSI is 0; then a run of rises lifts it through 30.
    const history = Array.from({ length: 20 }, (_, i) => bar(i, 200 - i));
    const { feed, fired, watcher } = setup(history);
    const rule: AlertRule = { ...priceRule('rsi', 'crosses-above', 30), subject: { kind: 'indicator', indicator: 'rsi', period: 5, interval: '1m' } };
    watcher.sync([rule]);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(fired, [], 'RSI 0 on the history');
    const live = [bar(20, 183), bar(21, 186)];
    feed.liveBars('AAPL', '1m', live);
    const expected = rsi([...history, ...live].map((each) => each.close), { period: 5 });
    assert.equal(fired.length, 1);
    assert.equal(fired[0]![0], 'rsi');
    assert.equal(fired[0]![1], expected[expected.length - 1]);
    assert.ok(fired[0]![1] >= 30);
  });

  it('the forming bar replaces itself; too few bars are no observation', () => {
    const series = mergeBars([bar(0, 1), bar(1, 2)], [bar(1, 3), bar(2, 4), bar(0, 9)], 10);
    assert.deepEqual(series.map((each) => each.close), [1, 3, 4], 'same time replaces, newer appends, older is ignored');
    assert.deepEqual(mergeBars(series, [bar(3, 5)], 2).map((each) => each.close), [4, 5], 'trimmed to keep');
    assert.ok(Number.isNaN(indicatorValue('sma', 5, [bar(0, 1), bar(1, 2)])));
    assert.equal(indicatorValue('sma', 2, [bar(0, 1), bar(1, 2), bar(2, 4)]), 3);
    assert.equal(barsNeeded(14), 70);
    assert.equal(barsNeeded(1000), 2000);
  });
});
