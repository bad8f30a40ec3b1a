// Writing events into the outbox inside the caller's transaction. Invariant: the rows commit or
// roll back together with the caller's state change — enqueue refuses a connection that is not in
// an explicit transaction (OUTBOX_NOT_IN_TRANSACTION) rather than silently autocommitting. It also
// issues NOTIFY kestrel_outbox, which PostgreSQL delivers only on commit, to wake the relay early.
import type pg from 'pg';
import type { EventEnvelope } from '@kestrel/shared';
import { assertEnvelope } from '../bus/envelope.js';
import type { Statement } from '../db/together.js';
import { outboxError } from './outbox-error.js';

/** The LISTEN/NOTIFY channel the relay wakes up on. */
export const OUTBOX_NOTIFY_CHANNEL = 'kestrel_outbox';

/**
 * Adds events to the outbox using `client`, which must be inside the caller's transaction.
 * Events of one key are published in the order they were enqueued.
 */
export async function enqueue(client: pg.ClientBase, events: EventEnvelope | readonly EventEnvelope[]): Promise<void> {
  const list: readonly EventEnvelope[] = Array.isArray(events) ? events : [events as EventEnvelope];
  if (list.length === 0) return;
  const statement = enqueueStatement(list);
  // The connection knows its transaction state from the server's last ReadyForQuery ('T': inside
  // a transaction block), so the guard costs no round trip.
  if (client.getTransactionStatus() !== 'T') {
    throw outboxError('OUTBOX_NOT_IN_TRANSACTION', 'enqueue() needs a client inside a transaction (BEGIN ... COMMIT)');
  }
  try {
    // Named: this runs for every order change, so it is prepared once per connection.
    await client.query({ name: 'outbox-enqueue', text: statement.text, values: [...statement.values!] });
  } catch (error) {
    if ((error as { code?: string }).code === '23505') {
      throw outboxError('OUTBOX_DUPLICATE_EVENT', 'an event with this id is already in the outbox', error);
    }
    throw error;
  }
}

/**
 * The statement that adds `events` (at least one, each valid or BUS_INVALID_ENVELOPE is thrown) to
 * the outbox, for a caller that sends it with others inside its own transaction (queryTogether);
 * enqueue() is the guarded form. One statement for the whole list and the NOTIFY; WITH ORDINALITY
 * keeps the list's order in `seq`. A duplicate event id fails it with SQLSTATE 23505.
 */
export function enqueueStatement(events: readonly EventEnvelope[]): Statement {
  for (const event of events) assertEnvelope(event);
  return {
    text: `WITH inserted AS (
         INSERT INTO outbox (id, topic, key, payload, occurred_at)
         SELECT e.id, e.topic, e.key, e.payload, e.occurred_at
         FROM ROWS FROM (
           jsonb_to_recordset($1::jsonb) AS (id uuid, topic text, key text, payload jsonb, occurred_at timestamptz)
         ) WITH ORDINALITY AS e(id, topic, key, payload, occurred_at, ord)
         ORDER BY e.ord
         RETURNING 1
       )
       SELECT pg_notify($2, '') FROM (SELECT count(*) FROM inserted) AS done`,
    values: [
      JSON.stringify(events.map((event) => ({ id: event.id, topic: event.topic, key: event.key, payload: event.payload, occurred_at: event.occurredAt }))),
      OUTBOX_NOTIFY_CHANNEL,
    ],
  };
}

/** An event and the id of the row it belongs to, for group-committed statements (taggedOutboxInsert). */
export interface TaggedEvent {
  tag: string;
  event: EventEnvelope;
}

/** The JSON parameter of taggedOutboxInsert: the events as outbox rows, each with its tag, in order. */
export function taggedOutboxRows(events: readonly TaggedEvent[]): string {
  for (const { event } of events) assertEnvelope(event);
  return JSON.stringify(
    events.map(({ tag, event }, ord) => ({ tag, ord, id: event.id, topic: event.topic, key: event.key, payload: event.payload, occurred_at: event.occurredAt })),
  );
}

/**
 * SQL of a data-modifying CTE body that inserts, in order, the rows of parameter `$param`
 * (taggedOutboxRows) whose tag is among `tags` (a subquery returning uuids) — so a group-committed
 * statement that writes many orders writes the events of exactly those it wrote, atomically with
 * them. The statement must also call `pg_notify(OUTBOX_NOTIFY_CHANNEL, '')` to wake the relay.
 */
export function taggedOutboxInsert(param: number, tags: string): string {
  return `INSERT INTO outbox (id, topic, key, payload, occurred_at)
    SELECT e.id, e.topic, e.key, e.payload, e.occurred_at
    FROM jsonb_to_recordset($${param}::jsonb) AS e(tag uuid, ord int, id uuid, topic text, key text, payload jsonb, occurred_at timestamptz)
    WHERE e.tag IN (${tags})
    ORDER BY e.ord
    RETURNING 1`;
}
