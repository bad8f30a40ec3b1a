// The durable event bus contract shared by the Kafka bus (suite shape) and the in-process bus
// (embedded shape). Both pass the same contract suite (event-bus-contract.ts).
//
// Semantics both implementations guarantee:
// - Topics have a fixed number of partitions; an event's partition is a hash of its key, so one
//   key's events are delivered in publish order (within one publisher).
// - A consumer group receives every event once in the steady state; the group's live
//   subscriptions split the partitions between them; different groups each receive everything.
// - A group seen for the first time starts from the oldest retained event.
// - Delivery is AT LEAST ONCE: an event is acknowledged (offset committed) only after its handler
//   resolved. A handler that throws is retried with capped exponential backoff, forever, blocking
//   its partition (that is what keeps per-key order); a crash or a rebalance can deliver an event
//   again. Handlers must therefore be idempotent by event id (see outbox/consumer.ts).
// - An undecodable record (not a valid envelope) is reported through onFailure and skipped: no
//   retry could ever make it valid.
import type { EventEnvelope, Topic } from '@kestrel/shared';

/** What a handler learns about the delivery besides the event itself. */
export interface DeliveryContext {
  /** Partition the event was read from. */
  partition: number;
  /** 1 on first delivery to this subscription, then 2, 3... while the handler keeps failing. */
  attempt: number;
}

/** Processes one event. Resolve to acknowledge it; throw to have it retried. */
export type EventHandler = (event: EventEnvelope, context: DeliveryContext) => Promise<void>;

/**
 * Processes consecutive events of ONE partition, in order. Resolve to acknowledge all of them;
 * throw to have the same batch retried (it may come back with more events appended).
 */
export type BatchEventHandler = (events: readonly EventEnvelope[], context: DeliveryContext) => Promise<void>;

/** Reported through `onFailure`; never thrown at the publisher. */
export interface DeliveryFailure {
  kind: 'handler' | 'decode' | 'consumer';
  groupId: string;
  topic: string;
  partition?: number;
  /** The event, when it could be decoded. */
  event?: EventEnvelope;
  attempt?: number;
  error: unknown;
}

/** A live membership of one consumer group. */
export interface Subscription {
  readonly groupId: string;
  readonly topics: readonly Topic[];
  /** Partitions of each topic this subscription currently owns (changes on rebalance). */
  assignedPartitions(): ReadonlyMap<Topic, readonly number[]>;
  /** Stops consuming and leaves the group; an in-flight handler is allowed to finish. */
  close(): Promise<void>;
}

/** Publishes durable events and runs consumer groups. */
export interface EventBus {
  /** Publishes one event; resolves once the bus has durably accepted it (Kafka: acks=all). */
  publish(event: EventEnvelope): Promise<void>;
  /** Publishes events in order; resolves once all are accepted. Not atomic: on rejection a prefix may be published. */
  publishBatch(events: readonly EventEnvelope[]): Promise<void>;
  /** Joins `groupId` on `topics`; resolves once the subscription has its first partition assignment. */
  subscribe(topics: Topic | readonly Topic[], groupId: string, handler: EventHandler): Promise<Subscription>;
  /**
   * Like subscribe, but hands over up to `maxBatch` events of a partition at once — the partition's
   * backlog, so a busy consumer handles many events per call (one transaction for all of them).
   * The Kafka bus hands over what the client fetched and buffered for the partition (one fetch's
   * worth, not necessarily the whole backlog).
   */
  subscribeBatch(topics: Topic | readonly Topic[], groupId: string, handler: BatchEventHandler, maxBatch: number): Promise<Subscription>;
  /** Closes every subscription and the producer. Further calls reject with BUS_CLOSED. */
  close(): Promise<void>;
}

/** Options both implementations accept. */
export interface EventBusCommonOptions {
  /** Partitions per topic (Kafka: used when the bus creates a topic). Default 3. */
  partitions?: number;
  /** Called for every handler failure, undecodable record and consumer error. Default: log a warning. */
  onFailure?: (failure: DeliveryFailure) => void;
  /** Delay before the first handler retry, doubled each attempt up to retryMaxMs. Default 100. */
  retryInitialMs?: number;
  /** Longest delay between handler retries. Default 5000. */
  retryMaxMs?: number;
}

const GROUP_ID = /^[A-Za-z0-9._-]{1,200}$/;

/** True when `groupId` is an acceptable consumer group name (letters, digits, `.`, `_`, `-`; 1-200 chars). */
export function isValidGroupId(groupId: string): boolean {
  return GROUP_ID.test(groupId);
}
