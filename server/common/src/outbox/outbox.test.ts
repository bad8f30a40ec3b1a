// Integration tests of the transactional outbox against real PostgreSQL and real Kafka: atomicity
// with the caller's transaction, real crashes of a relay process before and after publishing,
// concurrent relays, per-key order, exactly-once effects through processed_events, and metrics.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { Registry } from 'prom-client';
import type { EventEnvelope, Topic } from '@kestrel/shared';
import { createEnvelope } from '../bus/envelope.js';
import type { EventBus } from '../bus/event-bus.js';
import { InProcessEventBus } from '../bus/in-process-event-bus.js';
import { KafkaEventBus } from '../bus/kafka-event-bus.js';
import { withTransaction } from '../db/transaction.js';
import { requireTestEnv, waitFor } from '../testing/require-test-env.js';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.js';
import { enqueue } from './enqueue.js';
import { idempotentHandler, purgeProcessedEvents, subscribeIdempotent } from './idempotent-consumer.js';
import { OutboxRelay } from './relay.js';

const CHILD = fileURLToPath(new URL('./relay-crash-child.ts', import.meta.url));

describe('transactional outbox (PostgreSQL + Kafka)', () => {
  let db: TestDatabase;
  const buses: EventBus[] = [];
  const relays: OutboxRelay[] = [];

  before(async () => {
    requireTestEnv('KESTREL_TEST_KAFKA_BROKERS');
    db = await createTestDatabase('outbox');
    await db.pool.query('CREATE TABLE effects (event_id uuid NOT NULL, group_id text NOT NULL, at timestamptz DEFAULT now())');
  });

  after(async () => {
    await Promise.all(relays.map((relay) => relay.stop()));
    await Promise.all(buses.map((bus) => bus.close()));
    await db?.drop();
  });

  /** A Kafka bus on fresh topics (same prefix = same topics, for a crashed relay and its successor). */
  const kafkaBus = (topicPrefix = `o${randomUUID().slice(0, 8)}.`): KafkaEventBus => {
    const bus = new KafkaEventBus({
      brokers: requireTestEnv('KESTREL_TEST_KAFKA_BROKERS').split(','),
      topicPrefix,
      partitions: 3,
      replicationFactor: 1,
      sessionTimeoutMs: 3000,
      heartbeatIntervalMs: 200,
      maxWaitMs: 100,
      retryInitialMs: 20,
      retryMaxMs: 100,
    });
    buses.push(bus);
    return bus;
  };

  const relay = (bus: EventBus, options: Partial<ConstructorParameters<typeof OutboxRelay>[0]> = {}): OutboxRelay => {
    const created = new OutboxRelay({ pool: db.pool, bus, listen: false, ...options });
    relays.push(created);
    return created;
  };

  /** Enqueues events in one committed transaction. */
  const commit = (events: EventEnvelope[]) => withTransaction(db.pool, (client) => enqueue(client, events));

  /** Subscribes an idempotent consumer whose effect is one row in `effects` per handled event. */
  const effectConsumer = async (bus: EventBus, topic: Topic, groupId: string) => {
    const calls: EventEnvelope[] = [];
    await subscribeIdempotent(bus, db.pool, topic, groupId, async (event, client) => {
      await client.query('INSERT INTO effects (event_id, group_id) VALUES ($1, $2)', [event.id, groupId]);
    });
    // A second, plain subscription of another group records raw deliveries (duplicates included).
    await bus.subscribe(topic, `${groupId}-raw`, async (event) => {
      calls.push(event);
    });
    return calls;
  };

  const effectCounts = async (groupId: string, ids: string[]): Promise<number[]> => {
    const { rows } = await db.pool.query<{ id: string; n: string }>(
      `SELECT i.id, count(e.event_id) AS n FROM unnest($1::uuid[]) AS i(id)
       LEFT JOIN effects e ON e.event_id = i.id AND e.group_id = $2 GROUP BY i.id`,
      [ids, groupId],
    );
    const byId = new Map(rows.map((row) => [row.id, Number(row.n)]));
    return ids.map((id) => byId.get(id) ?? 0);
  };

  const unpublished = async (ids: string[]): Promise<number> => {
    const { rows } = await db.pool.query<{ n: string }>(
      'SELECT count(*) AS n FROM outbox WHERE id = ANY($1::uuid[]) AND published_at IS NULL',
      [ids],
    );
    return Number(rows[0]!.n);
  };

  /**
   * Drains with a fresh relay until `expected` rows went out. The killed child's backend may hold
   * its row locks for a few milliseconds after the kill, and SKIP LOCKED passes over them meanwhile.
   */
  const republish = async (bus: EventBus, expected: number): Promise<number> => {
    const successor = relay(bus);
    let total = 0;
    await waitFor(
      async () => {
        total += await successor.drain();
        return total >= expected;
      },
      30_000,
      'the restarted relay to publish the rows',
    );
    return total;
  };

  const runCrashingChild = (topicPrefix: string, stage: 'claimed' | 'published') =>
    new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', CHILD, db.url, requireTestEnv('KESTREL_TEST_KAFKA_BROKERS'), topicPrefix, stage],
        { stdio: ['ignore', 'inherit', 'inherit'] },
      );
      child.on('error', reject);
      child.on('exit', (code, signal) => resolve({ code, signal }));
    });

  it('publishes committed events with their envelope intact, and nothing from a rolled-back transaction', async () => {
    const bus = kafkaBus();
    const received: EventEnvelope[] = [];
    await bus.subscribe('orders.created', `g-${randomUUID()}`, async (event) => {
      received.push(event);
    });
    const committed = createEnvelope('orders.created', 'acct-1', { orderId: 'o-1', priceTicks: 101_25, lots: 3, tags: ['a'] });
    const rolledBack = createEnvelope('orders.created', 'acct-1', { orderId: 'o-2' });
    await commit([committed]);
    await assert.rejects(
      withTransaction(db.pool, async (client) => {
        await enqueue(client, rolledBack);
        throw new Error('business rule failed after enqueue');
      }),
      /business rule failed/,
    );
    assert.equal(await relay(bus).drain(), 1);
    await waitFor(() => received.length >= 1, 60_000, 'the committed event');
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.deepEqual(received, [committed]);
    const { rows } = await db.pool.query('SELECT id FROM outbox WHERE id = $1', [rolledBack.id]);
    assert.deepEqual(rows, [], 'the rolled-back row never existed');
  });

  it('refuses a client outside a transaction, duplicate ids and invalid envelopes', async () => {
    const event = createEnvelope('orders.created', 'acct-x', { n: 1 });
    const client = await db.pool.connect();
    try {
      await assert.rejects(enqueue(client, event), { code: 'OUTBOX_NOT_IN_TRANSACTION' });
    } finally {
      client.release();
    }
    await commit([event]);
    await assert.rejects(commit([event]), { code: 'OUTBOX_DUPLICATE_EVENT' });
    const other = createEnvelope('orders.created', 'acct-x', { n: 2 });
    await assert.rejects(commit([other, { ...event, id: 'nope' }]), { code: 'BUS_INVALID_ENVELOPE' });
    assert.equal(await unpublished([other.id]), 0, 'nothing of a rejected list was written');
    await db.pool.query('DELETE FROM outbox WHERE id = $1', [event.id]);
  });

  it('a relay killed before publishing leaves its rows for the next relay: every effect exactly once', async () => {
    const topicPrefix = `o${randomUUID().slice(0, 8)}.`;
    const bus = kafkaBus(topicPrefix);
    await bus.ensureTopics();
    const groupId = `crash-before-${randomUUID()}`;
    const raw = await effectConsumer(bus, 'orders.executed', groupId);
    const events = Array.from({ length: 6 }, (_, i) => createEnvelope('orders.executed', `acct-${i % 2}`, { fill: i }));
    await commit(events);
    const ids = events.map((event) => event.id);

    const exit = await runCrashingChild(topicPrefix, 'claimed');
    assert.equal(exit.signal, 'SIGKILL', 'the child relay crashed at the claimed stage');
    assert.equal(await unpublished(ids), ids.length, 'rows stay unpublished');
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(raw.length, 0, 'nothing reached Kafka');

    assert.equal(await republish(bus, ids.length), ids.length, 'the restarted relay publishes every row');
    await waitFor(async () => (await effectCounts(groupId, ids)).every((n) => n === 1), 60_000, 'every effect');
    await waitFor(() => raw.length >= ids.length, 60_000, 'raw deliveries');
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.deepEqual(await effectCounts(groupId, ids), ids.map(() => 1));
    assert.equal(raw.length, ids.length, 'published exactly once');
    assert.equal(await unpublished(ids), 0);
  });

  it('a relay killed after publishing but before its commit republishes on restart: de-dup keeps every effect at one', async () => {
    const topicPrefix = `o${randomUUID().slice(0, 8)}.`;
    const bus = kafkaBus(topicPrefix);
    await bus.ensureTopics();
    const groupId = `crash-after-${randomUUID()}`;
    const raw = await effectConsumer(bus, 'positions.updated', groupId);
    const events = Array.from({ length: 6 }, (_, i) => createEnvelope('positions.updated', `acct-${i % 3}`, { qty: i }));
    await commit(events);
    const ids = events.map((event) => event.id);

    const exit = await runCrashingChild(topicPrefix, 'published');
    assert.equal(exit.signal, 'SIGKILL', 'the child relay crashed at the published stage');
    assert.equal(await unpublished(ids), ids.length, 'its mark never committed');
    await waitFor(() => raw.length >= ids.length, 60_000, 'the first (crashed) publication to arrive');

    assert.equal(await republish(bus, ids.length), ids.length, 'the restarted relay publishes the rows again');
    await waitFor(() => raw.length >= 2 * ids.length, 60_000, 'the second publication to arrive');
    await waitFor(async () => (await effectCounts(groupId, ids)).every((n) => n >= 1), 60_000, 'every effect');
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.deepEqual(await effectCounts(groupId, ids), ids.map(() => 1), 'each event had exactly one effect');
    for (const id of ids) assert.equal(raw.filter((event) => event.id === id).length, 2, 'each event was delivered twice');
  });

  it('concurrent relays publish every row exactly once and keep each key in order', async () => {
    const bus = kafkaBus();
    await bus.ensureTopics();
    /** What each relay handed to the real bus. */
    const perRelay: string[][] = [[], [], []];
    const counting = (log: string[]): EventBus => ({
      publish: (event) => bus.publishBatch([event]).then(() => void log.push(event.id)),
      publishBatch: async (events) => {
        await bus.publishBatch(events);
        log.push(...events.map((event) => event.id));
      },
      subscribe: (topics, groupId, handler) => bus.subscribe(topics, groupId, handler),
      subscribeBatch: (topics, groupId, handler, maxBatch) => bus.subscribeBatch(topics, groupId, handler, maxBatch),
      close: () => bus.close(),
    });
    const received: EventEnvelope[] = [];
    await bus.subscribe('market.data', `order-${randomUUID()}`, async (event) => {
      received.push(event);
    });
    const keys = 40;
    const perKey = 10;
    const events: EventEnvelope[] = [];
    for (let seq = 0; seq < perKey; seq++) {
      for (let k = 0; k < keys; k++) events.push(createEnvelope('market.data', `SYM${k}`, { seq }));
    }
    // Many small transactions, as a busy service would commit them.
    for (let i = 0; i < events.length; i += 20) await commit(events.slice(i, i + 20));

    const workers = perRelay.map((log) => relay(counting(log), { batchSize: 10, pollIntervalMs: 5 }));
    for (const worker of workers) worker.start();
    const ids = events.map((event) => event.id);
    await waitFor(async () => (await unpublished(ids)) === 0, 60_000, 'the relays to publish everything');
    await Promise.all(workers.map((worker) => worker.stop()));

    // Only this test's rows: the relays would also publish anything an earlier failed test left behind.
    const mine = new Set(ids);
    const all = perRelay.flat().filter((id) => mine.has(id));
    assert.equal(all.length, events.length, 'no row was published twice');
    assert.deepEqual(new Set(all), mine);
    const counts = perRelay.map((log) => log.filter((id) => mine.has(id)).length);
    assert.ok(counts.filter((n) => n > 0).length >= 2, `work was shared between relays (${counts.join(', ')})`);

    await waitFor(() => received.length >= events.length, 60_000, 'all events on Kafka');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(received.filter((event) => mine.has(event.id)).length, events.length);
    for (let k = 0; k < keys; k++) {
      const seqs = received.filter((event) => event.key === `SYM${k}`).map((event) => (event.payload as { seq: number }).seq);
      assert.deepEqual(seqs, Array.from({ length: perKey }, (_, i) => i), `SYM${k} in order`);
    }
  });

  it("holds back a key's later rows while another relay still has an earlier one claimed", async () => {
    const bus = new InProcessEventBus({ partitions: 1 });
    buses.push(bus);
    const order: string[] = [];
    await bus.subscribe('orders.created', 'order-check', async (event) => {
      order.push(`${event.key}:${(event.payload as { n: number }).n}`);
    });
    await commit([createEnvelope('orders.created', 'K', { n: 1 })]);
    await commit([createEnvelope('orders.created', 'K', { n: 2 }), createEnvelope('orders.created', 'L', { n: 1 })]);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let claimed!: () => void;
    const hasClaimed = new Promise<void>((resolve) => (claimed = resolve));
    const slow = relay(bus, {
      batchSize: 1,
      onStage: async (stage) => {
        if (stage !== 'claimed') return;
        claimed();
        await gate;
      },
    });
    const slowCycle = slow.publishBatch();
    await hasClaimed;
    const fast = relay(bus, { batchSize: 10 });
    assert.equal(await fast.publishBatch(), 1, 'only L:1 may overtake; K:2 waits for K:1');
    release();
    assert.equal(await slowCycle, 1);
    assert.equal(await fast.drain(), 1);
    await waitFor(() => order.length >= 3, 30_000, 'three events');
    assert.deepEqual(order, ['L:1', 'K:1', 'K:2']);
  });

  it('records failed publishes on the rows and retries them', async () => {
    const closedBus = new InProcessEventBus();
    await closedBus.close();
    const registry = new Registry();
    const event = createEnvelope('strategies.signals', 'strat-1', { signal: 'buy' });
    await commit([event]);
    await assert.rejects(relay(closedBus, { registry }).publishBatch(), { code: 'BUS_CLOSED' });
    const { rows } = await db.pool.query('SELECT attempts, last_error, published_at FROM outbox WHERE id = $1', [event.id]);
    assert.equal(rows[0].attempts, 1);
    assert.match(rows[0].last_error, /closed/);
    assert.equal(rows[0].published_at, null);
    assert.match(await registry.metrics(), /kestrel_outbox_publish_failures_total 1/);

    const working = new InProcessEventBus();
    buses.push(working);
    assert.equal(await relay(working, { registry }).drain(), 1);
    const after = await db.pool.query('SELECT attempts, last_error, published_at FROM outbox WHERE id = $1', [event.id]);
    assert.equal(after.rows[0].attempts, 2);
    assert.equal(after.rows[0].last_error, null);
    assert.ok(after.rows[0].published_at instanceof Date);
    assert.match(await registry.metrics(), /kestrel_outbox_published_total 1/);
  });

  it('exposes the backlog as a gauge and wakes a running relay through NOTIFY', async () => {
    const registry = new Registry();
    const bus = new InProcessEventBus();
    buses.push(bus);
    const received: EventEnvelope[] = [];
    await bus.subscribe('orders.executed', 'notify-check', async (event) => {
      received.push(event);
    });
    const events = Array.from({ length: 5 }, (_, i) => createEnvelope('orders.executed', 'acct-n', { i }));
    await commit(events);
    const worker = relay(bus, { registry, listen: true, pollIntervalMs: 60_000 });
    assert.match(await registry.metrics(), /kestrel_outbox_backlog 5\b/);
    worker.start();
    await waitFor(() => received.length >= 5, 30_000, 'the backlog to be published');
    assert.match(await registry.metrics(), /kestrel_outbox_backlog 0\b/);
    assert.match(await registry.metrics(), /kestrel_outbox_oldest_unpublished_seconds 0\b/);
    // The relay now sleeps for a minute unless NOTIFY wakes it.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = Date.now();
    await commit([createEnvelope('orders.executed', 'acct-n', { i: 5 })]);
    // Without NOTIFY the relay would publish only after its 60 s poll; 30 s leaves room for a
    // loaded CI machine and still tells the two apart.
    await waitFor(() => received.length >= 6, 30_000, 'the NOTIFY-triggered publish');
    assert.ok(Date.now() - started < 30_000, `published ${Date.now() - started} ms after the commit`);
    await worker.stop();
  });

  it('an idempotent handler has one effect even for concurrent and repeated deliveries', async () => {
    const groupId = `direct-${randomUUID()}`;
    let effects = 0;
    const handler = idempotentHandler(db.pool, groupId, async (event, client) => {
      await client.query('INSERT INTO effects (event_id, group_id) VALUES ($1, $2)', [event.id, groupId]);
      await new Promise((resolve) => setTimeout(resolve, 50));
      effects++;
    });
    const event = createEnvelope('orders.created', 'acct-d', { n: 1 });
    await Promise.all([1, 2, 3].map((attempt) => handler(event, { partition: 0, attempt })));
    await handler(event, { partition: 0, attempt: 4 });
    assert.equal(effects, 1);
    assert.deepEqual(await effectCounts(groupId, [event.id]), [1]);

    // A failing effect rolls back the de-dup record too, so the retry runs the handler again.
    const flaky = createEnvelope('orders.created', 'acct-d', { n: 2 });
    let tries = 0;
    const failingOnce = idempotentHandler(db.pool, groupId, async (e, client) => {
      await client.query('INSERT INTO effects (event_id, group_id) VALUES ($1, $2)', [e.id, groupId]);
      if (tries++ === 0) throw new Error('effect failed');
    });
    await assert.rejects(failingOnce(flaky, { partition: 0, attempt: 1 }), /effect failed/);
    await failingOnce(flaky, { partition: 0, attempt: 2 });
    assert.deepEqual(await effectCounts(groupId, [flaky.id]), [1]);
    assert.equal(await purgeProcessedEvents(db.pool, 3_600_000), 0, 'fresh records are kept');
  });
});
