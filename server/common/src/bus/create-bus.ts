// Chooses the bus and channel implementations from configuration: Kafka when brokers are
// configured (suite shape), in-process otherwise (embedded shape); Redis channels when a Redis URL
// is configured, in-process otherwise. The choice is made once at start-up; callers only see the
// EventBus and Channels interfaces.
import type { Logger } from 'pino';
import type { Channels, ChannelsCommonOptions } from './channels.js';
import type { EventBus, EventBusCommonOptions } from './event-bus.js';
import { InProcessChannels } from './in-process-channels.js';
import { InProcessEventBus } from './in-process-event-bus.js';
import { KafkaEventBus, type KafkaEventBusOptions } from './kafka-event-bus.js';
import { RedisChannels } from './redis-channels.js';

/** The `kafka` configuration section (KESTREL_KAFKA_*). */
export interface KafkaSettings {
  brokers?: readonly string[];
  clientId?: string;
  /** Prepended to topic and consumer group names (KESTREL_KAFKA_TOPIC_PREFIX). */
  topicPrefix?: string;
}

/** Kafka bus when `kafka.brokers` is set, else the in-process bus. */
export function createEventBus(
  kafka: KafkaSettings,
  options: EventBusCommonOptions & Omit<Partial<KafkaEventBusOptions>, 'brokers' | 'clientId'> = {},
): EventBus {
  if (kafka.brokers && kafka.brokers.length > 0) {
    return new KafkaEventBus({ ...options, brokers: kafka.brokers, clientId: kafka.clientId ?? 'kestrel', ...(kafka.topicPrefix ? { topicPrefix: kafka.topicPrefix } : {}) });
  }
  return new InProcessEventBus(options);
}

/** Redis channels when `redisUrl` is set, else in-process channels. */
export function createChannels(redisUrl: string | undefined, options: ChannelsCommonOptions & { logger?: Logger; prefix?: string } = {}): Channels {
  return redisUrl ? new RedisChannels({ ...options, url: redisUrl }) : new InProcessChannels(options);
}
