// Kafka consumer-group lag for `kestrel-admin doctor`, read with an admin client
// (@platformatic/kafka, the client server/common uses): every group's committed offsets, the log-end
// offset of each of their partitions, lag = end - committed, summed per group and topic.
// Used against any broker reachable from here (a cluster through a port-forward, `--kafka-brokers`);
// the compose shape, whose broker is not published, reads the same numbers with Kafka's own
// kafka-consumer-groups.sh inside the container (status.ts parses that output).
// Known limit: a partition with no committed offset is not counted (the group has not consumed it
// yet; its reset policy decides where it starts).
import { Admin, Consumer } from '@platformatic/kafka';
import type { GroupLag } from './status.js';

/** Lag of `groups` (default: every consumer group the broker knows). */
export async function readConsumerLag(brokers: readonly string[], options: { groups?: readonly string[]; timeoutMs?: number } = {}): Promise<GroupLag[]> {
  const base = { bootstrapBrokers: [...brokers], timeout: options.timeoutMs ?? 10_000, retries: 1 };
  const admin = new Admin({ clientId: 'kestrel-admin', ...base });
  // listOffsets lives on the consumer; this one never joins its group or fetches.
  const consumer = new Consumer({ clientId: 'kestrel-admin-lag', groupId: 'kestrel-admin-lag-probe', ...base });
  try {
    const groups = options.groups ?? [...(await admin.listGroups({ types: ['classic', 'consumer'] })).keys()];
    if (groups.length === 0) return [];
    const committed = await admin.listConsumerGroupOffsets({ groups: [...groups] });
    const topics = [...new Set(committed.flatMap((group) => group.topics.map((topic) => topic.name)))];
    if (topics.length === 0) return [];
    const ends = await consumer.listOffsets({ topics });
    const lags: GroupLag[] = [];
    for (const group of committed) {
      for (const topic of group.topics) {
        const end = ends.get(topic.name) ?? [];
        let lag = 0n;
        for (const partition of topic.partitions) {
          const last = end[partition.partitionIndex];
          if (partition.committedOffset < 0n || last === undefined) continue;
          lag += last > partition.committedOffset ? last - partition.committedOffset : 0n;
        }
        lags.push({ group: group.groupId, topic: topic.name, lag: Number(lag) });
      }
    }
    return lags.sort((a, b) => a.group.localeCompare(b.group) || a.topic.localeCompare(b.topic));
  } finally {
    await Promise.allSettled([admin.close(), consumer.close()]);
  }
}
