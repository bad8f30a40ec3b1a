// The Kafka EventBus of the suite shape (client: @platformatic/kafka, pure JS, works on Node 20).
//
// Producer: idempotent, acks=all; the record key is the envelope key, so the client's murmur2
// partitioner keeps one key on one partition. Sends are serialised through one queue: the client's
// idempotent producer numbers each send's records itself and concurrent sends to one partition get
// OUT_OF_ORDER_SEQUENCE_NUMBER from the broker (seen with @platformatic/kafka 1.35 on Kafka 4.4).
// Serialising also means a key's events are written in publish-call order. After a failed send the
// producer is replaced, so a broken sequence state can never wedge publishing (the caller retries;
// the retry may duplicate what the broker had already written, which consumers de-duplicate). Topics are created explicitly (the
// test broker runs with auto-creation off) with `partitions` partitions, once, before the first
// publish or subscribe; physical names are `topicPrefix + topic` and consumer groups
// `topicPrefix + group`, so several deployments or test runs can share a cluster without reading
// each other's events or joining each other's groups. COMPACTED_TOPICS are created with
// `cleanup.policy=compact` (reference data: the newest event per key is kept forever).
//
// Consumer: one Kafka consumer per subscription, classic group protocol, manual commits. The
// records the client has fetched and buffered (up to the subscription's batch size; 1 for
// subscribe()) are taken at once, split by partition, decoded and handed to the handler as one
// batch per partition — the partitions' batches at the same time, each in offset order (retried
// until it resolves); the offset of the batch's last record is committed afterwards:
// at-least-once. The next records are taken once every partition's batch is done. An undecodable
// record ends the batch before it and is reported and committed past. Records of a partition the
// subscription no longer owns after a rebalance are skipped (the new owner reads them), and offsets
// this subscription already handled are skipped when a rebalance makes the stream re-read from the
// committed offset.
// Known limits: a slow partition holds the others' next records until its batch is done; a batch
// holds what one fetch brought (the broker's answer to one fetch request), not a partition's whole
// backlog; during a rebalance an in-flight handler may overlap with the new owner of its partition
// (a duplicate, which consumers' de-duplication absorbs).
import { setTimeout as sleep } from 'node:timers/promises';
import { Admin, Consumer, Producer, ProduceAcks, type Message, type MessagesStream } from '@platformatic/kafka';
import { COMPACTED_TOPICS, TOPICS, type EventEnvelope, type Topic } from '@kestrel/shared';
import { busError } from './bus-error.js';
import { deliverWithRetry, resolveCommonOptions, validateSubscription, type RetryPolicy } from './delivery.js';
import { decodeEnvelope, encodeEnvelope } from './envelope.js';
import type { BatchEventHandler, DeliveryFailure, EventBus, EventBusCommonOptions, EventHandler, Subscription } from './event-bus.js';

/** Options of the Kafka bus. */
export interface KafkaEventBusOptions extends EventBusCommonOptions {
  /** Bootstrap brokers, `host:port`. */
  brokers: readonly string[];
  /** Client id reported to the brokers. Default `kestrel`. */
  clientId?: string;
  /** Prepended to every topic name and consumer group id on the cluster. Default none. */
  topicPrefix?: string;
  /** Replication factor of topics the bus creates; -1 = the broker's default. Default -1. */
  replicationFactor?: number;
  /** Consumer group session timeout. Default 10 000 ms. */
  sessionTimeoutMs?: number;
  /** Consumer heartbeat interval (must be below the session timeout). Default 1 000 ms. */
  heartbeatIntervalMs?: number;
  /** Longest time a fetch waits for new records; bounds how long close() can take. Default 500 ms. */
  maxWaitMs?: number;
  /** Per-request timeout. Default 10 000 ms. */
  requestTimeoutMs?: number;
}

interface ResolvedOptions {
  brokers: string[];
  clientId: string;
  topicPrefix: string;
  replicationFactor: number;
  partitions: number;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  maxWaitMs: number;
  requestTimeoutMs: number;
  retry: RetryPolicy;
  onFailure: (failure: DeliveryFailure) => void;
}

function resolveOptions(options: KafkaEventBusOptions): ResolvedOptions {
  const common = resolveCommonOptions(options);
  const brokers = [...(options.brokers ?? [])];
  if (brokers.length === 0 || brokers.some((broker) => !/^[^:\s]+:\d{1,5}$/.test(broker))) {
    throw busError('BUS_INVALID_OPTIONS', `brokers must be a non-empty list of host:port, got ${JSON.stringify(options.brokers)}`);
  }
  const topicPrefix = options.topicPrefix ?? '';
  if (!/^[A-Za-z0-9._-]{0,100}$/.test(topicPrefix)) {
    throw busError('BUS_INVALID_OPTIONS', `topicPrefix may hold only letters, digits, '.', '_' and '-'`);
  }
  const sessionTimeoutMs = options.sessionTimeoutMs ?? 10_000;
  const heartbeatIntervalMs = options.heartbeatIntervalMs ?? 1_000;
  if (!(heartbeatIntervalMs > 0 && heartbeatIntervalMs < sessionTimeoutMs)) {
    throw busError('BUS_INVALID_OPTIONS', 'heartbeatIntervalMs must be > 0 and below sessionTimeoutMs');
  }
  return {
    brokers,
    clientId: options.clientId ?? 'kestrel',
    topicPrefix,
    replicationFactor: options.replicationFactor ?? -1,
    partitions: common.partitions,
    sessionTimeoutMs,
    heartbeatIntervalMs,
    maxWaitMs: options.maxWaitMs ?? 500,
    requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
    retry: common.retry,
    onFailure: common.onFailure,
  };
}

/** EventBus on a Kafka cluster. */
export class KafkaEventBus implements EventBus {
  readonly #options: ResolvedOptions;
  #producer: Producer<Buffer, Buffer, string, string> | undefined;
  /** Tail of the send queue: each send starts after the previous one settled. */
  #sendQueue: Promise<unknown> = Promise.resolve();
  readonly #subscriptions = new Set<KafkaSubscription>();
  #topicsReady: Promise<void> | undefined;
  #closed = false;

  constructor(options: KafkaEventBusOptions) {
    this.#options = resolveOptions(options);
  }

  /** Physical Kafka topic name of a logical topic. */
  physicalTopic(topic: Topic): string {
    return this.#options.topicPrefix + topic;
  }

  /** Creates any missing topic (all of TOPICS) with the configured partition count. Idempotent. */
  ensureTopics(): Promise<void> {
    this.#topicsReady ??= this.#createTopics().catch((error: unknown) => {
      this.#topicsReady = undefined;
      throw error;
    });
    return this.#topicsReady;
  }

  async publish(event: EventEnvelope): Promise<void> {
    await this.publishBatch([event]);
  }

  async publishBatch(events: readonly EventEnvelope[]): Promise<void> {
    this.#assertOpen();
    const messages = events.map((event) => ({
      topic: this.physicalTopic(event.topic),
      key: Buffer.from(event.key, 'utf8'),
      value: encodeEnvelope(event),
      headers: new Map([['kestrel-event-id', event.id]]),
    }));
    if (messages.length === 0) return;
    await this.ensureTopics();
    const send = this.#sendQueue.then(async () => {
      this.#assertOpen();
      const producer = (this.#producer ??= this.#createProducer());
      try {
        await producer.send({ messages });
      } catch (error) {
        this.#producer = undefined;
        await new Promise<void>((resolve) => producer.close(true, () => resolve()));
        throw busError('BUS_PUBLISH_FAILED', `publishing ${messages.length} event(s) to Kafka failed: ${describe(error)}`, error);
      }
    });
    this.#sendQueue = send.catch(() => {});
    await send;
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
    await this.ensureTopics();
    const subscription = new KafkaSubscription(this.#options, groupId, topicList, handler, maxBatch, () => {
      this.#subscriptions.delete(subscription);
    });
    this.#subscriptions.add(subscription);
    try {
      await subscription.start();
    } catch (error) {
      await subscription.close();
      throw busError('BUS_SUBSCRIBE_FAILED', `joining consumer group ${groupId} failed: ${describe(error)}`, error);
    }
    return subscription;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([...this.#subscriptions].map((subscription) => subscription.close()));
    await this.#sendQueue;
    await this.#producer?.close();
    this.#producer = undefined;
  }

  #assertOpen(): void {
    if (this.#closed) throw busError('BUS_CLOSED', 'the event bus is closed');
  }

  #createProducer(): Producer<Buffer, Buffer, string, string> {
    return new Producer({
      clientId: `${this.#options.clientId}-producer`,
      bootstrapBrokers: this.#options.brokers,
      idempotent: true,
      acks: ProduceAcks.ALL,
      timeout: this.#options.requestTimeoutMs,
      retries: 5,
      serializers: { headerKey: stringSerializer, headerValue: stringSerializer },
    });
  }

  async #createTopics(): Promise<void> {
    const admin = new Admin({
      clientId: `${this.#options.clientId}-admin`,
      bootstrapBrokers: this.#options.brokers,
      timeout: this.#options.requestTimeoutMs,
    });
    try {
      const existing = new Set(await admin.listTopics());
      const missing = TOPICS.filter((topic: Topic) => !existing.has(this.physicalTopic(topic)));
      for (const topic of missing) {
        try {
          await admin.createTopics({
            topics: [this.physicalTopic(topic)],
            partitions: this.#options.partitions,
            replicas: this.#options.replicationFactor,
            ...(COMPACTED_TOPICS.includes(topic) ? { configs: [{ name: 'cleanup.policy', value: 'compact' }] } : {}),
          });
        } catch (error) {
          // Another process created it between our list and create: that is the state we wanted.
          if (!findProtocolError(error, 'TOPIC_ALREADY_EXISTS')) throw error;
        }
      }
    } catch (error) {
      throw busError('BUS_SUBSCRIBE_FAILED', `creating Kafka topics failed: ${describe(error)}`, error);
    } finally {
      await admin.close();
    }
  }
}

type KafkaStream = MessagesStream<Buffer, Buffer, string, string>;
type KafkaMessage = Message<Buffer, Buffer, string, string>;

/** Leaves the group without waiting for in-flight fetches; never throws (used on shutdown and recovery). */
function forceClose(consumer: Consumer<Buffer, Buffer, string, string> | undefined): Promise<void> {
  if (!consumer) return Promise.resolve();
  return new Promise((resolve) => consumer.close(true, () => resolve()));
}

/** One Kafka consumer in one group. */
class KafkaSubscription implements Subscription {
  readonly groupId: string;
  readonly topics: readonly Topic[];
  readonly #options: ResolvedOptions;
  readonly #handler: BatchEventHandler;
  /** Most records handed to the handler at once. */
  readonly #maxBatch: number;
  readonly #onClosed: () => void;
  readonly #abort = new AbortController();
  /** Next offset to handle per `topic#partition`: offsets below it were already handled here. */
  readonly #nextOffset = new Map<string, bigint>();
  #consumer: Consumer<Buffer, Buffer, string, string> | undefined;
  #running: Promise<void> | undefined;
  #closing: Promise<void> | undefined;

  constructor(
    options: ResolvedOptions,
    groupId: string,
    topics: readonly Topic[],
    handler: BatchEventHandler,
    maxBatch: number,
    onClosed: () => void,
  ) {
    this.#options = options;
    this.groupId = groupId;
    this.topics = topics;
    this.#handler = handler;
    this.#maxBatch = maxBatch;
    this.#onClosed = onClosed;
  }

  /** Joins the group; resolves once the first assignment arrived and the consume loop runs. */
  async start(): Promise<void> {
    const stream = await this.#connect();
    this.#running = this.#run(stream);
  }

  assignedPartitions(): ReadonlyMap<Topic, readonly number[]> {
    const result = new Map<Topic, number[]>();
    for (const topic of this.topics) result.set(topic, []);
    if (this.#closing) return result;
    for (const assignment of this.#consumer?.assignments ?? []) {
      const topic = this.#logicalTopic(assignment.topic);
      if (topic) result.set(topic, [...assignment.partitions].sort((a, b) => a - b));
    }
    return result;
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#abort.abort();
      // Closing the consumer ends the stream, which ends the run loop after its in-flight record.
      await forceClose(this.#consumer);
      await this.#running;
      this.#onClosed();
    })();
    return this.#closing;
  }

  async #connect(): Promise<KafkaStream> {
    const consumer = new Consumer<Buffer, Buffer, string, string>({
      clientId: `${this.#options.clientId}-${this.groupId}`,
      bootstrapBrokers: this.#options.brokers,
      groupId: this.#options.topicPrefix + this.groupId,
      sessionTimeout: this.#options.sessionTimeoutMs,
      rebalanceTimeout: this.#options.sessionTimeoutMs,
      heartbeatInterval: this.#options.heartbeatIntervalMs,
      maxWaitTime: this.#options.maxWaitMs,
      timeout: this.#options.requestTimeoutMs,
      autocommit: false,
      // The stream buffers at least one batch, so a fetch's records can be taken together.
      highWaterMark: Math.max(128, this.#maxBatch),
      deserializers: { headerKey: stringDeserializer, headerValue: stringDeserializer },
    });
    this.#consumer = consumer;
    return consumer.consume({
      topics: this.topics.map((topic) => this.#options.topicPrefix + topic),
      mode: 'committed',
      fallbackMode: 'earliest',
      autocommit: false,
    });
  }

  /** Consumes until closed; a broken stream is reported and the consumer rebuilt after a pause. */
  async #run(firstStream: KafkaStream): Promise<void> {
    let stream: KafkaStream | undefined = firstStream;
    let pause = this.#options.retry.initialMs;
    while (!this.#abort.signal.aborted) {
      try {
        stream ??= await this.#connect();
        for await (const first of stream) {
          if (this.#abort.signal.aborted) break;
          // Whatever else the client has already buffered joins the first record (no waiting).
          const messages: KafkaMessage[] = [first];
          while (messages.length < this.#maxBatch) {
            const next = stream.read() as KafkaMessage | null;
            if (next === null) break;
            messages.push(next);
          }
          await this.#handle(messages);
          pause = this.#options.retry.initialMs;
        }
        if (this.#abort.signal.aborted) break;
        throw new Error('the Kafka message stream ended unexpectedly');
      } catch (error) {
        if (this.#abort.signal.aborted) break;
        this.#options.onFailure({ kind: 'consumer', groupId: this.groupId, topic: this.topics.join(','), error });
        await forceClose(this.#consumer);
        stream = undefined;
        await sleep(pause, undefined, { signal: this.#abort.signal }).catch(() => {});
        pause = Math.min(pause * 2, this.#options.retry.maxMs);
      }
    }
  }

  /**
   * Handles `messages` split by partition: the partitions' runs at once (as the in-process bus
   * pumps its partitions, so a handler can merge them), each run's records in offset order.
   */
  async #handle(messages: readonly KafkaMessage[]): Promise<void> {
    const byPartition = new Map<string, KafkaMessage[]>();
    for (const message of messages) {
      const slot = `${message.topic}#${message.partition}`;
      byPartition.set(slot, [...(byPartition.get(slot) ?? []), message]);
    }
    await Promise.all([...byPartition].map(([slot, run]) => this.#handleRun(slot, run)));
  }

  /** Hands one partition's records over as batches (stopping if the subscription closes). */
  async #handleRun(slot: string, run: readonly KafkaMessage[]): Promise<void> {
    const { topic: physicalTopic, partition } = run[0]!;
    const topic = this.#logicalTopic(physicalTopic);
    const next = this.#nextOffset.get(slot);
    if (!topic || !this.#owns(physicalTopic, partition)) return;
    let events: EventEnvelope[] = [];
    let last: KafkaMessage | undefined;
    for (const message of run) {
      if (next !== undefined && message.offset < next) continue;
      try {
        const event = decodeEnvelope(message.value);
        if (event.topic !== topic) throw busError('BUS_INVALID_ENVELOPE', `envelope topic ${event.topic} read from ${topic}`);
        events.push(event);
        last = message;
      } catch (error) {
        // No retry could make the record valid: what came before it goes as one batch, it is skipped.
        if (!(await this.#deliver(topic, slot, events, last))) return;
        events = [];
        last = undefined;
        this.#options.onFailure({ kind: 'decode', groupId: this.groupId, topic, partition, error });
        await this.#acknowledge(topic, slot, message);
      }
    }
    await this.#deliver(topic, slot, events, last);
  }

  /** Runs the handler on `events` (retrying) and commits past `last`; false when the subscription closed first. */
  async #deliver(topic: Topic, slot: string, events: readonly EventEnvelope[], last: KafkaMessage | undefined): Promise<boolean> {
    if (events.length === 0 || !last) return true;
    const handled = await deliverWithRetry(
      (_, context) => this.#handler(events, context),
      events[0]!,
      last.partition,
      this.groupId,
      this.#options.retry,
      this.#abort.signal,
      this.#options.onFailure,
    );
    if (handled) await this.#acknowledge(topic, slot, last);
    return handled;
  }

  /** Marks everything up to `message` handled here and commits its offset. */
  async #acknowledge(topic: Topic, slot: string, message: KafkaMessage): Promise<void> {
    this.#nextOffset.set(slot, message.offset + 1n);
    try {
      await message.commit();
    } catch (error) {
      // Usually a rebalance took the partition away; its new owner re-reads from the last commit.
      this.#options.onFailure({ kind: 'consumer', groupId: this.groupId, topic, partition: message.partition, error });
    }
  }

  #owns(physicalTopic: string, partition: number): boolean {
    const assignments = this.#consumer?.assignments;
    if (!assignments) return false;
    return assignments.some((a) => a.topic === physicalTopic && a.partitions.includes(partition));
  }

  #logicalTopic(physicalTopic: string): Topic | undefined {
    const prefix = this.#options.topicPrefix;
    if (!physicalTopic.startsWith(prefix)) return undefined;
    const name = physicalTopic.slice(prefix.length);
    return this.topics.find((topic) => topic === name);
  }
}

function stringSerializer(value: string | undefined): Buffer | undefined {
  return value === undefined ? undefined : Buffer.from(value, 'utf8');
}

function stringDeserializer(value: Buffer | undefined): string | undefined {
  return value?.toString('utf8');
}

/** True when `error` (or one it aggregates) is the Kafka protocol error `apiId`. */
function findProtocolError(error: unknown, apiId: string): boolean {
  const candidate = error as { findBy?: (property: string, value: unknown) => unknown };
  return typeof candidate?.findBy === 'function' && Boolean(candidate.findBy('apiId', apiId));
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
