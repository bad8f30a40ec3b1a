// The configuration decides the implementation.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createChannels, createEventBus } from './create-bus.js';
import { InProcessChannels } from './in-process-channels.js';
import { InProcessEventBus } from './in-process-event-bus.js';
import { KafkaEventBus } from './kafka-event-bus.js';
import { RedisChannels } from './redis-channels.js';

describe('createEventBus / createChannels', () => {
  it('picks Kafka only when brokers are configured', async () => {
    const local = createEventBus({});
    assert.ok(local instanceof InProcessEventBus);
    const kafka = createEventBus({ brokers: ['127.0.0.1:1'], clientId: 'x' });
    assert.ok(kafka instanceof KafkaEventBus);
    await Promise.all([local.close(), kafka.close()]);
  });

  it('picks Redis only when a URL is configured', async () => {
    const local = createChannels(undefined);
    assert.ok(local instanceof InProcessChannels);
    const redis = createChannels('redis://127.0.0.1:1');
    assert.ok(redis instanceof RedisChannels);
    await Promise.all([local.close(), redis.close()]);
  });
});
