import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HttpClient } from '../../api/http-client.js';
import { MarketDataApi, type Bar, type BarHistory } from '../../api/market-data-api.js';
import { BarColumns } from './bar-columns.js';
import { HistoryPager, MIN_PREFETCH_BARS, nearOldest } from './history-pager.js';

const MINUTE = 60_000;
const START = Date.UTC(2024, 0, 2, 9, 30);

const bar = (i: number): Bar => {
  const close = 10_000 + ((i * 37) % 101) - 50 + Math.floor(i / 7);
  return { time: new Date(START + i * MINUTE).toISOString(), open: close - 3, high: close + 9, low: close - 8, close, volumeLots: 100 + (i % 13), tradeCount: null, vwapNumerator: null, origin: 'import', complete: true };
};

/**
 * The bars route's contract (docs/market-data.md, server/market-data history-routes.ts) over an
 * in-memory history: `order=desc` pages newest first after the cursor's time, and `nextCursor` is
 * set whenever a page is full (so a history that ends exactly on a page boundary answers one more,
 * empty page). Counts the requests.
 */
function barsService(history: Bar[]) {
  const requests: Array<Record<string, string>> = [];
  const doFetch = (input: RequestInfo | URL): Promise<Response> => {
    const url = new URL(String(input), 'http://suite.test');
    const query = Object.fromEntries(url.searchParams);
    requests.push(query);
    assert.equal(url.pathname, '/v1/market-data/bars');
    assert.equal(query['order'], 'desc');
    const limit = Number(query['limit']);
    const before = query['cursor'] === undefined ? Infinity : Date.parse(Buffer.from(query['cursor'], 'base64url').toString());
    const page = history.filter((each) => Date.parse(each.time) < before).reverse().slice(0, limit);
    const last = page[page.length - 1];
    const body = { symbol: 'X', interval: '1m', bars: page, gaps: [], nextCursor: page.length === limit && last ? Buffer.from(last.time).toString('base64url') : null };
    return Promise.resolve(new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } }));
  };
  return { api: new MarketDataApi(new HttpClient('', doFetch)), requests };
}

/** A pager over `api` that prepends each page into `columns`. */
function pagerOver(api: MarketDataApi, start: BarHistory, columns: BarColumns, pageBars: number) {
  const statuses: string[] = [];
  const pager = new HistoryPager((cursor, count, signal) => api.olderBars('X', '1m', cursor, count, signal), start.olderCursor, {
    pageBars,
    onPage: (page) => columns.prepend(page),
    onStatus: (status) => statuses.push(status),
  });
  return { pager, statuses };
}

describe('history paging', () => {
  it('pages back from the newest bars to the start of history, each bar once, in order', async () => {
    const history = Array.from({ length: 2_350 }, (_, i) => bar(i));
    const { api, requests } = barsService(history);
    const start = await api.latestHistory('X', '1m', 1_000);
    assert.deepEqual(start.bars, history.slice(-1_000));
    assert.notEqual(start.olderCursor, null);
    const columns = BarColumns.fromApiBars(start.bars, '0.01');
    const { pager, statuses } = pagerOver(api, start, columns, 600);
    while (pager.status === 'more') await pager.request();
    assert.equal(pager.status, 'complete');
    assert.equal(pager.pages, 3, '600 + 600 + 150 bars');
    assert.equal(columns.length, history.length);
    assert.deepEqual([...columns.time.subarray(0, columns.length)], history.map((each) => Date.parse(each.time) / 1000));
    assert.deepEqual(statuses, ['loading', 'more', 'loading', 'more', 'loading', 'complete']);
    const before = requests.length;
    assert.equal(pager.request(), null, 'no request after the start of history');
    assert.equal(requests.length, before);
  });

  it('loads every bar exactly once for any history length around the page boundaries', async () => {
    const first = 50;
    const page = 40;
    for (const total of [1, first - 1, first, first + 1, first + page - 1, first + page, first + page + 1, first + 3 * page, first + 3 * page + 7]) {
      const history = Array.from({ length: total }, (_, i) => bar(i));
      const { api, requests } = barsService(history);
      const start = await api.latestHistory('X', '1m', first);
      const columns = BarColumns.fromApiBars(start.bars, '0.01');
      const { pager } = pagerOver(api, start, columns, page);
      while (pager.status === 'more') await pager.request();
      assert.equal(pager.status, 'complete', `${total} bars`);
      assert.deepEqual([...columns.time.subarray(0, columns.length)], history.map((each) => Date.parse(each.time) / 1000), `${total} bars`);
      // One request per page, plus one empty page when the older history is a whole number of pages.
      const older = Math.max(0, total - first);
      const expected = 1 + (total < first ? 0 : Math.floor(older / page) + 1);
      assert.equal(requests.length, expected, `${total} bars: requests`);
    }
  });

  it('stops at an empty page when the history ends exactly on a page boundary', async () => {
    const history = Array.from({ length: 1_200 }, (_, i) => bar(i));
    const { api, requests } = barsService(history);
    const start = await api.latestHistory('X', '1m', 600);
    const columns = BarColumns.fromApiBars(start.bars, '0.01');
    const { pager } = pagerOver(api, start, columns, 600);
    await pager.request();
    assert.equal(pager.status, 'more', 'a full page leaves a cursor');
    await pager.request();
    assert.equal(pager.status, 'complete');
    assert.equal(columns.length, 1_200);
    assert.equal(requests.length, 3);
  });

  it('is complete from the start when the first load holds the whole history', async () => {
    const { api, requests } = barsService(Array.from({ length: 300 }, (_, i) => bar(i)));
    const start = await api.latestHistory('X', '1m', 1_000);
    assert.equal(start.bars.length, 300);
    assert.equal(start.olderCursor, null);
    const { pager } = pagerOver(api, start, BarColumns.fromApiBars(start.bars, '0.01'), 500);
    assert.equal(pager.status, 'complete');
    assert.equal(pager.request(), null);
    assert.equal(requests.length, 1);
  });

  it('runs one request at a time: a burst of scroll frames costs one fetch', async () => {
    const history = Array.from({ length: 3_000 }, (_, i) => bar(i));
    const { api, requests } = barsService(history);
    const start = await api.latestHistory('X', '1m', 1_000);
    const columns = BarColumns.fromApiBars(start.bars, '0.01');
    const { pager } = pagerOver(api, start, columns, 500);
    const first = pager.request();
    const burst = Array.from({ length: 20 }, () => pager.request());
    assert.ok(first);
    assert.ok(burst.every((each) => each === first), 'the running request is shared');
    assert.equal(pager.status, 'loading');
    await first;
    assert.equal(requests.length, 2, 'the first load and one older page');
    assert.equal(columns.length, 1_500);
  });

  it('drops a page arriving after dispose (a new symbol or interval) and aborts the fetch', async () => {
    let seen: AbortSignal | null = null;
    let answer: (page: BarHistory) => void = () => undefined;
    const pages: Bar[][] = [];
    const pager = new HistoryPager(
      (_cursor, _count, signal) => {
        seen = signal;
        return new Promise<BarHistory>((resolve) => (answer = resolve));
      },
      'cursor',
      { pageBars: 100, onPage: (page) => pages.push(page) },
    );
    const running = pager.request();
    pager.dispose();
    assert.equal((seen as AbortSignal | null)?.aborted, true);
    answer({ bars: [bar(1)], olderCursor: 'older' });
    await running;
    assert.deepEqual(pages, []);
    assert.equal(pager.request(), null);
  });

  it('retries a failed page only after the retry delay', async () => {
    let now = 1_000;
    let calls = 0;
    const pager = new HistoryPager(
      () => {
        calls += 1;
        return calls === 1 ? Promise.reject(new Error('MARKET_UNAVAILABLE')) : Promise.resolve({ bars: [bar(5)], olderCursor: null });
      },
      'cursor',
      { pageBars: 100, onPage: () => undefined, retryMs: 5_000, now: () => now },
    );
    await pager.request();
    assert.equal(pager.status, 'error');
    assert.equal(pager.error, 'MARKET_UNAVAILABLE');
    now += 4_999;
    assert.equal(pager.request(), null, 'too soon');
    now += 1;
    await pager.request();
    assert.equal(calls, 2);
    assert.equal(pager.status, 'complete');
    assert.equal(pager.error, null);
  });

  it('asks for older bars when fewer than a screen (at least MIN_PREFETCH_BARS) lie left of the view', () => {
    assert.equal(nearOldest(MIN_PREFETCH_BARS - 1, 100), true);
    assert.equal(nearOldest(MIN_PREFETCH_BARS, 100), false);
    assert.equal(nearOldest(2_999, 3_000), true, 'a zoomed-out view prefetches a screen ahead');
    assert.equal(nearOldest(3_000, 3_000), false);
    assert.equal(nearOldest(-1, 50), true, 'scrolled past the oldest bar');
  });
});
