// Wires the booking of `orders.executed` to the event bus: one consumer group, idempotent by
// event id (processed_events, via server/common's subscribeIdempotent) and by execution id
// (portfolio_fills_applied, see services/book-execution.ts). Outcomes are logged; a dead letter
// is logged at error level because it means a fill the portfolio could not book.
import type pg from 'pg';
import type { Logger } from 'pino';
import { subscribeIdempotent, type EventBus, type Subscription } from '@kestrel/server-common';
import { bookExecutionEvent } from './services/book-execution.js';

/** Subscribes the portfolio's booking handler to orders.executed. */
export async function subscribeExecutions(bus: EventBus, pool: pg.Pool, groupId: string, logger: Logger): Promise<Subscription> {
  return subscribeIdempotent(bus, pool, 'orders.executed', groupId, async (event, client) => {
    const result = await bookExecutionEvent(client, event);
    if (result.status === 'dead-letter') logger.error({ eventId: event.id, code: result.code, reason: result.message }, 'orders.executed event could not be booked');
    else logger.debug({ eventId: event.id, ...result }, 'orders.executed handled');
  });
}
