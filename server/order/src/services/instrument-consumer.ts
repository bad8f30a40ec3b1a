// The order service's copy of the instrument definitions (order_instruments), kept from
// `instruments.updated` (its own consumer group, idempotent by event id). Order entry checks
// symbol, limits and trading hours against this copy, so it must never miss a definition.
// Invariants: a definition applies only when its revision is newer than the stored one, so a
// redelivered event or the market-data service's start-up re-announcement ("snapshot") never
// replaces a newer definition; deletions carry a revision too. Catch-up: the market-data service
// re-announces every instrument when it starts (docs/events.md), and with Kafka the topic is
// compacted, so a consumer group that is new or was down still finds every current definition.
// Known limit: a deletion lost in an in-process bus crash is not re-announced (the stale
// definition stays until the symbol is created again); deletions need an instrument without data.
// After each event is committed the in-memory InstrumentCache is cleared, so entry sees it at once.
import { idempotentHandler, type EventBus, type Subscription } from '@kestrel/server-common';
import { InstrumentUpdatedPayloadSchema, tradingIssues, type EventEnvelope, type InstrumentUpdatedPayload } from '@kestrel/shared';
import type pg from 'pg';
import type { Logger } from 'pino';
import { deleteInstrument, upsertInstrument } from '../store/market-store.js';
import type { InstrumentCache } from './instrument-cache.js';

/** Applies one instruments.updated event inside `client`'s transaction. */
export async function applyInstrumentEvent(client: pg.ClientBase, event: EventEnvelope, logger: Logger): Promise<void> {
  if (tradingIssues(InstrumentUpdatedPayloadSchema, event.payload, 1).length > 0) {
    logger.warn({ eventId: event.id }, 'instruments.updated event does not match its schema; skipped');
    return;
  }
  const { change, revision, instrument } = event.payload as InstrumentUpdatedPayload;
  if (change === 'deleted') await deleteInstrument(client, instrument.symbol, revision);
  else await upsertInstrument(client, instrument, revision);
}

/** Subscribes the handler to `instruments.updated`. */
export async function subscribeInstruments(db: pg.Pool, bus: EventBus, groupId: string, logger: Logger, cache: InstrumentCache): Promise<Subscription> {
  const apply = idempotentHandler(db, groupId, (event, client) => applyInstrumentEvent(client, event, logger));
  return bus.subscribe('instruments.updated', groupId, async (event, delivery) => {
    await apply(event, delivery);
    cache.clear();
  });
}
