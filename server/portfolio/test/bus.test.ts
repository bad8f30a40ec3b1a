// The consumer end to end on both event buses: orders.executed published to the bus (twice, as an
// at-least-once bus may deliver) is booked once by the portfolio's subscription, and the
// positions.updated it enqueued reaches the bus through server/common's outbox relay.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { EventEnvelope } from '@kestrel/shared';
import { InProcessEventBus, KafkaEventBus, OutboxRelay, requireTestEnv, type EventBus } from '@kestrel/server-common';
import { subscribeExecutions } from '../src/consumer.js';
import { executedEvent, fundedAccount } from './support/fixtures.js';
import { startHarness, type Harness } from './support/harness.js';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h?.close());

async function waitFor(predicate: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function scenario(name: string, createBus: () => EventBus) {
  describe(name, () => {
    test('orders.executed is booked once and positions.updated is relayed', { timeout: 180_000 }, async () => {
      const bus = createBus();
      const owner = h.user('trader');
      const accountId = await fundedAccount(h, owner, 1_000_000);
      const received: EventEnvelope[] = [];
      const group = `portfolio-test-${randomUUID().slice(0, 8)}`;
      const subscription = await subscribeExecutions(bus, h.pool, group, h.deps.logger);
      const listener = await bus.subscribe('positions.updated', `listener-${group}`, async (event) => {
        if (event.key === accountId) received.push(event);
      });
      const relay = new OutboxRelay({ pool: h.pool, bus, listen: false });
      try {
        const event = executedEvent({ accountId, side: 'buy', quantityLots: 7, priceTicks: 1_000 });
        await bus.publish(event);
        await bus.publish(event); // redelivery
        await bus.publish({ ...event, id: randomUUID() }); // the same execution under a new event id
        const booked = async () =>
          (await h.pool.query('SELECT count(*)::int AS n FROM processed_events WHERE consumer_group = $1', [group])).rows[0].n === 2;
        await waitFor(booked, 60_000, 'both event ids processed');
        await relay.drain();
        await waitFor(async () => received.length >= 1, 60_000, 'positions.updated');
        const account = (await h.call('GET', `/v1/accounts/${accountId}`, { as: owner })).json();
        assert.equal(account.cashMinor, 1_000_000 - 7_000);
        assert.equal(received.length, 1);
        assert.equal((received[0]!.payload as { position: { quantityLots: number } }).position.quantityLots, 7);
      } finally {
        await subscription.close();
        await listener.close();
        await bus.close();
      }
    });
  });
}

scenario('in-process bus', () => new InProcessEventBus({ partitions: 2 }));
scenario('Kafka bus', () =>
  new KafkaEventBus({
    brokers: requireTestEnv('KESTREL_TEST_KAFKA_BROKERS').split(','),
    clientId: 'kestrel-portfolio-test',
    topicPrefix: `p${randomUUID().slice(0, 8)}.`,
    replicationFactor: 1,
    sessionTimeoutMs: 3000,
    heartbeatIntervalMs: 200,
    maxWaitMs: 100,
  }),
);
