// The event-consumption metrics on the in-process bus and on a real Kafka broker
// (KESTREL_TEST_KAFKA_BROKERS, started by scripts/test-services.sh): consumed events counted per
// group and topic, and the Kafka lag of a group whose handler is held back.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { Registry } from 'prom-client';
import { requireTestEnv, waitFor } from '../testing/require-test-env.js';
import { instrumentEventBus } from './bus-metrics.js';
import { createEnvelope } from './envelope.js';
import { InProcessEventBus } from './in-process-event-bus.js';
import { KafkaEventBus } from './kafka-event-bus.js';

/** The value of one series in the registry's exposition text, or undefined when absent. */
async function sample(registry: Registry, series: string): Promise<number | undefined> {
  const line = (await registry.metrics()).split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('instrumentEventBus', () => {
  it('counts events whose handler completed, per group and topic; a failed attempt is not counted', async () => {
    const registry = new Registry();
    const bus = instrumentEventBus(new InProcessEventBus({ retryInitialMs: 5, retryMaxMs: 5, onFailure: () => {} }), registry);
    let failOnce = true;
    const seen: string[] = [];
    const subscription = await bus.subscribe('market.data', 'metrics-group', async (event) => {
      if (failOnce) {
        failOnce = false;
        throw new Error('first attempt fails');
      }
      seen.push(event.id);
    });
    await bus.publishBatch([1, 2, 3].map((n) => createEnvelope('market.data', 'SYM', { n })));
    await waitFor(() => seen.length === 3, 2000, 'three handled events');
    assert.equal(await sample(registry, 'kestrel_events_consumed_total{group="metrics-group",topic="market.data"}'), 3);
    assert.doesNotMatch(await registry.metrics(), /kestrel_kafka_consumer_lag/, 'no lag gauge without Kafka');
    assert.equal(subscription.groupId, 'metrics-group');
    await subscription.close();
    await bus.close();
  });

  it('exports the Kafka lag of a subscribed group: published minus committed, back to 0 once consumed', async () => {
    const brokers = requireTestEnv('KESTREL_TEST_KAFKA_BROKERS').split(',');
    const topicPrefix = `t${randomUUID().slice(0, 8)}.`;
    const registry = new Registry();
    const errors: unknown[] = [];
    const kafka = new KafkaEventBus({ brokers, topicPrefix, partitions: 1, replicationFactor: 1, sessionTimeoutMs: 3000, heartbeatIntervalMs: 200, maxWaitMs: 100 });
    const bus = instrumentEventBus(kafka, registry, { kafka: { brokers, topicPrefix }, onError: (error) => errors.push(error) });
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let handled = 0;
    let started = 0;
    try {
      await bus.subscribe('orders.created', 'lag-group', async () => {
        started += 1;
        if (started === 3) await held;
        handled += 1;
      });
      await bus.publishBatch([1, 2, 3, 4, 5].map((n) => createEnvelope('orders.created', 'ACC-1', { n })));
      await waitFor(() => handled === 2 && started === 3, 20_000, 'two events handled, the third held');
      const series = 'kestrel_kafka_consumer_lag{group="lag-group",topic="orders.created"}';
      // Offsets are committed right after each handler: wait until the second commit is visible.
      let lag: number | undefined;
      for (let tries = 0; tries < 50 && lag !== 3; tries += 1) {
        lag = await sample(registry, series);
        if (lag !== 3) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.equal(lag, 3, `5 published, 2 committed (errors: ${errors.map(String).join('; ')})`);
      release();
      await waitFor(() => handled === 5, 20_000, 'all five handled');
      for (let tries = 0; tries < 50 && lag !== 0; tries += 1) {
        lag = await sample(registry, series);
        if (lag !== 0) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.equal(lag, 0);
      assert.equal(await sample(registry, 'kestrel_events_consumed_total{group="lag-group",topic="orders.created"}'), 5);
    } finally {
      release();
      await bus.close();
    }
  });

  it('still answers the scrape, and reports the error, when the brokers are unreachable', async () => {
    const registry = new Registry();
    const errors: unknown[] = [];
    const bus = instrumentEventBus(new InProcessEventBus(), registry, { kafka: { brokers: ['127.0.0.1:1'], timeoutMs: 500 }, onError: (error) => errors.push(error) });
    const subscription = await bus.subscribe('market.data', 'unreachable-group', async () => {});
    const text = await registry.metrics();
    assert.match(text, /# TYPE kestrel_kafka_consumer_lag gauge/);
    assert.equal(errors.length, 1, 'the failed read is reported, the scrape still answers');
    await subscription.close();
    await bus.close();
  });
});
