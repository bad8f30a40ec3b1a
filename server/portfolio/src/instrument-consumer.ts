// Keeps the portfolio's instrument economics (currency, tick size, lot size, multiplier) in step
// with their owner, the market-data service, from `instruments.updated` (own consumer group,
// idempotent by event id), so a buying-power check knows every instrument before its first fill.
// Invariants: an event applies only when its revision is newer than the stored one; a `deleted`
// instrument keeps its economics here, because positions, fills and P&L in it still need them.
// Catch-up: the market-data service re-announces every instrument when it starts, and with Kafka
// the topic is compacted (docs/events.md).
import type pg from 'pg';
import type { Logger } from 'pino';
import { subscribeIdempotent, type EventBus, type Subscription } from '@kestrel/server-common';
import { InstrumentUpdatedPayloadSchema, tradingIssues, type InstrumentUpdatedPayload } from '@kestrel/shared';
import { upsertInstrumentRevision } from './store/instruments-store.js';

/** Subscribes the economics keeper to instruments.updated. */
export async function subscribeInstruments(bus: EventBus, pool: pg.Pool, groupId: string, logger: Logger): Promise<Subscription> {
  return subscribeIdempotent(bus, pool, 'instruments.updated', groupId, async (event, client) => {
    if (tradingIssues(InstrumentUpdatedPayloadSchema, event.payload, 1).length > 0) {
      logger.warn({ eventId: event.id }, 'instruments.updated event does not match its schema; skipped');
      return;
    }
    const { change, revision, instrument } = event.payload as InstrumentUpdatedPayload;
    if (change === 'deleted') return;
    const { symbol, currency, tickSize, lotSize, contractMultiplier } = instrument;
    await upsertInstrumentRevision(client, { symbol, currency, tickSize, lotSize, contractMultiplier }, revision);
  });
}
