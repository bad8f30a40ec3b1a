// The Binance spot adapter against a real local WebSocket + HTTP server replaying recorded-format
// fixtures (test/fixtures/binance): sync from a snapshot, a sequence gap that forces a resync, a
// dropped connection with back-off and reconnect, and silence reported as `stale`.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import type { BookLevel, MarketEvent } from '@kestrel/shared';
import { waitFor } from './support/wait-for.js';
import { ExponentialBackoff } from '../src/adapters/backoff.js';
import { BinanceSpotAdapter } from '../src/adapters/binance/binance-spot-adapter.js';
import { L2Book } from '../src/domain/order-book.js';
import { SystemScheduler } from '../src/domain/scheduler.js';
import type { IngestOptions, IngestResult, MarketDataIngest } from '../src/ingest/market-data-sink.js';
import { BinanceTestServer, binanceFixture, binanceFrames } from './support/binance-test-server.js';
import { BTCUSDT } from './support/instruments.js';


/** Collects what the adapter hands to the ingest path. */
class RecordingIngest implements MarketDataIngest {
  readonly events: MarketEvent[] = [];
  async ingest(events: readonly unknown[], _options?: IngestOptions): Promise<IngestResult> {
    this.events.push(...(events as MarketEvent[]));
    return { accepted: events.length, rejected: [] };
  }
  statuses(): string[] {
    return this.events.flatMap((event) => (event.kind === 'status' ? [event.state] : []));
  }
  count(kind: MarketEvent['kind']): number {
    return this.events.filter((event) => event.kind === kind).length;
  }
  /** The book as a consumer of the events rebuilds it. */
  book(): { bids: BookLevel[]; asks: BookLevel[] } {
    const book = new L2Book();
    for (const event of this.events) {
      if (event.kind === 'book-snapshot') book.applySnapshot(event.bids, event.asks);
      if (event.kind === 'book-delta') book.applyDelta(event.bids, event.asks);
    }
    return { bids: book.levels('bids'), asks: book.levels('asks') };
  }
}

class RecordingBackoff extends ExponentialBackoff {
  readonly delays: number[] = [];
  override next(): number {
    const delay = super.next();
    this.delays.push(delay);
    return delay;
  }
}

const lots = (quantity: number) => Math.round(quantity * 100_000);
const ticks = (price: number) => Math.round(price * 100);

function adapterFor(server: BinanceTestServer, ingest: MarketDataIngest, backoff: ExponentialBackoff, staleAfterMs = 60_000) {
  return new BinanceSpotAdapter({
    streamUrl: server.streamUrl,
    restUrl: server.restUrl,
    depthLimit: 1000,
    symbols: [{ symbol: 'BTCUSDT', venueSymbol: 'BTCUSDT', quantityStep: '0.00001' }],
    ingest,
    instrumentOf: (symbol) => (symbol === 'BTCUSDT' ? BTCUSDT : undefined),
    logger: pino({ level: 'silent' }),
    scheduler: SystemScheduler,
    backoff,
    staleAfterMs,
    snapshotRetryMs: 20,
  });
}

describe('Binance spot adapter', () => {
  let server: BinanceTestServer;
  before(async () => {
    server = await BinanceTestServer.start();
  });
  after(() => server.close());

  it('syncs, resyncs after a sequence gap, and reconnects with back-off after a disconnect', async () => {
    const ingest = new RecordingIngest();
    const backoff = new RecordingBackoff({ initialMs: 40, maxMs: 400, random: () => 0.5 });
    server.queueSnapshots(binanceFixture('snapshot-1.json'), binanceFixture('snapshot-2.json'), binanceFixture('snapshot-3.json'));
    const frames = binanceFrames('connection-1.jsonl');
    const adapter = adapterFor(server, ingest, backoff);
    adapter.start();
    try {
      const socket = await server.nextConnection();
      assert.equal(server.connectionUrls[0], '/stream?streams=btcusdt@trade/btcusdt@depth@100ms');
      // Event 1 starts the buffer and triggers the snapshot; it ends before the snapshot, so it is dropped.
      socket.send(frames[0]!);
      await waitFor(() => ingest.count('book-snapshot') === 1, 30_000, 'the first snapshot');
      assert.equal(server.snapshotRequests[0], '?symbol=BTCUSDT&limit=1000');
      assert.deepEqual(ingest.statuses(), ['resyncing', 'live']);
      for (const frame of frames.slice(1, 5)) socket.send(frame);
      await waitFor(() => ingest.count('book-delta') === 2 && ingest.count('trade') === 2, 30_000, 'two deltas and two trades');
      const trades = ingest.events.filter((event) => event.kind === 'trade');
      assert.deepEqual(trades[0], {
        kind: 'trade',
        symbol: 'BTCUSDT',
        source: 'binance',
        timeMicros: 1718966400250_000,
        priceTicks: ticks(60000.5),
        quantityLots: lots(0.025),
        aggressor: 'buy',
        tradeId: '3600000100',
      });
      assert.equal(trades[1]!.kind === 'trade' && trades[1]!.aggressor, 'sell', 'm=true: the buyer made, the seller took');

      // Event 6 skips update ids 1027028..1027030: a gap. The adapter says so and resyncs.
      socket.send(frames[5]!);
      await waitFor(() => ingest.count('book-snapshot') === 2, 30_000, 'the resync snapshot');
      const gap = ingest.events.find((event) => event.kind === 'status' && event.state === 'resyncing' && event.reason?.startsWith('sequence gap'));
      assert.ok(gap, 'the gap is reported as resyncing');
      assert.equal(adapter.status().resyncs, 1);
      socket.send(frames[6]!);
      socket.send(frames[7]!);
      await waitFor(() => ingest.count('book-delta') === 4, 30_000, 'the deltas after the resync');
      assert.deepEqual(ingest.book(), {
        bids: [
          [ticks(60000.1), lots(0.05)],
          [ticks(60000), lots(1.2)],
          [ticks(59990), lots(5)],
        ],
        asks: [
          [ticks(60000.5), lots(0.725)],
          [ticks(60000.6), lots(2)],
          [ticks(60001), lots(0.4)],
          [ticks(60010), lots(3)],
        ],
      });

      // The connection drops: the book is unknown (disconnected) until the next connection resyncs.
      socket.terminate();
      const second = await server.nextConnection();
      assert.equal(ingest.statuses().includes('disconnected'), true);
      assert.deepEqual(backoff.delays, [20], 'one back-off delay: half of the 40 ms ceiling');
      const frames2 = binanceFrames('connection-2.jsonl');
      second.send(frames2[0]!);
      await waitFor(() => ingest.count('book-snapshot') === 3, 30_000, 'the snapshot after the reconnect');
      second.send(frames2[1]!);
      await waitFor(() => ingest.count('trade') === 3, 30_000, 'the trade after the reconnect');
      assert.deepEqual(ingest.book(), {
        bids: [
          [ticks(60010), lots(0.9)],
          [ticks(60009), lots(1)],
          [ticks(60000), lots(1.2)],
        ],
        asks: [[ticks(60012), lots(0.8)]],
      });
      assert.deepEqual(ingest.statuses().slice(-3), ['disconnected', 'resyncing', 'live']);
      assert.equal(adapter.status().connects, 2);
    } finally {
      await adapter.stop();
    }
    // Never a book event while the state was not known: every delta follows a snapshot of its connection.
    let synced = false;
    for (const event of ingest.events) {
      if (event.kind === 'status' && event.state !== 'live') synced = false;
      if (event.kind === 'book-snapshot') synced = true;
      if (event.kind === 'book-delta') assert.ok(synced, 'a delta only on a synced book');
    }
  });

  it('backs off exponentially while connections fail, and starts over once one delivers data', async () => {
    const ingest = new RecordingIngest();
    const backoff = new RecordingBackoff({ initialMs: 20, maxMs: 1000, random: () => 0.99 });
    server.queueSnapshots(binanceFixture('snapshot-3.json'));
    const start = server.connections.length;
    server.onConnection = (socket, index) => {
      if (index - start <= 3) socket.terminate();
    };
    const adapter = adapterFor(server, ingest, backoff);
    adapter.start();
    try {
      await waitFor(() => server.connections.length - start === 4, 30_000, 'the fourth connection');
      assert.deepEqual(backoff.delays, [19, 39, 79], 'ceilings 20, 40, 80 ms with jitter 0.99');
      const socket = server.connections[server.connections.length - 1]!;
      socket.send(binanceFrames('connection-2.jsonl')[0]!);
      await waitFor(() => ingest.count('book-snapshot') === 1, 30_000, 'a synced book');
      socket.terminate();
      await waitFor(() => backoff.delays.length === 4, 30_000, 'the next back-off');
      assert.equal(backoff.delays[3], 19, 'reset after a healthy connection');
    } finally {
      server.onConnection = null;
      await adapter.stop();
    }
  });

  it('reports a silent feed as stale (never as a quiet market) and live again when data flows', async () => {
    const ingest = new RecordingIngest();
    server.queueSnapshots(binanceFixture('snapshot-3.json'));
    const adapter = adapterFor(server, ingest, new ExponentialBackoff({ initialMs: 20, maxMs: 100 }), 150);
    adapter.start();
    try {
      const socket = await server.nextConnection();
      const frames = binanceFrames('connection-2.jsonl');
      socket.send(frames[0]!);
      // A stalled test process may first look after the 150 ms have passed: live must have been reported, stale after it.
      await waitFor(() => ingest.statuses().includes('live'), 30_000, 'live');
      await waitFor(() => ingest.statuses().at(-1) === 'stale', 30_000, 'stale after 150 ms of silence');
      const stale = ingest.events.at(-1)!;
      assert.ok(stale.kind === 'status' && stale.reason === 'no message for 150 ms');
      socket.send(frames[1]!);
      await waitFor(() => ingest.statuses().at(-1) === 'live', 30_000, 'live again');
    } finally {
      await adapter.stop();
    }
  });
});
