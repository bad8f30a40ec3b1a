// What the order service reads from `market.data` (its own consumer group, idempotent by event id;
// instrument definitions come on their own topic, instrument-consumer.ts):
// - `trades`: the last trade price per symbol (reference price of market orders, start of a
//   trailing stop) and every trade, in order, to each working trailing stop on the symbol;
// - `bars`: finished 1-minute bars, summed per UTC minute of day into the VWAP volume profile.
// Everything runs in the delivery's transaction; children a triggered trailing stop places are
// routed after the commit. Invariants: a redelivered event changes nothing (processed_events);
// an older trade never overwrites a newer last price. Known limit: market data skips the outbox
// at its producer (best effort), so a missed trade is simply not seen — a trailing stop then
// ratchets on the next one.
import { idempotentHandler, type EventBus, type Subscription } from '@kestrel/server-common';
import { MarketDataPayloadSchema, tradingIssues, type EventEnvelope, type MarketDataPayload } from '@kestrel/shared';
import type pg from 'pg';
import { addBarVolume, recordLastTrade } from '../store/market-store.js';
import { workingTrailingStops } from '../store/parents-store.js';
import type { OrderContext } from './context.js';
import { Effects } from './effects.js';
import { evaluateParent } from './parent-engine.js';
import { runEffects } from './routing.js';

const MINUTE_MICROS = 60_000_000;
const DAY_MINUTES = 1440;

/** Applies one market.data event inside `client`'s transaction. */
export async function applyMarketDataEvent(context: OrderContext, client: pg.ClientBase, event: EventEnvelope, effects: Effects): Promise<void> {
  if (tradingIssues(MarketDataPayloadSchema, event.payload, 1).length > 0) {
    context.logger.warn({ eventId: event.id }, 'market.data event does not match its schema; skipped');
    return;
  }
  const payload = event.payload as MarketDataPayload;
  switch (payload.kind) {
    case 'trades': {
      const trailing = await workingTrailingStops(client, payload.symbol);
      for (const trade of payload.trades) {
        await recordLastTrade(client, trade.symbol, trade.priceTicks, trade.timeMicros);
        for (const parentId of trailing) await evaluateParent(client, context.venue, context.time.now(), parentId, { kind: 'trade', priceTicks: trade.priceTicks }, effects);
      }
      return;
    }
    case 'bars':
      for (const bar of payload.bars) {
        if (bar.interval !== '1m' || !bar.final) continue;
        const minuteOfDay = Math.floor(bar.startMicros / MINUTE_MICROS) % DAY_MINUTES;
        await addBarVolume(client, bar.symbol, minuteOfDay, bar.volumeLots);
      }
      return;
    case 'feed-status':
      return;
  }
}

/** Subscribes the handler to `market.data`. */
export async function subscribeMarketData(context: OrderContext, bus: EventBus, groupId: string): Promise<Subscription> {
  return bus.subscribe('market.data', groupId, async (event, delivery) => {
    const effects = new Effects();
    await idempotentHandler(context.db, groupId, (delivered, client) => applyMarketDataEvent(context, client, delivered, effects))(event, delivery);
    await runEffects(context, effects);
  });
}
