// The Binance adapter wired by the service (config binanceSymbols) into the real ingest sink and
// PostgreSQL, against the local stand-in server: GET /book follows the synced book, reports
// `disconnected` while the connection is down (never an empty or flat book) and recovers.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BinanceTestServer, binanceFixture, binanceFrames } from './support/binance-test-server.js';
import { startHarness, type Harness } from './support/harness.js';
import { BTCUSDT } from './support/instruments.js';
import { waitFor } from './support/wait-for.js';

describe('Binance feed through the service', () => {
  let server: BinanceTestServer;
  let h: Harness;
  before(async () => {
    server = await BinanceTestServer.start();
    server.queueSnapshots(binanceFixture('snapshot-1.json'), binanceFixture('snapshot-2.json'), binanceFixture('snapshot-3.json'));
    h = await startHarness({
      KESTREL_MARKET_DATA_BINANCE_SYMBOLS: 'BTCUSDT:0.00001',
      KESTREL_MARKET_DATA_BINANCE_STREAM_URL: server.streamUrl,
      KESTREL_MARKET_DATA_BINANCE_REST_URL: server.restUrl,
      KESTREL_MARKET_DATA_TICK_RETENTION_DAYS: '0',
      KESTREL_MARKET_DATA_BOOK_RETENTION_DAYS: '0',
    });
  });
  after(async () => {
    await h?.close();
    await server?.close();
  });

  const book = async () => h.call('GET', '/v1/market-data/book/BTCUSDT', { as: h.viewer });

  it('stores trades and keeps the served book equal to the synced local book, with its feed state', async () => {
    const socket = await server.nextConnection();
    assert.equal((await h.call('POST', '/v1/admin/market-data/instruments', { as: h.admin, body: BTCUSDT })).statusCode, 201);
    const frames = binanceFrames('connection-1.jsonl');
    socket.send(frames[0]!);
    await waitFor(async () => (await book()).statusCode === 200, 30_000, 'the first stored snapshot');
    for (const frame of frames.slice(1)) socket.send(frame);
    await waitFor(async () => (await book()).json().updateId === '1027038', 30_000, 'the book after the resync');
    const synced = (await book()).json();
    assert.equal(synced.feedState, 'live');
    assert.equal(synced.source, 'binance');
    assert.deepEqual(synced.bids, [
      [6_000_010, 5_000],
      [6_000_000, 120_000],
      [5_999_000, 500_000],
    ]);
    assert.deepEqual(synced.asks, [
      [6_000_050, 72_500],
      [6_000_060, 200_000],
      [6_000_100, 40_000],
      [6_001_000, 300_000],
    ]);
    const trades = (await h.call('GET', '/v1/market-data/trades?symbol=BTCUSDT', { as: h.viewer })).json().trades;
    assert.deepEqual(
      trades.map((t: { tradeId: string; aggressor: string; quantityLots: number }) => [t.tradeId, t.aggressor, t.quantityLots]),
      [
        ['3600000100', 'buy', 2_500],
        ['3600000101', 'sell', 10_000],
      ],
    );
    const statuses = await h.pool.query("SELECT state FROM md_feed_status WHERE symbol = 'BTCUSDT' AND source = 'binance'");
    assert.equal(statuses.rows[0].state, 'live');

    // Reconnects are refused while the test looks: the adapter's back-off has full jitter, so it
    // may reconnect (and report "resyncing") within milliseconds, before a loaded test can look.
    server.refuseConnections = true;
    socket.terminate();
    await waitFor(async () => (await book()).json().feedState === 'disconnected', 30_000, 'the disconnected state on GET /book');
    const down = (await book()).json();
    assert.match(down.feedStateReason, /connection closed/);
    server.refuseConnections = false;
    const second = await server.nextConnection();
    second.send(binanceFrames('connection-2.jsonl')[0]!);
    await waitFor(async () => {
      const body = (await book()).json();
      return body.updateId === '1027052' && body.feedState === 'live';
    }, 30_000, 'the book after the reconnect');
    assert.deepEqual((await book()).json().asks, [[6_001_200, 80_000]]);
    const adapters = (await h.call('GET', '/v1/admin/market-data/adapters', { as: h.admin })).json().adapters;
    assert.deepEqual(
      adapters.map((a: { name: string; connection: string; symbols: unknown; connects: number; resyncs: number }) => [a.name, a.connection, a.symbols, a.connects, a.resyncs]),
      [['binance-spot', 'open', { BTCUSDT: 'live' }, 2, 1]],
    );
  });
});
