// Exactly-once effects on top of at-least-once delivery. The wrapped handler runs in a database
// transaction that first records (consumer group, event id) in processed_events; if the row already
// exists the event was handled before and the handler is skipped. The record and the handler's
// writes commit together, so a crash anywhere leaves either both or neither, and a redelivery
// (relay re-publish, rebalance, consumer restart) has no second effect. Two concurrent deliveries of
// one event serialise on the primary key: the second waits, then sees the first's row and skips.
// Known limit: only effects written through the given client are exactly-once; calls to other
// systems from the handler must be idempotent on their own (pass the event id along).
import type pg from 'pg';
import type { EventEnvelope, Topic } from '@kestrel/shared';
import type { DeliveryContext, EventBus, EventHandler, Subscription } from '../bus/event-bus.js';
import { withTransaction } from '../db/transaction.js';

/** A handler whose database writes go through `client`, inside the de-duplicating transaction. */
export type TransactionalEventHandler = (event: EventEnvelope, client: pg.PoolClient, context: DeliveryContext) => Promise<void>;

/** Wraps `handle` so each event id has its effect at most once for `groupId`. */
export function idempotentHandler(pool: pg.Pool, groupId: string, handle: TransactionalEventHandler): EventHandler {
  return (event, context) =>
    withTransaction(pool, async (client) => {
      // Named: prepared once per connection, this runs for every delivered event.
      const inserted = await client.query({
        name: 'outbox-processed-event',
        text: 'INSERT INTO processed_events (consumer_group, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
        values: [groupId, event.id],
      });
      if (inserted.rowCount === 0) return;
      await handle(event, client, context);
    });
}

/**
 * Records several events as processed by `groupId` inside the caller's transaction (one
 * statement, for consumers that handle a batch of events in one transaction); returns the ids
 * that were not processed before — only those may have their effect.
 */
export async function claimEvents(client: pg.ClientBase, groupId: string, eventIds: readonly string[]): Promise<Set<string>> {
  const inserted = await client.query<{ event_id: string }>({
    name: 'outbox-processed-events',
    text: `INSERT INTO processed_events (consumer_group, event_id) SELECT $1, id FROM unnest($2::uuid[]) AS id
      ON CONFLICT DO NOTHING RETURNING event_id::text`,
    values: [groupId, eventIds],
  });
  return new Set(inserted.rows.map((row) => row.event_id));
}

/** Subscribes `groupId` with an idempotent handler (the group id is used for both, so they cannot drift apart). */
export function subscribeIdempotent(
  bus: EventBus,
  pool: pg.Pool,
  topics: Topic | readonly Topic[],
  groupId: string,
  handle: TransactionalEventHandler,
): Promise<Subscription> {
  return bus.subscribe(topics, groupId, idempotentHandler(pool, groupId, handle));
}

/** Deletes de-duplication records older than `olderThanMs`; returns how many. Keep them longer than any redelivery can take. */
export async function purgeProcessedEvents(pool: pg.Pool, olderThanMs: number): Promise<number> {
  const result = await pool.query(
    "DELETE FROM processed_events WHERE processed_at < now() - ($1::bigint * interval '1 millisecond')",
    [olderThanMs],
  );
  return result.rowCount ?? 0;
}
