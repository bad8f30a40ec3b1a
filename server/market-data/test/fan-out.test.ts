// The sink's fan-out over the suite's real transports: Redis pub/sub for `market.ticks` and Kafka
// for `market.data` (the other tests use the in-process twins of the same contracts).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { KafkaEventBus, RedisChannels } from '@kestrel/server-common';
import type { EventEnvelope, MarketDataPayload, MarketTicksMessage } from '@kestrel/shared';
import { InstrumentCache } from '../src/ingest/instrument-cache.js';
import { MarketDataSink } from '../src/ingest/market-data-sink.js';
import { PartitionKeeper } from '../src/store/partition-keeper.js';
import { requireTestEnv, startHarness, type Harness } from './support/harness.js';
import { waitFor } from './support/wait-for.js';

describe('fan-out over Redis and Kafka', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ KESTREL_MARKET_DATA_TICK_RETENTION_DAYS: '0' });
  });
  after(() => h?.close());

  it('publishes each flush to market.ticks on Redis and trades + finished bars to market.data on Kafka', { timeout: 180_000 }, async () => {
    const prefix = `md-test-${randomUUID().slice(0, 8)}:`;
    const redisUrl = requireTestEnv('KESTREL_TEST_REDIS_URL');
    const publisher = new RedisChannels({ url: redisUrl, prefix });
    const subscriber = new RedisChannels({ url: redisUrl, prefix });
    const bus = new KafkaEventBus({
      brokers: requireTestEnv('KESTREL_TEST_KAFKA_BROKERS').split(','),
      clientId: 'kestrel-market-data-test',
      topicPrefix: `md${randomUUID().slice(0, 8)}.`,
      replicationFactor: 1,
      sessionTimeoutMs: 3000,
      heartbeatIntervalMs: 200,
      maxWaitMs: 100,
    });
    const instruments = new InstrumentCache(h.pool);
    await instruments.reload();
    const partitions = new PartitionKeeper(h.pool, 'native');
    await partitions.load();
    const sink = new MarketDataSink({
      pool: h.pool,
      layout: 'native',
      partitions,
      instruments,
      channels: publisher,
      bus,
      logger: pino({ level: 'silent' }),
      flushIntervalMs: 5,
      maxBatchEvents: 1000,
      maxBufferedEvents: 10_000,
      bookSnapshotEvery: 100,
      publishTradesToBus: true,
    });
    const ticks: MarketTicksMessage[] = [];
    const topic: EventEnvelope<MarketDataPayload>[] = [];
    const channel = await subscriber.subscribe('market.ticks', (message) => void ticks.push(message.payload as MarketTicksMessage));
    const group = await bus.subscribe('market.data', `md-test-${randomUUID().slice(0, 8)}`, async (event) => void topic.push(event as EventEnvelope<MarketDataPayload>));
    try {
      const t0 = Math.floor(Date.now() / 60_000) * 60_000_000 + 5_000_000;
      const trade = (offset: number, id: string) => ({ kind: 'trade', symbol: 'MSFT', source: 'redis-kafka', timeMicros: t0 + offset, priceTicks: 41_000 + offset / 1_000_000, quantityLots: 3, aggressor: 'sell', tradeId: id });
      await sink.ingest([trade(0, 'k1'), trade(1_000_000, 'k2'), trade(2_000_000, 'k3')]);
      await waitFor(() => ticks.length >= 1, 30_000, 'the Redis message');
      assert.deepEqual(ticks[0]!.events.map((e) => e.kind === 'trade' && e.tradeId), ['k1', 'k2', 'k3']);
      assert.equal(ticks[0]!.bars.filter((bar) => bar.interval === '1s' && bar.final).length, 2);
      await waitFor(() => topic.some((e) => e.payload.kind === 'trades') && topic.some((e) => e.payload.kind === 'bars'), 30_000, 'the Kafka events');
      const trades = topic.find((e) => e.payload.kind === 'trades')!;
      assert.equal(trades.key, 'MSFT');
      assert.ok(trades.payload.kind === 'trades' && trades.payload.trades.length === 3 && trades.payload.source === 'redis-kafka');
    } finally {
      await sink.close();
      await channel.close();
      await group.close();
      await Promise.all([publisher.close(), subscriber.close(), bus.close()]);
    }
  });
});
