// Replay sessions through the routes: stored trades and bars played back through the ingest sink
// onto market.ticks (marked with the replay id, never stored again), with play / pause / seek /
// speed, visible only to their owner.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { MarketTicksMessage, TradeEvent } from '@kestrel/shared';
import { aggregateTrades } from '../src/domain/bar-math.js';
import { AAPL_MESSAGES, AAPL_ORDERBOOK, readSharedData } from './support/data-files.js';
import { startHarness, type Harness } from './support/harness.js';
import { waitFor } from './support/wait-for.js';

const FROM = '2012-06-21T13:30:00Z';
const TO = '2012-06-21T13:31:00Z';

describe('replay sessions', () => {
  let h: Harness;
  const other = { id: '00000000-0000-4000-8000-000000000002', role: 'trader' as const };
  before(async () => {
    h = await startHarness({ KESTREL_MARKET_DATA_MAX_REPLAY_SESSIONS: '3', KESTREL_MARKET_DATA_TICK_RETENTION_DAYS: '0', KESTREL_MARKET_DATA_SECOND_BAR_RETENTION_DAYS: '0' });
    const imported = await h.call('POST', '/v1/admin/market-data/imports/lobster', {
      as: h.admin,
      body: { symbol: 'AAPL', day: '2012-06-21', messages: readSharedData(AAPL_MESSAGES), orderbook: readSharedData(AAPL_ORDERBOOK) },
    });
    assert.equal(imported.statusCode, 201, imported.body);
  });
  after(() => h?.close());

  const replayed = (id: string): MarketTicksMessage[] => h.ticks.filter((message) => message.replayId === id);

  it('plays stored trades at max speed through the sink, in order, with live bars built from them', async () => {
    const storedTrades = await h.pool.query('SELECT count(*)::int AS n FROM md_trades');
    const created = await h.call('POST', '/v1/market-data/replays', { as: h.viewer, body: { symbol: 'AAPL', kind: 'trades', from: FROM, to: TO, speed: 'max', play: true } });
    assert.equal(created.statusCode, 201, created.body);
    const { id } = created.json();
    await waitFor(async () => (await h.call('GET', `/v1/market-data/replays/${id}`, { as: h.viewer })).json().state === 'finished', 30_000, 'the replay to finish');
    await waitFor(() => replayed(id).flatMap((m) => m.events).length === 159, 30_000, 'all 159 trades on market.ticks');
    const trades = replayed(id).flatMap((m) => m.events) as TradeEvent[];
    const stored = (await h.call('GET', '/v1/market-data/trades?symbol=AAPL&limit=1000', { as: h.viewer })).json().trades;
    assert.deepEqual(trades.map((t) => t.tradeId), stored.map((t: { tradeId: string }) => t.tradeId));
    const finals = replayed(id).flatMap((m) => m.bars).filter((bar) => bar.interval === '1s' && bar.final);
    const expected = aggregateTrades(trades, '1s');
    assert.deepEqual(
      finals.map((bar) => bar.startMicros),
      expected.slice(0, finals.length).map((bar) => bar.startMicros),
    );
    assert.equal((await h.pool.query('SELECT count(*)::int AS n FROM md_trades')).rows[0].n, storedTrades.rows[0].n, 'nothing stored again');
    const view = (await h.call('GET', `/v1/market-data/replays/${id}`, { as: h.viewer })).json();
    assert.equal(view.emitted, 159);
    assert.equal(view.channel, 'market.ticks');
  });

  it('plays bars at a speed factor, pauses, seeks and changes speed', async () => {
    const created = await h.call('POST', '/v1/market-data/replays', { as: h.viewer, body: { symbol: 'AAPL', kind: 'bars', interval: '1s', from: FROM, to: TO, speed: 1000 } });
    const { id, state } = created.json();
    assert.equal(state, 'paused');
    const play = await h.call('POST', `/v1/market-data/replays/${id}/control`, { as: h.viewer, body: { action: 'play' } });
    assert.equal(play.json().state, 'playing');
    await waitFor(async () => (await h.call('GET', `/v1/market-data/replays/${id}`, { as: h.viewer })).json().state === 'finished', 30_000, 'the bar replay to finish');
    const bars = replayed(id).flatMap((m) => m.bars);
    const stored = (await h.call('GET', `/v1/market-data/bars?symbol=AAPL&interval=1s&from=${FROM}&to=${TO}`, { as: h.viewer })).json().bars;
    assert.equal(bars.length, stored.length);
    assert.ok(bars.every((bar) => bar.final && bar.interval === '1s'));
    const seek = await h.call('POST', `/v1/market-data/replays/${id}/control`, { as: h.viewer, body: { action: 'seek', time: '2012-06-21T13:30:40Z' } });
    assert.equal(seek.json().position, '2012-06-21T13:30:40.000000Z');
    assert.equal(seek.json().state, 'paused');
    const speed = await h.call('POST', `/v1/market-data/replays/${id}/control`, { as: h.viewer, body: { action: 'speed', speed: 'max' } });
    assert.equal(speed.json().speed, 'max');
    await h.call('POST', `/v1/market-data/replays/${id}/control`, { as: h.viewer, body: { action: 'play' } });
    const tail = stored.filter((bar: { time: string }) => bar.time >= '2012-06-21T13:30:40').length;
    await waitFor(() => replayed(id).flatMap((m) => m.bars).length === stored.length + tail, 30_000, 'the bars after the sought time, again');
    const missing = await h.call('POST', `/v1/market-data/replays/${id}/control`, { as: h.viewer, body: { action: 'seek' } });
    assert.equal(missing.json().error.code, 'MARKET_INVALID_RANGE');
  });

  it('shows a session only to its owner, limits sessions per process and deletes', async () => {
    const list = (await h.call('GET', '/v1/market-data/replays', { as: h.viewer })).json().replays;
    assert.equal(list.length, 2);
    const id = list[0].id;
    assert.equal((await h.call('GET', `/v1/market-data/replays/${id}`, { as: other })).json().error.code, 'MARKET_REPLAY_NOT_FOUND');
    assert.equal((await h.call('POST', `/v1/market-data/replays/${id}/control`, { as: other, body: { action: 'pause' } })).statusCode, 404);
    assert.equal((await h.call('DELETE', `/v1/market-data/replays/${id}`, { as: other })).statusCode, 404);
    assert.deepEqual((await h.call('GET', '/v1/market-data/replays', { as: other })).json().replays, []);
    const third = await h.call('POST', '/v1/market-data/replays', { as: other, body: { symbol: 'AAPL', kind: 'trades', from: FROM, to: TO } });
    assert.equal(third.statusCode, 201);
    const fourth = await h.call('POST', '/v1/market-data/replays', { as: other, body: { symbol: 'AAPL', kind: 'trades', from: FROM, to: TO } });
    assert.equal(fourth.statusCode, 429);
    assert.equal(fourth.json().error.code, 'MARKET_REPLAY_LIMIT');
    assert.equal((await h.call('DELETE', `/v1/market-data/replays/${id}`, { as: h.viewer })).statusCode, 204);
    assert.equal((await h.call('GET', `/v1/market-data/replays/${id}`, { as: h.viewer })).statusCode, 404);
    const reversed = await h.call('POST', '/v1/market-data/replays', { as: h.viewer, body: { symbol: 'AAPL', kind: 'trades', from: TO, to: FROM } });
    assert.equal(reversed.json().error.code, 'MARKET_INVALID_RANGE');
    const noInterval = await h.call('POST', '/v1/market-data/replays', { as: h.viewer, body: { symbol: 'AAPL', kind: 'bars', from: FROM, to: TO } });
    assert.equal(noInterval.json().error.code, 'MARKET_INVALID_RANGE');
  });
});
