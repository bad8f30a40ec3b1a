// The outbox relay: moves committed outbox rows to the event bus.
//
// One cycle, in one transaction: claim up to `batchSize` unpublished rows in `seq` order with
// FOR UPDATE SKIP LOCKED and stamp them published in the same statement, publish them to the bus,
// commit. The stamp counts only once the commit does, which is after the bus accepted the batch;
// when the bus refuses it, the stamp is taken back before the commit. Guarantees:
// - Nothing uncommitted is ever published (rows of an open or rolled-back transaction are invisible).
// - At least once: a row's published stamp is committed only after the bus accepted it. A relay
//   that dies before publishing leaves its rows unlocked and unpublished; one that dies after
//   publishing but before its commit leaves them unpublished too, so they are published again
//   (consumers de-duplicate by event id, see idempotent-consumer.ts).
// - Concurrent relays never publish a row another relay has claimed (the row lock is held until
//   that relay commits), and a relay skips rows whose key has an earlier unpublished row it did not
//   claim, so one key's events reach the bus in `seq` order even with several relays.
// Known limits: `seq` is assigned at insert, not at commit, so two concurrent transactions writing
// the same key are published in the order they became visible to the relay; callers that need a
// strict order per key serialise those transactions (e.g. by locking the account row first).
// The bus publish happens while the claim transaction is open: keep batches modest.
// Latency vs. cost: a NOTIFY wakes the relay at once — also one that arrived while a cycle was
// running — and the relay then lingers `lingerMs` so the commits of that moment share one cycle
// (under load one cycle per commit would cost three statements per event).
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { EventEnvelope, Topic } from '@kestrel/shared';
import type { EventBus } from '../bus/event-bus.js';
import { onTransactionConnection } from '../db/transaction.js';
import { OUTBOX_NOTIFY_CHANNEL } from './enqueue.js';
import { outboxError } from './outbox-error.js';
import { outboxMetrics, type OutboxMetrics } from './outbox-metrics.js';

/** Points in a relay cycle reported to `onStage` (instrumentation and fault-injection tests). */
export type RelayStage = 'claimed' | 'published' | 'marked';

/** Options of the outbox relay. */
export interface OutboxRelayOptions {
  pool: pg.Pool;
  bus: EventBus;
  /** Rows claimed per cycle. Default 100. */
  batchSize?: number;
  /** Longest sleep between cycles when idle (NOTIFY usually wakes the relay sooner). Default 1000 ms. */
  pollIntervalMs?: number;
  /** LISTEN for enqueue notifications on a dedicated pooled connection. Default true. */
  listen?: boolean;
  /** After a NOTIFY, wait this long for more commits before claiming. Default 2 ms; 0 claims at once. */
  lingerMs?: number;
  /** Backoff after a failed cycle, doubled per consecutive failure up to retryMaxMs. Default 200 ms. */
  retryInitialMs?: number;
  /** Default 10 000 ms. */
  retryMaxMs?: number;
  /** Delete rows published longer ago than this; 0 keeps them forever. Default 24 h. */
  retainPublishedMs?: number;
  logger?: Logger;
  /** Registry for the outbox metrics (backlog gauge, published/failed counters). */
  registry?: Registry;
  /** Awaited at each stage of a cycle with the events concerned. */
  onStage?: (stage: RelayStage, events: readonly EventEnvelope[]) => void | Promise<void>;
}

interface OutboxRow {
  id: string;
  topic: Topic;
  key: string;
  payload: unknown;
  occurred_at: Date;
}

// The per-key check looks only at unpublished rows before the last claimed one that this cycle did
// not claim (rows another relay holds: SKIP LOCKED passed over them), so it costs what the claim
// does however long the backlog behind it. (It used to be an anti-join of the claimed rows against
// every unpublished row; on a generic plan made while the table was small it scanned the whole
// backlog once per claimed row — 40-50 ms a cycle behind a backlog of a few thousand rows.)
/**
 * The claim of one cycle ($1: the batch size), which also stamps what it claims as published
 * (taken back if the bus refuses); exported for the test of its plan.
 */
export const CLAIM_SQL = `
  WITH claimed AS MATERIALIZED (
    SELECT id, seq, topic, key, payload, occurred_at
    FROM outbox
    WHERE published_at IS NULL
    ORDER BY seq
    LIMIT $1
    FOR UPDATE SKIP LOCKED
  ), held AS MATERIALIZED (
    SELECT o.topic, o.key, o.seq
    FROM outbox o
    WHERE o.published_at IS NULL AND o.seq < (SELECT max(seq) FROM claimed)
      AND o.id NOT IN (SELECT id FROM claimed)
    ORDER BY o.seq
  ), picked AS MATERIALIZED (
    SELECT c.id, c.seq, c.topic, c.key, c.payload, c.occurred_at
    FROM claimed c
    WHERE NOT EXISTS (SELECT 1 FROM held h WHERE h.topic = c.topic AND h.key = c.key AND h.seq < c.seq)
  ), marked AS (
    UPDATE outbox o SET published_at = now(), attempts = o.attempts + 1, last_error = NULL
    WHERE o.id = ANY (ARRAY(SELECT id FROM picked))
  )
  SELECT p.id, p.topic, p.key, p.payload, p.occurred_at
  FROM picked p
  ORDER BY p.seq`;

const PURGE_EVERY_MS = 60_000;

/** Publishes the outbox to the bus until stopped. */
export class OutboxRelay {
  readonly #pool: pg.Pool;
  readonly #bus: EventBus;
  readonly #batchSize: number;
  readonly #pollIntervalMs: number;
  readonly #listen: boolean;
  readonly #lingerMs: number;
  readonly #retryInitialMs: number;
  readonly #retryMaxMs: number;
  readonly #retainPublishedMs: number;
  readonly #logger: Logger | undefined;
  readonly #metrics: OutboxMetrics | undefined;
  readonly #onStage: OutboxRelayOptions['onStage'];
  #running: Promise<void> | undefined;
  #stopping = false;
  #wake: (() => void) | undefined;
  /** A NOTIFY arrived since the current cycle claimed. */
  #notified = false;
  #listener: pg.PoolClient | undefined;
  #lastPurge = 0;

  constructor(options: OutboxRelayOptions) {
    this.#pool = options.pool;
    this.#bus = options.bus;
    this.#batchSize = positiveInteger('batchSize', options.batchSize ?? 100);
    this.#pollIntervalMs = positiveInteger('pollIntervalMs', options.pollIntervalMs ?? 1000);
    this.#listen = options.listen ?? true;
    this.#lingerMs = options.lingerMs ?? 2;
    if (!Number.isInteger(this.#lingerMs) || this.#lingerMs < 0) throw outboxError('OUTBOX_INVALID_OPTIONS', 'lingerMs must be a non-negative integer');
    this.#retryInitialMs = positiveInteger('retryInitialMs', options.retryInitialMs ?? 200);
    this.#retryMaxMs = positiveInteger('retryMaxMs', options.retryMaxMs ?? 10_000);
    this.#retainPublishedMs = options.retainPublishedMs ?? 24 * 3600 * 1000;
    if (!Number.isInteger(this.#retainPublishedMs) || this.#retainPublishedMs < 0) {
      throw outboxError('OUTBOX_INVALID_OPTIONS', 'retainPublishedMs must be a non-negative integer');
    }
    this.#logger = options.logger?.child({ component: 'outbox-relay' });
    this.#metrics = options.registry ? outboxMetrics(options.registry, options.pool) : undefined;
    this.#onStage = options.onStage;
  }

  /** Starts the background loop (idempotent). */
  start(): void {
    if (this.#running) return;
    this.#stopping = false;
    this.#running = this.#loop();
  }

  /** Stops after the current cycle and releases the LISTEN connection. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.#wake?.();
    await this.#running;
    this.#running = undefined;
  }

  /**
   * Runs one claim-publish-commit cycle and returns how many events it published. Throws when the
   * bus rejects the batch (the rows stay unpublished, with attempts and last_error updated).
   */
  async publishBatch(): Promise<number> {
    return onTransactionConnection(this.#pool, async (client) => {
      await client.query('BEGIN');
      // Named: every cycle runs it, so PostgreSQL parses and plans it once per connection.
      const { rows } = await client.query<OutboxRow>({ name: 'outbox-claim', text: CLAIM_SQL, values: [this.#batchSize] });
      if (rows.length === 0) {
        await client.query('COMMIT');
        return 0;
      }
      const events = rows.map(toEnvelope);
      const ids = rows.map((row) => row.id);
      await this.#onStage?.('claimed', events);
      try {
        await this.#bus.publishBatch(events);
      } catch (error) {
        await client.query('UPDATE outbox SET published_at = NULL, last_error = $2 WHERE id = ANY($1::uuid[])', [
          ids,
          error instanceof Error ? error.message : String(error),
        ]);
        await client.query('COMMIT');
        this.#metrics?.publishFailures.inc(events.length);
        throw error;
      }
      await this.#onStage?.('published', events);
      await client.query('COMMIT');
      this.#metrics?.published.inc(events.length);
      await this.#onStage?.('marked', events);
      return events.length;
    });
  }

  /** Publishes until the outbox has nothing claimable; returns the total published. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const published = await this.publishBatch();
      total += published;
      if (published === 0) return total;
    }
  }

  /** Deletes rows published more than retainPublishedMs ago; returns how many. */
  async purgePublished(): Promise<number> {
    if (this.#retainPublishedMs === 0) return 0;
    const result = await this.#pool.query(
      "DELETE FROM outbox WHERE published_at < now() - ($1::bigint * interval '1 millisecond')",
      [this.#retainPublishedMs],
    );
    return result.rowCount ?? 0;
  }

  async #loop(): Promise<void> {
    let delay = this.#retryInitialMs;
    while (!this.#stopping) {
      let published = 0;
      try {
        this.#notified = false;
        published = await this.publishBatch();
        delay = this.#retryInitialMs;
        // The database answers again, so a lost LISTEN connection can be re-established.
        if (this.#listen && !this.#listener) await this.#startListening();
        if (Date.now() - this.#lastPurge > PURGE_EVERY_MS) {
          this.#lastPurge = Date.now();
          await this.purgePublished();
        }
      } catch (error) {
        this.#logger?.warn({ err: error, retryInMs: delay }, 'outbox relay cycle failed');
        await this.#sleep(delay);
        delay = Math.min(delay * 2, this.#retryMaxMs);
        continue;
      }
      // A full batch means more is probably waiting: go again at once.
      if (published < this.#batchSize && !this.#notified) await this.#sleep(this.#pollIntervalMs);
      if (this.#notified && this.#lingerMs > 0) await new Promise((resolve) => setTimeout(resolve, this.#lingerMs));
    }
    await this.#stopListening();
  }

  /** Sleeps up to `ms`, returning early on NOTIFY or stop(). */
  #sleep(ms: number): Promise<void> {
    if (this.#stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        if (this.#wake === done) this.#wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#wake = done;
    });
  }

  async #startListening(): Promise<void> {
    try {
      const client = await this.#pool.connect();
      client.on('notification', () => {
        this.#notified = true;
        this.#wake?.();
      });
      client.on('error', (error: Error) => {
        // The poll interval keeps the relay going; LISTEN is only a latency optimisation.
        this.#logger?.warn({ err: error }, 'outbox LISTEN connection failed; falling back to polling');
        if (this.#listener === client) {
          this.#listener = undefined;
          client.release(error);
        }
      });
      await client.query(`LISTEN ${OUTBOX_NOTIFY_CHANNEL}`);
      this.#listener = client;
    } catch (error) {
      this.#logger?.warn({ err: error }, 'outbox LISTEN failed; relying on polling');
    }
  }

  async #stopListening(): Promise<void> {
    const client = this.#listener;
    this.#listener = undefined;
    if (!client) return;
    let broken: Error | undefined;
    await client.query(`UNLISTEN ${OUTBOX_NOTIFY_CHANNEL}`).catch((error: Error) => {
      broken = error;
    });
    client.release(broken);
  }
}

function toEnvelope(row: OutboxRow): EventEnvelope {
  return {
    id: row.id,
    topic: row.topic,
    key: row.key,
    occurredAt: row.occurred_at.toISOString(),
    payload: row.payload,
  };
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw outboxError('OUTBOX_INVALID_OPTIONS', `${name} must be a positive integer, got ${value}`);
  }
  return value;
}
