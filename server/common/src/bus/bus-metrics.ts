// Prometheus metrics of event consumption, added around any EventBus (docs/observability.md):
// - `kestrel_events_consumed_total{group, topic}`: events whose handler resolved in this process
//   (i.e. acknowledged). Redeliveries that an idempotent handler skips are counted too: the bus
//   cannot see the de-duplication; a retried handler counts once, when it finally succeeds.
// - `kestrel_kafka_consumer_lag{group, topic}` (Kafka only): for every consumer group this process
//   subscribed, the log-end offset minus the group's committed offset, summed over the topic's
//   partitions. Computed at scrape time with an admin client, so it is the group's lag as the
//   broker sees it (the same number in every process of the group: dashboards use max by (group, topic)).
// Invariants: label values are the logical group and topic names (bounded: configuration, not
// data); a scrape never fails because Kafka is unreachable — the lag keeps its last value and the
// failure is reported through onError.
// Known limits: a partition without a committed offset is not counted (the group has not consumed
// it yet); physical names follow KafkaEventBus (`topicPrefix + name` for topics and groups).
import { Admin, Consumer } from '@platformatic/kafka';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Topic } from '@kestrel/shared';
import type { EventBus, Subscription } from './event-bus.js';

/** Where the Kafka lag is read from; absent for the in-process bus. */
export interface ConsumerLagSource {
  brokers: readonly string[];
  /** The bus's topicPrefix (physical topic and group names). Default none. */
  topicPrefix?: string;
  clientId?: string;
  /** Bound on one lag read, so a scrape never hangs on an unreachable broker. Default 3000 ms. */
  timeoutMs?: number;
}

/** Options of instrumentEventBus. */
export interface BusMetricsOptions {
  kafka?: ConsumerLagSource;
  /** Called when reading the lag failed (default: ignored). */
  onError?: (error: unknown) => void;
}

/** Lag per logical (group, topic), summed over partitions with a committed offset. */
export type GroupTopicLag = Map<string, Map<Topic, number>>;

/**
 * Reads the lag of `groups` (logical group -> its topics) from the brokers. Exported for tests and
 * for callers that want the numbers without Prometheus.
 */
export async function readGroupLag(source: ConsumerLagSource, groups: ReadonlyMap<string, readonly Topic[]>): Promise<GroupTopicLag> {
  const prefix = source.topicPrefix ?? '';
  const base = { bootstrapBrokers: [...source.brokers], timeout: source.timeoutMs ?? 3000, retries: 0 };
  const admin = new Admin({ clientId: `${source.clientId ?? 'kestrel'}-lag`, ...base });
  // listOffsets lives on the consumer client; this one never joins its group or fetches.
  const consumer = new Consumer({ clientId: `${source.clientId ?? 'kestrel'}-lag-offsets`, groupId: `${prefix}kestrel-lag-probe`, ...base });
  try {
    const result: GroupTopicLag = new Map();
    if (groups.size === 0) return result;
    const physicalGroups = [...groups.keys()].map((group) => prefix + group);
    const committed = await admin.listConsumerGroupOffsets({ groups: physicalGroups });
    const topics = [...new Set([...groups.values()].flat())].map((topic) => prefix + topic);
    const ends = await consumer.listOffsets({ topics });
    for (const [group, groupTopics] of groups) {
      const perTopic = new Map<Topic, number>();
      const offsets = committed.find((entry) => entry.groupId === prefix + group);
      for (const topic of groupTopics) {
        const end = ends.get(prefix + topic) ?? [];
        let lag = 0n;
        for (const partition of offsets?.topics.find((entry) => entry.name === prefix + topic)?.partitions ?? []) {
          const last = end[partition.partitionIndex];
          if (partition.committedOffset < 0n || last === undefined) continue;
          if (last > partition.committedOffset) lag += last - partition.committedOffset;
        }
        perTopic.set(topic, Number(lag));
      }
      result.set(group, perTopic);
    }
    return result;
  } finally {
    await Promise.allSettled([admin.close(), consumer.close()]);
  }
}

/** Wraps `bus` so its subscriptions are counted and (Kafka) their lag exported on `registry`. */
export function instrumentEventBus(bus: EventBus, registry: Registry, options: BusMetricsOptions = {}): EventBus {
  const consumed = new Counter({
    name: 'kestrel_events_consumed_total',
    help: 'Events whose handler completed in this process, by consumer group and topic.',
    labelNames: ['group', 'topic'] as const,
    registers: [registry],
  });
  /** Live subscriptions per logical group (a process may subscribe one group several times). */
  const live = new Map<string, Set<Subscription>>();
  const { kafka } = options;
  if (kafka) {
    new Gauge({
      name: 'kestrel_kafka_consumer_lag',
      help: 'Messages between a consumer group committed offset and the log end, summed over the partitions of a topic.',
      labelNames: ['group', 'topic'] as const,
      registers: [registry],
      async collect() {
        const groups = new Map<string, Topic[]>();
        for (const [group, subscriptions] of live) {
          groups.set(group, [...new Set([...subscriptions].flatMap((subscription) => [...subscription.topics]))]);
        }
        try {
          const lags = await readGroupLag(kafka, groups);
          // Groups closed since the last scrape disappear instead of keeping a stale value.
          this.reset();
          for (const [group, topics] of lags) {
            for (const [topic, lag] of topics) this.set({ group, topic }, lag);
          }
        } catch (error) {
          options.onError?.(error);
        }
      },
    });
  }
  return {
    publish: (event) => bus.publish(event),
    publishBatch: (events) => bus.publishBatch(events),
    close: () => bus.close(),
    subscribe(topics, groupId, handler) {
      return track(groupId, bus.subscribe(topics, groupId, async (event, context) => {
        await handler(event, context);
        consumed.inc({ group: groupId, topic: event.topic });
      }));
    },
    subscribeBatch(topics, groupId, handler, maxBatch) {
      return track(groupId, bus.subscribeBatch(topics, groupId, async (events, context) => {
        await handler(events, context);
        for (const event of events) consumed.inc({ group: groupId, topic: event.topic });
      }, maxBatch));
    },
  };

  /** Keeps a subscription in `live` (for the lag gauge) until it is closed. */
  async function track(groupId: string, subscribing: Promise<Subscription>): Promise<Subscription> {
    const subscription = await subscribing;
    const members = live.get(groupId) ?? new Set<Subscription>();
    members.add(subscription);
    live.set(groupId, members);
    return {
      groupId: subscription.groupId,
      topics: subscription.topics,
      assignedPartitions: () => subscription.assignedPartitions(),
      async close() {
        members.delete(subscription);
        if (members.size === 0 && live.get(groupId) === members) live.delete(groupId);
        await subscription.close();
      },
    };
  }
}
