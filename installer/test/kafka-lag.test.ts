// Consumer-group lag read from the real test Kafka broker: a topic with two partitions, ten
// records, offsets committed for a group part of the way; the lag is exactly what is left.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { Admin, Consumer, ProduceAcks, Producer } from '@platformatic/kafka';
import { readConsumerLag } from '../src/kafka-lag.js';
import { lagFindings } from '../src/status.js';
import { requireTestEnv } from './support/env.js';

describe('Kafka consumer lag', () => {
  it('is log end minus committed offset, summed per group and topic', async () => {
    const brokers = requireTestEnv('KESTREL_TEST_KAFKA_BROKERS').split(',');
    const suffix = randomBytes(4).toString('hex');
    const topic = `kestrel-admin-lag-${suffix}`;
    const group = `kestrel-admin-lag-group-${suffix}`;
    const admin = new Admin({ clientId: 'kestrel-admin-test', bootstrapBrokers: brokers });
    // Idempotent with acks=all, as server/common produces: a retried batch is never written twice.
    const producer = new Producer({ clientId: 'kestrel-admin-test', bootstrapBrokers: brokers, idempotent: true, acks: ProduceAcks.ALL });
    const reader = new Consumer({ clientId: 'kestrel-admin-test-reader', groupId: `kestrel-admin-test-reader-${suffix}`, bootstrapBrokers: brokers });
    try {
      await admin.createTopics({ topics: [topic], partitions: 2, replicas: 1 });
      const messages = Array.from({ length: 10 }, (_, i) => ({ topic, partition: i % 2, key: Buffer.from(`k${i}`), value: Buffer.from(`v${i}`) }));
      await producer.send({ messages });
      const ends = (await reader.listOffsets({ topics: [topic] })).get(topic);
      assert.deepEqual(ends, [5n, 5n], 'five records in each partition');
      // Partition 0 holds 5 records, partition 1 holds 5: commit 4 and 1, so 1 + 4 are left.
      await admin.alterConsumerGroupOffsets({ groupId: group, topics: [{ name: topic, partitionOffsets: [{ partition: 0, offset: 4n }, { partition: 1, offset: 1n }] }] });
      const lags = await readConsumerLag(brokers, { groups: [group] });
      assert.deepEqual(lags, [{ group, topic, lag: 5 }]);
      assert.equal(lagFindings(lags, 4)[0]!.ok, false);
      const all = await readConsumerLag(brokers);
      assert.ok(all.some((entry) => entry.group === group && entry.lag === 5), 'listed among every group');
    } finally {
      await admin.deleteGroups({ groups: [group] }).catch(() => undefined);
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await Promise.allSettled([admin.close(), producer.close(), reader.close()]);
    }
  });
});
