// Keyset paging over real PostgreSQL: pages in either direction tile the result exactly (no row
// twice, none missing) even with many rows at the same microsecond; cursors belong to their
// query; bars pages report the absent bars between them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startHarness, type Harness } from './support/harness.js';

const S = 1_000_000;
// 2024-07-02 10:00 EDT, inside the NASDAQ session of the demo instruments.
const T0 = Date.UTC(2024, 6, 2, 14, 0) * 1000;

async function pages(h: Harness, url: string, key: 'trades' | 'bars' | 'quotes'): Promise<{ rows: Record<string, unknown>[]; pages: number; gaps: unknown[] }> {
  const rows: Record<string, unknown>[] = [];
  const gaps: unknown[] = [];
  let cursor: string | null = null;
  let count = 0;
  do {
    const response = await h.call('GET', `${url}${cursor ? `&cursor=${cursor}` : ''}`, { as: h.viewer });
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    rows.push(...body[key]);
    if (body.gaps) gaps.push(...body.gaps);
    cursor = body.nextCursor;
    count++;
  } while (cursor);
  return { rows, pages: count, gaps };
}

describe('history paging', () => {
  let h: Harness;
  const trades: { id: string; time: number }[] = [];
  before(async () => {
    h = await startHarness({ KESTREL_MARKET_DATA_TICK_RETENTION_DAYS: '0', KESTREL_MARKET_DATA_SECOND_BAR_RETENTION_DAYS: '0' });
    const events = [];
    for (let i = 0; i < 1000; i++) {
      // 1000 trades, ten per microsecond-exact time, one time per second over 120 s with seconds 40-59 empty.
      const second = Math.floor(i / 10);
      const time = T0 + (second < 40 ? second : second + 20) * S;
      trades.push({ id: `h${i}`, time });
      events.push({ kind: 'trade', symbol: 'AMZN', source: 'sim', timeMicros: time, priceTicks: 20_000 + (i % 7), quantityLots: 1 + (i % 3), aggressor: null, tradeId: `h${i}` });
    }
    await h.sink.ingest(events);
    await h.call('POST', '/v1/admin/market-data/maintenance', { as: h.admin });
  });
  after(() => h?.close());

  it('pages trades forward in (time, sequence) order with ties, each row exactly once', async () => {
    const { rows, pages: count } = await pages(h, '/v1/market-data/trades?symbol=AMZN&limit=37', 'trades');
    assert.equal(count, Math.ceil(1000 / 37));
    assert.deepEqual(rows.map((row) => row.tradeId), trades.map((trade) => trade.id), 'ingest order is the tie-break');
  });

  it('pages trades backward just as exactly, within a time range', async () => {
    const from = new Date((T0 + 10 * S) / 1000).toISOString();
    const to = new Date((T0 + 20 * S) / 1000).toISOString();
    const { rows } = await pages(h, `/v1/market-data/trades?symbol=AMZN&limit=7&order=desc&from=${from}&to=${to}`, 'trades');
    const expected = trades.filter((trade) => trade.time >= T0 + 10 * S && trade.time < T0 + 20 * S).map((trade) => trade.id).reverse();
    assert.deepEqual(rows.map((row) => row.tradeId), expected);
  });

  it('pages bars and reports the absent seconds between them (never flat bars)', async () => {
    const { rows, gaps } = await pages(h, '/v1/market-data/bars?symbol=AMZN&interval=1s&limit=30', 'bars');
    assert.equal(rows.length, 100);
    assert.ok(rows.every((row) => row.complete === true && row.tradeCount === 10 && row.origin === 'trades'));
    assert.deepEqual(gaps, [{ from: '2024-07-02T14:00:40.000000Z', to: '2024-07-02T14:01:00.000000Z', missingBars: 20 }]);
    const minute = (await h.call('GET', '/v1/market-data/bars?symbol=AMZN&interval=1m', { as: h.viewer })).json();
    assert.deepEqual(minute.bars.map((bar: { tradeCount: number }) => bar.tradeCount), [400, 600]);
    assert.equal(minute.bars[0].volumeLots + minute.bars[1].volumeLots, trades.reduce((sum, _t, i) => sum + 1 + (i % 3), 0));
    const backwards = await pages(h, '/v1/market-data/bars?symbol=AMZN&interval=1s&limit=30&order=desc', 'bars');
    assert.deepEqual(backwards.rows.map((row) => row.time), rows.map((row) => row.time).reverse());
  });

  it('refuses cursors of another query, reversed ranges and oversized pages', async () => {
    const first = (await h.call('GET', '/v1/market-data/trades?symbol=AMZN&limit=5', { as: h.viewer })).json();
    const other = await h.call('GET', `/v1/market-data/trades?symbol=AMZN&limit=5&order=desc&cursor=${first.nextCursor}`, { as: h.viewer });
    assert.equal(other.json().error.code, 'MARKET_CURSOR_INVALID');
    const bars = await h.call('GET', `/v1/market-data/bars?symbol=AMZN&interval=1s&cursor=${first.nextCursor}`, { as: h.viewer });
    assert.equal(bars.json().error.code, 'MARKET_CURSOR_INVALID');
    const reversed = await h.call('GET', '/v1/market-data/trades?symbol=AMZN&from=2024-07-03T00:00:00Z&to=2024-07-02T00:00:00Z', { as: h.viewer });
    assert.equal(reversed.statusCode, 422);
    assert.equal(reversed.json().error.code, 'MARKET_INVALID_RANGE');
    const huge = await h.call('GET', '/v1/market-data/trades?symbol=AMZN&limit=100000', { as: h.viewer });
    assert.equal(huge.json().error.code, 'MARKET_INVALID_RANGE');
    const badInterval = await h.call('GET', '/v1/market-data/bars?symbol=AMZN&interval=2m', { as: h.viewer });
    assert.equal(badInterval.statusCode, 400);
    const unknown = await h.call('GET', '/v1/market-data/trades?symbol=NOPE', { as: h.viewer });
    assert.equal(unknown.json().error.code, 'MARKET_INSTRUMENT_NOT_FOUND');
    const anonymous = await h.call('GET', '/v1/market-data/trades?symbol=AMZN');
    assert.equal(anonymous.json().error.code, 'MARKET_UNAUTHENTICATED');
  });

  it('pages quotes, with one-sided books as null sides', async () => {
    await h.sink.ingest([
      { kind: 'quote', symbol: 'MSFT', source: 'sim', timeMicros: T0, bid: { priceTicks: 100, quantityLots: 5 }, ask: null },
      { kind: 'quote', symbol: 'MSFT', source: 'sim', timeMicros: T0, bid: { priceTicks: 100, quantityLots: 5 }, ask: { priceTicks: 101, quantityLots: 2 } },
      { kind: 'quote', symbol: 'MSFT', source: 'sim', timeMicros: T0 + 1, bid: null, ask: null },
    ]);
    const { rows } = await pages(h, '/v1/market-data/quotes?symbol=MSFT&limit=2', 'quotes');
    assert.deepEqual(rows.map((row) => [row.bid, row.ask]), [
      [{ priceTicks: 100, quantityLots: 5 }, null],
      [{ priceTicks: 100, quantityLots: 5 }, { priceTicks: 101, quantityLots: 2 }],
      [null, null],
    ]);
  });
});
