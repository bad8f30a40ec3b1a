// Runs the EventBus contract against a real Kafka broker (KESTREL_TEST_KAFKA_BROKERS, started by
// scripts/test-services.sh). Every test gets its own topic prefix, so its topics are new and empty.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { requireTestEnv } from '../testing/require-test-env.js';
import { eventBusContract } from './event-bus-contract.js';
import { KafkaEventBus } from './kafka-event-bus.js';

const brokers = () => requireTestEnv('KESTREL_TEST_KAFKA_BROKERS').split(',');

eventBusContract('kafka', {
  createBus: async (options) =>
    new KafkaEventBus({
      ...options,
      brokers: brokers(),
      clientId: 'kestrel-contract',
      topicPrefix: `t${randomUUID().slice(0, 8)}.`,
      replicationFactor: 1,
      sessionTimeoutMs: 3000,
      heartbeatIntervalMs: 200,
      maxWaitMs: 100,
    }),
  timeoutMs: 20_000,
  settleMs: 500,
});

describe('KafkaEventBus', () => {
  it('creates every topic with the configured partition count, idempotently', async () => {
    const topicPrefix = `t${randomUUID().slice(0, 8)}.`;
    const first = new KafkaEventBus({ brokers: brokers(), topicPrefix, partitions: 5, replicationFactor: 1 });
    const second = new KafkaEventBus({ brokers: brokers(), topicPrefix, partitions: 5, replicationFactor: 1 });
    try {
      await Promise.all([first.ensureTopics(), second.ensureTopics()]);
      const { Admin } = await import('@platformatic/kafka');
      const admin = new Admin({ clientId: 'kestrel-contract-check', bootstrapBrokers: brokers() });
      try {
        const names = ['orders.created', 'orders.executed', 'positions.updated', 'market.data', 'strategies.signals'].map(
          (topic) => topicPrefix + topic,
        );
        const metadata = await admin.metadata({ topics: names });
        for (const name of names) assert.equal(metadata.topics.get(name)?.partitionsCount, 5, name);
      } finally {
        await admin.close();
      }
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('compacts reference-data topics and namespaces consumer groups with the topic prefix', async () => {
    const topicPrefix = `t${randomUUID().slice(0, 8)}.`;
    const bus = new KafkaEventBus({ brokers: brokers(), topicPrefix, replicationFactor: 1, sessionTimeoutMs: 3000, heartbeatIntervalMs: 200, maxWaitMs: 100 });
    const { Admin, ConfigResourceTypes } = await import('@platformatic/kafka');
    const admin = new Admin({ clientId: 'kestrel-contract-check', bootstrapBrokers: brokers() });
    try {
      await bus.ensureTopics();
      const described = await admin.describeConfigs({
        resources: ['instruments.updated', 'orders.executed'].map((topic) => ({ resourceType: ConfigResourceTypes.TOPIC, resourceName: topicPrefix + topic, configurationKeys: ['cleanup.policy'] })),
      });
      const policy = (topic: string) => described.find((entry) => entry.resourceName === topicPrefix + topic)?.configs.find((config) => config.name === 'cleanup.policy')?.value;
      assert.equal(policy('instruments.updated'), 'compact');
      assert.equal(policy('orders.executed'), 'delete');
      const group = `g${randomUUID().slice(0, 8)}`;
      const subscription = await bus.subscribe('instruments.updated', group, async () => {});
      try {
        const groups = await admin.listGroups();
        assert.ok(groups.has(topicPrefix + group), 'the group is created under the prefix');
        assert.ok(!groups.has(group), 'and not under its bare name');
      } finally {
        await subscription.close();
      }
    } finally {
      await admin.close();
      await bus.close();
    }
  });

  it('rejects invalid options with BUS_INVALID_OPTIONS', () => {
    assert.throws(() => new KafkaEventBus({ brokers: [] }), { code: 'BUS_INVALID_OPTIONS' });
    assert.throws(() => new KafkaEventBus({ brokers: ['no-port'] }), { code: 'BUS_INVALID_OPTIONS' });
    assert.throws(() => new KafkaEventBus({ brokers: ['h:1'], topicPrefix: 'bad prefix' }), { code: 'BUS_INVALID_OPTIONS' });
    assert.throws(() => new KafkaEventBus({ brokers: ['h:1'], sessionTimeoutMs: 100, heartbeatIntervalMs: 200 }), {
      code: 'BUS_INVALID_OPTIONS',
    });
  });
});
