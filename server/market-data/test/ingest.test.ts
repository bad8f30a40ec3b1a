// The one ingest path end to end on real PostgreSQL: normalise → store (one transaction) → live
// bars → fan-out on market.ticks and market.data; idempotent trades; periodic book snapshots and
// GET /book; the SQL roll-ups equal the domain aggregation; the internal HTTP route; and a failed
// store that fans nothing out.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { BAR_INTERVALS, type EventEnvelope, type MarketDataPayload, type TradeEvent } from '@kestrel/shared';
import { aggregateTrades } from '../src/domain/bar-math.js';
import { L2Book } from '../src/domain/order-book.js';
import { readBars } from '../src/store/bar-store.js';
import { SERVICE_TOKEN, startHarness, type Harness } from './support/harness.js';
import { waitFor } from './support/wait-for.js';

const S = 1_000_000;

describe('ingest sink', () => {
  let h: Harness;
  const topic: EventEnvelope<MarketDataPayload>[] = [];
  before(async () => {
    h = await startHarness({ KESTREL_MARKET_DATA_BOOK_SNAPSHOT_EVERY: '3', KESTREL_MARKET_DATA_TICK_RETENTION_DAYS: '0', KESTREL_MARKET_DATA_SECOND_BAR_RETENTION_DAYS: '0' });
    await h.deps.bus.subscribe('market.data', 'market-data-test', async (event) => void topic.push(event as EventEnvelope<MarketDataPayload>));
  });
  after(() => h?.close());

  const now = () => Math.floor(Date.now() / 1000) * 1000 * 1000;
  const trade = (time: number, id: string, price = 10_000, lots = 1, symbol = 'AAPL'): TradeEvent => ({
    kind: 'trade',
    symbol,
    source: 'sim',
    timeMicros: time,
    priceTicks: price,
    quantityLots: lots,
    aggressor: 'buy',
    tradeId: id,
  });

  it('stores, aggregates and fans out trades, and publishes them with finished bars to market.data', async () => {
    // 10 s into a minute, so the three trades share every bar but the 1s ones.
    const t0 = Math.floor(now() / (60 * S)) * 60 * S + 10 * S;
    const result = await h.sink.ingest([trade(t0, 'a1', 10_000, 2), trade(t0 + 200_000, 'a2', 10_010, 3), trade(t0 + 2 * S, 'a3', 10_005, 1)]);
    assert.deepEqual(result, { accepted: 3, rejected: [] });
    const stored = await h.pool.query("SELECT trade_id, price_ticks::int AS price FROM md_trades WHERE symbol = 'AAPL' ORDER BY ts, seq");
    assert.deepEqual(stored.rows, [
      { trade_id: 'a1', price: 10_000 },
      { trade_id: 'a2', price: 10_010 },
      { trade_id: 'a3', price: 10_005 },
    ]);
    await waitFor(() => h.ticks.some((m) => m.symbol === 'AAPL' && m.events.length === 3), 30_000, 'the market.ticks message');
    const message = h.ticks.find((m) => m.symbol === 'AAPL' && m.events.length === 3)!;
    assert.equal(message.replayId, null);
    assert.deepEqual(message.events.map((e) => (e.kind === 'trade' ? e.tradeId : e.kind)), ['a1', 'a2', 'a3']);
    const finalSecond = message.bars.find((bar) => bar.interval === '1s' && bar.final)!;
    assert.deepEqual(
      { start: finalSecond.startMicros, o: finalSecond.open, h: finalSecond.high, c: finalSecond.close, v: finalSecond.volumeLots, n: finalSecond.tradeCount, num: finalSecond.vwapNumerator },
      { start: t0, o: 10_000, h: 10_010, c: 10_010, v: 5, n: 2, num: String(10_000 * 2 + 10_010 * 3) },
    );
    assert.deepEqual(message.gaps, [{ symbol: 'AAPL', interval: '1s', fromMicros: t0 + S, toMicros: t0 + 2 * S, missingBars: 1 }], 'the empty second is absent, not flat');
    // Trades and bars are separate records: the consumer may have handed over the first only.
    await waitFor(() => topic.some((e) => e.payload.kind === 'trades') && topic.some((e) => e.payload.kind === 'bars'), 30_000, 'market.data trades and bars');
    const trades = topic.find((e) => e.payload.kind === 'trades')!;
    assert.equal(trades.key, 'AAPL');
    assert.ok(trades.payload.kind === 'trades' && trades.payload.trades.length === 3);
    const bars = topic.find((e) => e.payload.kind === 'bars')!;
    assert.ok(bars.payload.kind === 'bars' && bars.payload.bars.every((bar) => bar.final));
    const open = h.sink.openBars('AAPL');
    assert.deepEqual(open.map((bar) => [bar.interval, bar.tradeCount, bar.final]), [['1s', 1, false], ['1m', 3, false], ['5m', 3, false], ['15m', 3, false], ['1h', 3, false], ['1d', 3, false]]);
  });

  it('splits a large flush into market.data events of at most 1000 trades (Kafka record size)', async () => {
    const t0 = now() + 50 * S;
    const trades = Array.from({ length: 2500 }, (_, i) => trade(t0 + i, `big-${i}`, 10_000, 1, 'AMZN'));
    await h.sink.ingest(trades);
    await waitFor(() => topic.filter((e) => e.key === 'AMZN' && e.payload.kind === 'trades').length === 3, 30_000, 'three trade events');
    const sizes = topic.filter((e) => e.key === 'AMZN' && e.payload.kind === 'trades').map((e) => (e.payload.kind === 'trades' ? e.payload.trades.length : 0));
    assert.deepEqual(sizes, [1000, 1000, 500]);
  });

  it('stores a re-sent trade once and does not fan it out again', async () => {
    const t0 = now() + 10 * S;
    await h.sink.ingest([trade(t0, 'dup-1', 10_000, 1, 'MSFT')]);
    await waitFor(() => h.ticks.some((m) => m.events.some((e) => e.kind === 'trade' && e.tradeId === 'dup-1')), 30_000, 'the first fan-out');
    const before = h.ticks.length;
    const again = await h.sink.ingest([trade(t0, 'dup-1', 10_000, 1, 'MSFT'), trade(t0 + 1, 'dup-2', 10_001, 1, 'MSFT')]);
    assert.equal(again.accepted, 2);
    const count = await h.pool.query("SELECT count(*)::int AS n FROM md_trades WHERE symbol = 'MSFT' AND trade_id LIKE 'dup-%'");
    assert.equal(count.rows[0].n, 2);
    await waitFor(() => h.ticks.length > before, 30_000, 'the fan-out');
    const fanned = h.ticks.slice(before).flatMap((m) => m.events).filter((e) => e.kind === 'trade');
    assert.deepEqual(fanned.map((e) => e.kind === 'trade' && e.tradeId), ['dup-2']);
  });

  it('rolls stored trades up in SQL to exactly the bars the domain aggregation builds (every interval)', async () => {
    const base = Date.UTC(2024, 2, 29, 23, 58) * 1000; // crosses an hour, a day and a month boundary
    const trades = fc
      .sample(
        fc.record({ offset: fc.integer({ min: 0, max: 5 * 60 * S }), price: fc.integer({ min: 9_000, max: 11_000 }), lots: fc.integer({ min: 1, max: 500 }) }),
        { numRuns: 400, seed: 20240329 },
      )
      .map((r, i) => trade(base + r.offset, `p${i}`, r.price, r.lots, 'GOOG'));
    // Ingest in arrival order (not time order) in a few calls.
    for (let i = 0; i < trades.length; i += 100) await h.sink.ingest(trades.slice(i, i + 100));
    const maintenance = await h.call('POST', '/v1/admin/market-data/maintenance', { as: h.admin });
    assert.equal(maintenance.statusCode, 200, maintenance.body);
    for (const interval of BAR_INTERVALS) {
      const stored = await readBars(h.pool, 'native', { symbol: 'GOOG', interval, fromMicros: 0, toMicros: Number.MAX_SAFE_INTEGER, afterMicros: null, limit: 10_000, order: 'asc' });
      const expected = aggregateTrades(trades, interval);
      assert.deepEqual(
        stored.map(({ origin: _origin, ...bar }) => bar),
        expected,
        interval,
      );
      assert.ok(stored.every((bar) => bar.origin === 'trades'));
    }
  });

  it('keeps books as snapshots plus deltas, writes a full snapshot every N deltas, and serves the latest with its feed state', async () => {
    const t0 = now() + 100 * S;
    const book = (kind: 'book-snapshot' | 'book-delta', i: number, bids: [number, number][], asks: [number, number][]) =>
      kind === 'book-snapshot'
        ? { kind, symbol: 'SPY', source: 'sim', timeMicros: t0 + i, bids, asks, updateId: String(i), depthLimit: null }
        : { kind, symbol: 'SPY', source: 'sim', timeMicros: t0 + i, bids, asks, updateId: String(i) };
    const events = [
      book('book-snapshot', 0, [[50_000, 10], [49_990, 5]], [[50_010, 7]]),
      book('book-delta', 1, [[50_001, 3]], []),
      book('book-delta', 2, [], [[50_010, 0], [50_020, 4]]),
      book('book-delta', 3, [[49_990, 0]], []),
      book('book-delta', 4, [[50_000, 12]], []),
      book('book-delta', 5, [], [[50_009, 1]]),
      book('book-delta', 6, [[50_002, 1]], []),
      book('book-delta', 7, [[50_001, 0]], []),
    ];
    await h.sink.ingest(events);
    const snapshots = await h.pool.query("SELECT update_id::text FROM md_book_snapshots WHERE symbol = 'SPY' ORDER BY ts, seq");
    assert.deepEqual(snapshots.rows.map((row) => row.update_id), ['0', '3', '6'], 'the received one plus one every 3 deltas');
    const expected = new L2Book();
    for (const event of events) {
      if (event.kind === 'book-snapshot') expected.applySnapshot(event.bids, event.asks);
      else expected.applyDelta(event.bids, event.asks);
    }
    const response = await h.call('GET', '/v1/market-data/book/SPY', { as: h.viewer });
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    assert.deepEqual({ bids: body.bids, asks: body.asks }, { bids: expected.levels('bids'), asks: expected.levels('asks') });
    assert.equal(body.updateId, '7');
    assert.equal(body.feedState, 'unreported');
    await h.sink.ingest([{ kind: 'status', symbol: 'SPY', source: 'sim', timeMicros: t0 + 10, state: 'stale', reason: 'no message for 10 s' }]);
    const stale = (await h.call('GET', '/v1/market-data/book/SPY?depth=1', { as: h.viewer })).json();
    assert.equal(stale.feedState, 'stale');
    assert.equal(stale.feedStateReason, 'no message for 10 s');
    assert.equal(stale.bids.length, 1);
    const none = await h.call('GET', '/v1/market-data/book/AMZN', { as: h.viewer });
    assert.equal(none.statusCode, 404);
    assert.equal(none.json().error.code, 'MARKET_BOOK_UNAVAILABLE');
    assert.equal((await h.call('GET', '/v1/market-data/book/NOPE', { as: h.viewer })).json().error.code, 'MARKET_INSTRUMENT_NOT_FOUND');
  });

  it('ingests over the internal route with the service token only, and says so when every event is refused', async () => {
    const events = [trade(now() + 200 * S, 'http-1', 10_000, 1, 'AMZN')];
    const denied = await h.call('POST', '/v1/internal/market-data/events', { body: { events } });
    assert.equal(denied.statusCode, 401);
    assert.equal(denied.json().error.code, 'MARKET_SERVICE_TOKEN_INVALID');
    const viewer = await h.call('POST', '/v1/internal/market-data/events', { body: { events }, as: h.viewer });
    assert.equal(viewer.statusCode, 401);
    const ok = await h.call('POST', '/v1/internal/market-data/events', { body: { events: [...events, { kind: 'trade' }] }, token: SERVICE_TOKEN });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().accepted, 1);
    assert.equal(ok.json().rejected[0].index, 1);
    const bad = await h.call('POST', '/v1/internal/market-data/events', { body: { events: [{ ...events[0], symbol: 'ZZZZ' }] }, token: SERVICE_TOKEN });
    assert.equal(bad.statusCode, 422);
    assert.equal(bad.json().error.code, 'MARKET_EVENT_INVALID');
    assert.equal(bad.json().error.details.rejected[0].code, 'MARKET_INSTRUMENT_NOT_FOUND');
  });

  it('stores and fans out trades whose bar volume would overflow, leaving only the live bar out', async () => {
    const t0 = now() + 400 * S;
    const huge = Number.MAX_SAFE_INTEGER;
    const result = await h.sink.ingest([trade(t0, 'huge-1', 1, huge, 'MSFT'), trade(t0 + 1, 'huge-2', 1, 5, 'MSFT')]);
    assert.equal(result.accepted, 2);
    const stored = await h.pool.query("SELECT count(*)::int AS n FROM md_trades WHERE trade_id LIKE 'huge-%'");
    assert.equal(stored.rows[0].n, 2);
    await waitFor(() => h.ticks.some((m) => m.events.some((e) => e.kind === 'trade' && e.tradeId === 'huge-2')), 30_000, 'the fan-out');
    await h.call('POST', '/v1/admin/market-data/maintenance', { as: h.admin });
    const bars = await h.call('GET', `/v1/market-data/bars?symbol=MSFT&interval=1m&from=${new Date(t0 / 1000 - 60_000).toISOString()}`, { as: h.viewer });
    assert.equal(bars.statusCode, 422, 'a volume beyond 2^53 is a clear error, not a crash or a rounded number');
    assert.equal(bars.json().error.code, 'MARKET_VALUE_OUT_OF_RANGE');
  });

  it('rejects the ingest call and fans nothing out when storing fails', async () => {
    await h.pool.query('ALTER TABLE md_quotes RENAME TO md_quotes_away');
    const before = h.ticks.length;
    try {
      const quote = { kind: 'quote', symbol: 'AAPL', source: 'sim', timeMicros: now(), bid: { priceTicks: 1, quantityLots: 1 }, ask: null };
      await assert.rejects(h.sink.ingest([trade(now() + 300 * S, 'fail-1'), quote]));
      const stored = await h.pool.query("SELECT 1 FROM md_trades WHERE trade_id = 'fail-1'");
      assert.equal(stored.rows.length, 0, 'the trade of the failed batch was rolled back too');
    } finally {
      await h.pool.query('ALTER TABLE md_quotes_away RENAME TO md_quotes');
    }
    // The next batch's fan-out proves the channel is live (a fixed pause would prove nothing on a
    // slow machine); messages arrive in publishing order, so the failed batch's would come first.
    await h.sink.ingest([trade(now() + 301 * S, 'after-fail-1')]);
    await waitFor(() => h.ticks.slice(before).some((m) => m.events.some((e) => e.kind === 'trade' && e.tradeId === 'after-fail-1')), 30_000, 'the next batch to fan out');
    assert.deepEqual(h.ticks.slice(before).flatMap((m) => m.events).map((e) => (e.kind === 'trade' ? e.tradeId : e.kind)), ['after-fail-1'], 'nothing of the failed batch was fanned out');
  });
});
