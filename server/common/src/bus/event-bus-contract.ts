// The one contract suite every EventBus implementation must pass (in-process-event-bus.test.ts and
// kafka-event-bus.test.ts run it). It pins the semantics documented in event-bus.ts: per-key order,
// groups that split partitions, groups that each see everything, earliest start for new groups,
// retries that keep order, at-least-once redelivery of unacknowledged events and committed progress.
// Each test gets a fresh bus (for Kafka: fresh topics), so tests never see each other's events.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { EventEnvelope, Topic } from '@kestrel/shared';
import { waitFor } from '../testing/require-test-env.js';
import { createEnvelope } from './envelope.js';
import type { DeliveryFailure, EventBus, EventBusCommonOptions, Subscription } from './event-bus.js';

/** Partitions every contract bus is created with. */
export const CONTRACT_PARTITIONS = 4;

/** How the suite builds a bus and how long it waits for asynchronous effects. */
export interface EventBusContractTarget {
  /** Creates a fresh, isolated bus with the given options. */
  createBus(options: Required<Pick<EventBusCommonOptions, 'partitions' | 'onFailure' | 'retryInitialMs' | 'retryMaxMs'>>): Promise<EventBus>;
  /** Longest wait for a delivery or a rebalance. */
  timeoutMs: number;
  /** Quiet period after which no further delivery is expected. */
  settleMs: number;
}

interface Received {
  event: EventEnvelope;
  partition: number;
  attempt: number;
}

/** Subscribes and records every delivery. */
async function record(bus: EventBus, topics: Topic | Topic[], groupId: string): Promise<{ received: Received[]; subscription: Subscription }> {
  const received: Received[] = [];
  const subscription = await bus.subscribe(topics, groupId, async (event, context) => {
    received.push({ event, partition: context.partition, attempt: context.attempt });
  });
  return { received, subscription };
}

const ids = (received: Received[]): string[] => received.map((r) => r.event.id);
const eventIds = (events: EventEnvelope[]): string[] => events.map((event) => event.id);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Events over `keys` keys, `perKey` each, interleaved key by key; payload carries the per-key sequence. */
function interleaved(topic: Topic, keys: number, perKey: number, tag: string): EventEnvelope<{ seq: number; tag: string }>[] {
  const events: EventEnvelope<{ seq: number; tag: string }>[] = [];
  for (let seq = 0; seq < perKey; seq++) {
    for (let k = 0; k < keys; k++) events.push(createEnvelope(topic, `key-${k}`, { seq, tag }));
  }
  return events;
}

/** Asserts every key's events arrived in publish order. */
function assertPerKeyOrder(received: Received[], published: EventEnvelope[]): void {
  const publishedByKey = new Map<string, string[]>();
  for (const event of published) publishedByKey.set(event.key, [...(publishedByKey.get(event.key) ?? []), event.id]);
  const receivedByKey = new Map<string, string[]>();
  for (const { event } of received) receivedByKey.set(event.key, [...(receivedByKey.get(event.key) ?? []), event.id]);
  for (const [key, order] of publishedByKey) assert.deepEqual(receivedByKey.get(key), order, `order of key ${key}`);
}

/** Registers the contract tests for one implementation. */
export function eventBusContract(name: string, target: EventBusContractTarget): void {
  describe(`EventBus contract: ${name}`, () => {
    let bus: EventBus | undefined;
    let failures: DeliveryFailure[] = [];
    let groupSeq = 0;
    const group = (label: string) => `contract-${label}-${process.pid}-${Date.now()}-${groupSeq++}`;

    const open = async (): Promise<EventBus> => {
      failures = [];
      bus = await target.createBus({
        partitions: CONTRACT_PARTITIONS,
        onFailure: (failure) => failures.push(failure),
        retryInitialMs: 20,
        retryMaxMs: 80,
      });
      return bus;
    };

    afterEach(async () => {
      await bus?.close();
      bus = undefined;
    });

    it('delivers events published before and after a new group subscribes, as a faithful copy', async () => {
      const b = await open();
      const before = createEnvelope('orders.created', 'acct-1', { orderId: 'o-1', quantity: 5, nested: { list: [1, 'two', null] } });
      await b.publish(before);
      const { received } = await record(b, 'orders.created', group('copy'));
      const after = createEnvelope('orders.created', 'acct-1', { orderId: 'o-2', quantity: 7 });
      await b.publish(after);
      await waitFor(() => received.length >= 2, target.timeoutMs, 'two deliveries');
      assert.deepEqual(
        received.map((r) => r.event),
        [before, after],
      );
      assert.notEqual(received[0]!.event, before, 'handlers get their own copy, not the publisher object');
      assert.equal(received[0]!.attempt, 1);
      await sleep(target.settleMs);
      assert.equal(received.length, 2, 'no duplicate deliveries in the steady state');
    });

    it("keeps each key's events in publish order (single publishes and batches)", async () => {
      const b = await open();
      const { received } = await record(b, 'orders.executed', group('order'));
      const singles = interleaved('orders.executed', 5, 6, 'single');
      for (const event of singles) await b.publish(event);
      const batch = interleaved('orders.executed', 5, 6, 'batch');
      await b.publishBatch(batch);
      const published = [...singles, ...batch];
      await waitFor(() => received.length >= published.length, target.timeoutMs, `${published.length} deliveries`);
      assertPerKeyOrder(received, published);
      const partitionOfKey = new Map<string, number>();
      for (const { event, partition } of received) {
        assert.equal(partitionOfKey.get(event.key) ?? partition, partition, `key ${event.key} stays on one partition`);
        partitionOfKey.set(event.key, partition);
      }
    });

    it('batch subscriptions get every event once, each batch from one partition in order, and a failed batch again', async () => {
      const b = await open();
      const received: Received[] = [];
      let failOnce = true;
      await b.subscribeBatch(
        'orders.executed',
        group('batch'),
        async (events, context) => {
          assert.ok(events.length >= 1 && events.length <= 8, `batch of ${events.length}`);
          if (failOnce) {
            failOnce = false;
            throw new Error('first batch fails');
          }
          for (const event of events) received.push({ event, partition: context.partition, attempt: context.attempt });
        },
        8,
      );
      const published = interleaved('orders.executed', 5, 6, 'batched');
      await b.publishBatch(published);
      await waitFor(() => received.length >= published.length, target.timeoutMs, `${published.length} deliveries`);
      await sleep(target.settleMs);
      assert.equal(received.length, published.length, 'each event once (the failed batch was retried, not lost or doubled)');
      assertPerKeyOrder(received, published);
    });

    it('hands a backlog over in batches of more than one, never above maxBatch, in order', async () => {
      const b = await open();
      // One key: the whole backlog is in one partition, waiting before the group first subscribes.
      const published = Array.from({ length: 40 }, (_, seq) => createEnvelope('orders.commands', 'acct-backlog', { seq }));
      await b.publishBatch(published);
      const sizes: number[] = [];
      const received: Received[] = [];
      await b.subscribeBatch(
        'orders.commands',
        group('backlog'),
        async (events, context) => {
          sizes.push(events.length);
          for (const event of events) received.push({ event, partition: context.partition, attempt: context.attempt });
        },
        16,
      );
      await waitFor(() => received.length >= published.length, target.timeoutMs, `${published.length} deliveries`);
      await sleep(target.settleMs);
      assert.deepEqual(eventIds(received.map((r) => r.event)), eventIds(published), 'each event once, in publish order');
      assert.ok(Math.max(...sizes) > 1, `the backlog came in batches of more than one (sizes ${sizes.join(',')})`);
      assert.ok(Math.max(...sizes) <= 16, `no batch above maxBatch (sizes ${sizes.join(',')})`);
      assert.ok(sizes.length < published.length, `fewer handler calls than events (sizes ${sizes.join(',')})`);
    });

    it('accepts concurrent publishes from many callers, each keeping its own order', async () => {
      const b = await open();
      const { received } = await record(b, 'market.data', group('concurrent'));
      // Four callers publishing at once, each on its own keys, some of them in the same partitions.
      const callers = [0, 1, 2, 3].map((c) =>
        Array.from({ length: 5 }, (_, round) => interleaved('market.data', 3, 2, `c${c}r${round}`).map((e) => ({ ...e, key: `c${c}-${e.key}` }))),
      );
      await Promise.all(
        callers.map(async (batches) => {
          for (const batch of batches) await b.publishBatch(batch);
        }),
      );
      const published = callers.flat(2);
      await waitFor(() => received.length >= published.length, target.timeoutMs, `${published.length} deliveries`);
      assert.deepEqual(new Set(ids(received)), new Set(eventIds(published)));
      assertPerKeyOrder(received, published);
    });

    it('gives every group every event', async () => {
      const b = await open();
      const first = await record(b, 'positions.updated', group('all-a'));
      const second = await record(b, 'positions.updated', group('all-b'));
      const published = interleaved('positions.updated', 4, 5, 'fanout');
      await b.publishBatch(published);
      await waitFor(
        () => first.received.length >= published.length && second.received.length >= published.length,
        target.timeoutMs,
        'both groups to receive everything',
      );
      await sleep(target.settleMs);
      assert.deepEqual(new Set(ids(first.received)), new Set(eventIds(published)));
      assert.deepEqual(new Set(ids(second.received)), new Set(eventIds(published)));
      assert.equal(first.received.length, published.length);
      assert.equal(second.received.length, published.length);
    });

    it('splits partitions between the members of one group, each event handled once', async () => {
      const b = await open();
      const groupId = group('split');
      const a = await record(b, 'market.data', groupId);
      const c = await record(b, 'market.data', groupId);
      const partitionsOf = (s: Subscription) => [...(s.assignedPartitions().get('market.data') ?? [])];
      await waitFor(
        () => {
          const pa = partitionsOf(a.subscription);
          const pc = partitionsOf(c.subscription);
          return pa.length > 0 && pc.length > 0 && pa.length + pc.length === CONTRACT_PARTITIONS && !pa.some((p) => pc.includes(p));
        },
        target.timeoutMs,
        'the two members to own disjoint, non-empty partition sets covering the topic',
      );
      const published = interleaved('market.data', 24, 3, 'split');
      await b.publishBatch(published);
      await waitFor(() => a.received.length + c.received.length >= published.length, target.timeoutMs, 'all deliveries');
      await sleep(target.settleMs);
      const all = [...ids(a.received), ...ids(c.received)].sort();
      assert.deepEqual(all, published.map((event) => event.id).sort(), 'each event exactly once');
      assert.ok(a.received.length > 0 && c.received.length > 0, 'both members got work');
      const keysOf = (r: Received[]) => new Set(r.map((x) => x.event.key));
      for (const key of keysOf(a.received)) assert.ok(!keysOf(c.received).has(key), `key ${key} handled by one member only`);
      assertPerKeyOrder([...a.received, ...c.received], published);
      const pa = partitionsOf(a.subscription);
      for (const r of a.received) assert.ok(pa.includes(r.partition), 'a member only receives its own partitions');
    });

    it('hands partitions of a member that leaves to the remaining member', async () => {
      const b = await open();
      const groupId = group('leave');
      const a = await record(b, 'strategies.signals', groupId);
      const c = await record(b, 'strategies.signals', groupId);
      await waitFor(
        () => (a.subscription.assignedPartitions().get('strategies.signals') ?? []).length < CONTRACT_PARTITIONS,
        target.timeoutMs,
        'the first member to give up partitions',
      );
      await c.subscription.close();
      await waitFor(
        () => (a.subscription.assignedPartitions().get('strategies.signals') ?? []).length === CONTRACT_PARTITIONS,
        target.timeoutMs,
        'the remaining member to own every partition',
      );
      const published = interleaved('strategies.signals', 8, 2, 'leave');
      await b.publishBatch(published);
      await waitFor(() => a.received.length >= published.length, target.timeoutMs, 'the remaining member to get everything');
      assert.deepEqual(new Set(ids(a.received)), new Set(eventIds(published)));
    });

    it('retries a failing handler, keeping later events of the partition waiting', async () => {
      const b = await open();
      const seen: { id: string; attempt: number }[] = [];
      let failuresLeft = 3;
      const first = createEnvelope('orders.created', 'acct-retry', { n: 1 });
      const second = createEnvelope('orders.created', 'acct-retry', { n: 2 });
      await b.subscribe('orders.created', group('retry'), async (event, context) => {
        seen.push({ id: event.id, attempt: context.attempt });
        if (event.id === first.id && failuresLeft-- > 0) throw new Error('transient failure');
      });
      await b.publishBatch([first, second]);
      await waitFor(() => seen.some((s) => s.id === second.id), target.timeoutMs, 'the second event');
      assert.deepEqual(seen, [
        { id: first.id, attempt: 1 },
        { id: first.id, attempt: 2 },
        { id: first.id, attempt: 3 },
        { id: first.id, attempt: 4 },
        { id: second.id, attempt: 1 },
      ]);
      const handlerFailures = failures.filter((f) => f.kind === 'handler');
      assert.equal(handlerFailures.length, 3);
      assert.equal(handlerFailures[0]!.event?.id, first.id);
    });

    it('redelivers an event whose handler never succeeded to the next member of the group', async () => {
      const b = await open();
      const groupId = group('redeliver');
      const event = createEnvelope('orders.executed', 'acct-crash', { fill: 1 });
      let attempts = 0;
      const failing = await b.subscribe('orders.executed', groupId, async () => {
        attempts++;
        throw new Error('handler keeps failing');
      });
      await b.publish(event);
      await waitFor(() => attempts >= 2, target.timeoutMs, 'the failing handler to be retried');
      await failing.close();
      const next = await record(b, 'orders.executed', groupId);
      await waitFor(() => next.received.length >= 1, target.timeoutMs, 'redelivery to the next member');
      assert.equal(next.received[0]!.event.id, event.id);
    });

    it('remembers acknowledged progress: a returning group gets only newer events', async () => {
      const b = await open();
      const groupId = group('progress');
      const old = interleaved('positions.updated', 3, 2, 'old');
      const first = await record(b, 'positions.updated', groupId);
      await b.publishBatch(old);
      await waitFor(() => first.received.length >= old.length, target.timeoutMs, 'the first batch');
      await first.subscription.close();
      const fresh = interleaved('positions.updated', 3, 2, 'new');
      await b.publishBatch(fresh);
      const second = await record(b, 'positions.updated', groupId);
      await waitFor(() => second.received.length >= fresh.length, target.timeoutMs, 'the second batch');
      await sleep(target.settleMs);
      assert.deepEqual(new Set(ids(second.received)), new Set(eventIds(fresh)), 'no acknowledged event is delivered again');
    });

    it('subscribes to several topics at once and reports which topic each event came from', async () => {
      const b = await open();
      const { received, subscription } = await record(b, ['orders.created', 'orders.executed'], group('multi'));
      assert.deepEqual([...subscription.assignedPartitions().keys()].sort(), ['orders.created', 'orders.executed']);
      const created = createEnvelope('orders.created', 'acct-m', { a: 1 });
      const executed = createEnvelope('orders.executed', 'acct-m', { b: 2 });
      const ignored = createEnvelope('market.data', 'SYM', { c: 3 });
      await b.publishBatch([created, executed, ignored]);
      await waitFor(() => received.length >= 2, target.timeoutMs, 'both topics');
      await sleep(target.settleMs);
      assert.deepEqual(ids(received).sort(), [created.id, executed.id].sort());
      assert.deepEqual(received.map((r) => r.event.topic).sort(), ['orders.created', 'orders.executed']);
    });

    it('rejects bad input with stable codes', async () => {
      const b = await open();
      const valid = createEnvelope('orders.created', 'k', { x: 1 });
      await assert.rejects(b.publish({ ...valid, id: 'not-a-uuid' }), { code: 'BUS_INVALID_ENVELOPE' });
      await assert.rejects(b.publish({ ...valid, topic: 'orders.deleted' as Topic }), { code: 'BUS_INVALID_ENVELOPE' });
      await assert.rejects(b.publish({ ...valid, key: '' }), { code: 'BUS_INVALID_ENVELOPE' });
      await assert.rejects(b.publish({ ...valid, occurredAt: 'yesterday' }), { code: 'BUS_INVALID_ENVELOPE' });
      await assert.rejects(b.publishBatch([valid, { ...valid, payload: undefined }]), { code: 'BUS_INVALID_ENVELOPE' });
      await assert.rejects(b.subscribe('orders.deleted' as Topic, group('bad'), async () => {}), { code: 'BUS_UNKNOWN_TOPIC' });
      await assert.rejects(b.subscribe([], group('bad'), async () => {}), { code: 'BUS_UNKNOWN_TOPIC' });
      await assert.rejects(b.subscribe('orders.created', 'bad group!', async () => {}), { code: 'BUS_INVALID_GROUP' });
      // Nothing of the rejected batch may have been published.
      const { received } = await record(b, 'orders.created', group('after-bad'));
      await sleep(target.settleMs);
      assert.deepEqual(received, []);
      await b.close();
      await assert.rejects(b.publish(valid), { code: 'BUS_CLOSED' });
      await assert.rejects(b.subscribe('orders.created', group('closed'), async () => {}), { code: 'BUS_CLOSED' });
    });
  });
}
