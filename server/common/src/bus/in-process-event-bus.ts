// The in-process EventBus of the embedded shape: the same contract as the Kafka bus (partitions,
// per-key order, consumer groups that split partitions, at-least-once with retries) without a broker.
//
// Model: each topic is `partitions` append-only logs of encoded envelopes. Each consumer group has
// one cursor per (topic, partition) holding its committed offset and its current owner (one of the
// group's live subscriptions, assigned round-robin in join order). One pump per cursor delivers
// entries strictly in order, so a partition is never processed by two subscriptions at once, even
// across a reassignment. Handlers receive a decoded copy (JSON round trip), exactly like Kafka.
//
// Retention: an entry is dropped once every group that ever subscribed to its topic has committed
// it; a topic no group ever subscribed to keeps its newest `retainWithoutGroups` entries per
// partition. Known limits: everything is in memory — events not yet handled are lost if the process
// dies (the outbox is what makes that safe: see docs/events.md); a group that subscribed once and
// never comes back pins its topic's entries in memory.
import type { EventEnvelope, Topic } from '@kestrel/shared';
import { busError } from './bus-error.js';
import { deliverWithRetry, resolveCommonOptions, validateSubscription, type RetryPolicy } from './delivery.js';
import { decodeEnvelope, encodeEnvelope } from './envelope.js';
import type { BatchEventHandler, DeliveryFailure, EventBus, EventBusCommonOptions, EventHandler, Subscription } from './event-bus.js';
import { partitionForKey } from './partition-for-key.js';

/** Options of the in-process bus. */
export interface InProcessEventBusOptions extends EventBusCommonOptions {
  /** Entries kept per partition of a topic that no group has subscribed to yet. Default 10 000. */
  retainWithoutGroups?: number;
}

interface PartitionLog {
  /** Offset of entries[head]. */
  baseOffset: number;
  head: number;
  entries: Buffer[];
}

interface Member {
  subscription: InProcessSubscription;
  handler: BatchEventHandler;
  /** Most events handed to `handler` at once (1 for subscribe()). */
  maxBatch: number;
  topics: readonly Topic[];
  abort: AbortController;
  inFlight: Set<Promise<void>>;
}

interface Cursor {
  topic: Topic;
  partition: number;
  committed: number;
  owner: Member | undefined;
  pumping: boolean;
}

interface Group {
  id: string;
  /** Live members in join order. */
  members: Member[];
  cursors: Map<string, Cursor>;
}

const cursorId = (topic: Topic, partition: number): string => `${topic}#${partition}`;

/** In-memory EventBus with Kafka-like partitions and consumer groups. */
export class InProcessEventBus implements EventBus {
  readonly #partitions: number;
  readonly #retry: RetryPolicy;
  readonly #onFailure: (failure: DeliveryFailure) => void;
  readonly #retainWithoutGroups: number;
  readonly #logs = new Map<Topic, PartitionLog[]>();
  readonly #groups = new Map<string, Group>();
  /** Groups that ever subscribed to each topic: they bound retention. */
  readonly #topicGroups = new Map<Topic, Set<Group>>();
  #closed = false;

  constructor(options: InProcessEventBusOptions = {}) {
    const common = resolveCommonOptions(options);
    this.#partitions = common.partitions;
    this.#retry = common.retry;
    this.#onFailure = common.onFailure;
    this.#retainWithoutGroups = options.retainWithoutGroups ?? 10_000;
    if (!Number.isInteger(this.#retainWithoutGroups) || this.#retainWithoutGroups < 0) {
      throw busError('BUS_INVALID_OPTIONS', 'retainWithoutGroups must be a non-negative integer');
    }
  }

  async publish(event: EventEnvelope): Promise<void> {
    await this.publishBatch([event]);
  }

  async publishBatch(events: readonly EventEnvelope[]): Promise<void> {
    this.#assertOpen();
    // Encode everything first so an invalid event rejects the batch before any of it is appended.
    const encoded = events.map((event) => ({ event, bytes: encodeEnvelope(event) }));
    for (const { event, bytes } of encoded) {
      const partition = partitionForKey(event.key, this.#partitions);
      const log = this.#log(event.topic)[partition]!;
      log.entries.push(bytes);
      this.#trim(event.topic, partition);
      for (const group of this.#topicGroups.get(event.topic) ?? []) {
        this.#pump(group, group.cursors.get(cursorId(event.topic, partition))!);
      }
    }
  }

  subscribe(topics: Topic | readonly Topic[], groupId: string, handler: EventHandler): Promise<Subscription> {
    if (typeof handler !== 'function') throw busError('BUS_INVALID_OPTIONS', 'handler must be a function');
    return this.subscribeBatch(topics, groupId, (events, context) => handler(events[0]!, context), 1);
  }

  async subscribeBatch(topics: Topic | readonly Topic[], groupId: string, handler: BatchEventHandler, maxBatch: number): Promise<Subscription> {
    this.#assertOpen();
    const topicList = validateSubscription(topics, groupId);
    if (typeof handler !== 'function') throw busError('BUS_INVALID_OPTIONS', 'handler must be a function');
    if (!Number.isInteger(maxBatch) || maxBatch < 1) throw busError('BUS_INVALID_OPTIONS', 'maxBatch must be a positive integer');
    let group = this.#groups.get(groupId);
    if (!group) {
      group = { id: groupId, members: [], cursors: new Map() };
      this.#groups.set(groupId, group);
    }
    for (const topic of topicList) {
      const known = this.#topicGroups.get(topic) ?? new Set<Group>();
      this.#topicGroups.set(topic, known);
      if (known.has(group)) continue;
      known.add(group);
      // A new group starts at the oldest retained entry, like Kafka's `earliest` reset.
      this.#log(topic).forEach((log, partition) => {
        group.cursors.set(cursorId(topic, partition), {
          topic,
          partition,
          committed: log.baseOffset,
          owner: undefined,
          pumping: false,
        });
      });
    }
    const subscription = new InProcessSubscription(groupId, topicList, (member) => this.#leave(group, member));
    const member: Member = { subscription, handler, maxBatch, topics: topicList, abort: new AbortController(), inFlight: new Set() };
    subscription.attach(member, () => this.#assigned(group, member));
    group.members.push(member);
    this.#rebalance(group);
    return subscription;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const members = [...this.#groups.values()].flatMap((group) => group.members);
    await Promise.all(members.map((member) => member.subscription.close()));
  }

  #assertOpen(): void {
    if (this.#closed) throw busError('BUS_CLOSED', 'the event bus is closed');
  }

  #log(topic: Topic): PartitionLog[] {
    let logs = this.#logs.get(topic);
    if (!logs) {
      logs = Array.from({ length: this.#partitions }, () => ({ baseOffset: 0, head: 0, entries: [] }));
      this.#logs.set(topic, logs);
    }
    return logs;
  }

  #endOffset(topic: Topic, partition: number): number {
    const log = this.#log(topic)[partition]!;
    return log.baseOffset + log.entries.length - log.head;
  }

  #entry(topic: Topic, partition: number, offset: number): Buffer {
    const log = this.#log(topic)[partition]!;
    return log.entries[log.head + offset - log.baseOffset]!;
  }

  #trim(topic: Topic, partition: number): void {
    const log = this.#log(topic)[partition]!;
    const groups = this.#topicGroups.get(topic);
    const end = this.#endOffset(topic, partition);
    let floor: number;
    if (groups && groups.size > 0) {
      floor = Math.min(...[...groups].map((group) => group.cursors.get(cursorId(topic, partition))!.committed));
    } else {
      floor = Math.max(log.baseOffset, end - this.#retainWithoutGroups);
    }
    const drop = floor - log.baseOffset;
    if (drop <= 0) return;
    log.head += drop;
    log.baseOffset = floor;
    // Compact lazily so trimming stays O(1) amortised.
    if (log.head > 1024 && log.head * 2 > log.entries.length) {
      log.entries = log.entries.slice(log.head);
      log.head = 0;
    }
  }

  /** Round-robin: partition p of a topic goes to the (p mod n)-th member subscribed to it. */
  #rebalance(group: Group): void {
    for (const cursor of group.cursors.values()) {
      const candidates = group.members.filter((member) => member.topics.includes(cursor.topic));
      cursor.owner = candidates.length > 0 ? candidates[cursor.partition % candidates.length] : undefined;
      this.#pump(group, cursor);
    }
  }

  #assigned(group: Group, member: Member): ReadonlyMap<Topic, readonly number[]> {
    const result = new Map<Topic, number[]>();
    for (const topic of member.topics) result.set(topic, []);
    for (const cursor of group.cursors.values()) {
      if (cursor.owner === member) result.get(cursor.topic)!.push(cursor.partition);
    }
    return result;
  }

  async #leave(group: Group, member: Member): Promise<void> {
    member.abort.abort();
    group.members = group.members.filter((other) => other !== member);
    this.#rebalance(group);
    await Promise.all(member.inFlight);
  }

  /** Delivers the cursor's backlog in order; at most one pump runs per cursor. */
  #pump(group: Group, cursor: Cursor): void {
    if (cursor.pumping || !cursor.owner || cursor.committed >= this.#endOffset(cursor.topic, cursor.partition)) return;
    cursor.pumping = true;
    void this.#drain(group, cursor).finally(() => {
      cursor.pumping = false;
      // Something may have arrived or been reassigned while the last handler ran.
      this.#pump(group, cursor);
    });
  }

  async #drain(group: Group, cursor: Cursor): Promise<void> {
    // Never run a handler inside the publisher's or subscriber's call stack.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (cursor.owner && cursor.committed < this.#endOffset(cursor.topic, cursor.partition)) {
      const member = cursor.owner;
      // The backlog from the committed offset, up to the member's batch size; an undecodable entry
      // ends the batch before it (or, at its head, is reported and skipped).
      const end = Math.min(this.#endOffset(cursor.topic, cursor.partition), cursor.committed + member.maxBatch);
      const events: EventEnvelope[] = [];
      for (let offset = cursor.committed; offset < end; offset += 1) {
        try {
          events.push(decodeEnvelope(this.#entry(cursor.topic, cursor.partition, offset)));
        } catch (error) {
          if (events.length > 0) break;
          this.#onFailure({ kind: 'decode', groupId: group.id, topic: cursor.topic, partition: cursor.partition, error });
          this.#commit(cursor, 1);
          break;
        }
      }
      if (events.length === 0) continue;
      const delivery = deliverWithRetry(
        (_, context) => member.handler(events, context),
        events[0]!,
        cursor.partition,
        group.id,
        this.#retry,
        member.abort.signal,
        this.#onFailure,
      );
      const settled = delivery.then(() => undefined);
      member.inFlight.add(settled);
      const handled = await delivery;
      member.inFlight.delete(settled);
      if (handled) this.#commit(cursor, events.length);
    }
  }

  #commit(cursor: Cursor, count: number): void {
    cursor.committed += count;
    this.#trim(cursor.topic, cursor.partition);
  }
}

/** One member of an in-process consumer group. */
class InProcessSubscription implements Subscription {
  readonly groupId: string;
  readonly topics: readonly Topic[];
  readonly #leave: (member: Member) => Promise<void>;
  #member: Member | undefined;
  #assigned: (() => ReadonlyMap<Topic, readonly number[]>) | undefined;
  #closing: Promise<void> | undefined;

  constructor(groupId: string, topics: readonly Topic[], leave: (member: Member) => Promise<void>) {
    this.groupId = groupId;
    this.topics = topics;
    this.#leave = leave;
  }

  /** Binds the member record (created after the subscription, which it references). */
  attach(member: Member, assigned: () => ReadonlyMap<Topic, readonly number[]>): void {
    this.#member = member;
    this.#assigned = assigned;
  }

  assignedPartitions(): ReadonlyMap<Topic, readonly number[]> {
    if (this.#closing || !this.#assigned) return new Map();
    return this.#assigned();
  }

  close(): Promise<void> {
    this.#closing ??= this.#member ? this.#leave(this.#member) : Promise.resolve();
    return this.#closing;
  }
}
