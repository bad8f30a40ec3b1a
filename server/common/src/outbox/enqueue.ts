// Writing events into the outbox inside the caller's transaction. Invariant: the rows commit or
// roll back together with the caller's state change — enqueue refuses a connection that is not in
// an explicit transaction (OUTBOX_NOT_IN_TRANSACTION) rather than silently autocommitting. It also
// issues NOTIFY kestrel_outbox, which PostgreSQL delivers only on commit, to wake the relay early.
import type pg from 'pg';
import type { EventEnvelope } from '@kestrel/shared';
import { assertEnvelope } from '../bus/envelope.js';
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
  for (const event of list) assertEnvelope(event);
  // now() is the transaction's start, statement_timestamp() this statement's: they differ only
  // inside an explicit transaction (a BEGIN ran in an earlier statement).
  const inTransaction = await client.query<{ inside: boolean }>('SELECT now() <> statement_timestamp() AS inside');
  if (!inTransaction.rows[0]?.inside) {
    throw outboxError('OUTBOX_NOT_IN_TRANSACTION', 'enqueue() needs a client inside a transaction (BEGIN ... COMMIT)');
  }
  try {
    // One statement for the whole list; WITH ORDINALITY keeps the caller's order in `seq`.
    await client.query(
      `INSERT INTO outbox (id, topic, key, payload, occurred_at)
       SELECT e.id, e.topic, e.key, e.payload, e.occurred_at
       FROM ROWS FROM (
         jsonb_to_recordset($1::jsonb) AS (id uuid, topic text, key text, payload jsonb, occurred_at timestamptz)
       ) WITH ORDINALITY AS e(id, topic, key, payload, occurred_at, ord)
       ORDER BY e.ord`,
      [
        JSON.stringify(
          list.map((event) => ({
            id: event.id,
            topic: event.topic,
            key: event.key,
            payload: event.payload,
            occurred_at: event.occurredAt,
          })),
        ),
      ],
    );
  } catch (error) {
    if ((error as { code?: string }).code === '23505') {
      throw outboxError('OUTBOX_DUPLICATE_EVENT', 'an event with this id is already in the outbox', error);
    }
    throw error;
  }
  await client.query('SELECT pg_notify($1, $2)', [OUTBOX_NOTIFY_CHANNEL, '']);
}
