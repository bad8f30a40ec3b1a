// Finishing work a crash or an outage interrupted. Everything the order service must do after a
// commit (services/effects.ts) is also recorded in the database, so this sweep can redo it:
// - orders still `checking` (the buying-power call failed or the process died): route them;
// - ended orders with release_pending: release their reservations;
// and once at start, resendUnanswered() re-sends the commands execution has not answered yet
// (unacknowledged submits, pending cancels and replaces) with their ORIGINAL command ids, because
// the in-process bus loses what was in flight when the process stopped; execution de-duplicates
// by command id, so a command that did arrive is not applied twice.
// Invariants: every step is idempotent and safe to run concurrently with the normal path and with
// other replicas; a failing step is logged and retried at the next sweep.
import { withTransaction } from '@kestrel/server-common';
import { toOrder } from '../domain/order-record.js';
import { findInstrument } from '../store/market-store.js';
import { checkingOrderIds, lockOrder, releasePendingIds, unansweredOrders } from '../store/orders-store.js';
import type { OrderContext } from './context.js';
import { releaseOrder, routeOrder } from './routing.js';

const BATCH = 100;

/** What one sweep did. */
export interface SweepResult {
  routed: number;
  released: number;
}

/** The periodic recovery sweep. */
export class RecoverySweep {
  readonly #context: OrderContext;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> | undefined;
  #stopped = false;

  constructor(context: OrderContext) {
    this.#context = context;
  }

  /** Sweeps every `sweepIntervalMs` until stop(). */
  start(): void {
    const loop = () => {
      if (this.#stopped) return;
      this.#running = this.sweepOnce().catch((error: unknown) => this.#context.logger.error({ err: error }, 'recovery sweep failed'));
      void this.#running.finally(() => {
        if (!this.#stopped) this.#timer = setTimeout(loop, this.#context.config.sweepIntervalMs).unref();
      });
    };
    this.#timer = setTimeout(loop, this.#context.config.sweepIntervalMs).unref();
  }

  /** Stops the loop and waits for a running sweep. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running;
  }

  /** One pass: orders untouched for `minAgeMs` that are still checking are routed, pending releases released. */
  async sweepOnce(minAgeMs = 1000): Promise<SweepResult> {
    const context = this.#context;
    const result: SweepResult = { routed: 0, released: 0 };
    for (const orderId of await checkingOrderIds(context.db, context.time.now() - minAgeMs + 1, BATCH)) {
      await routeOrder(context, orderId);
      result.routed += 1;
    }
    for (const orderId of await releasePendingIds(context.db, BATCH)) {
      try {
        await releaseOrder(context, orderId);
        result.released += 1;
      } catch (error) {
        context.logger.warn({ orderId, err: error }, 'releasing reservations failed; retried at the next sweep');
      }
    }
    return result;
  }

  /** Re-sends every command execution has not answered (with the original command ids); returns how many. */
  async resendUnanswered(): Promise<number> {
    const context = this.#context;
    let sent = 0;
    for (const candidate of await unansweredOrders(context.db)) {
      sent += await withTransaction(context.db, async (client) => {
        const order = await lockOrder(client, candidate.id);
        if (!order || order.routing !== 'routed') return 0;
        const venue = context.venue;
        let sent = 0;
        if (order.status === 'new' && order.submitCommandId !== null) {
          const instrument = await findInstrument(client, order.symbol);
          if (instrument) {
            await venue.submit(client, order.submitCommandId, toOrder(order), instrument);
            sent += 1;
          } else context.logger.error({ orderId: order.id, symbol: order.symbol }, 'cannot re-send a submit: the instrument is no longer known');
        }
        const pending = order.pendingReplace;
        if (pending !== null) {
          const { commandId, quantityLots, limitPriceTicks, stopPriceTicks } = pending;
          await venue.modify(client, { commandId, orderId: order.id, accountId: order.accountId, symbol: order.symbol, quantityLots, limitPriceTicks, stopPriceTicks });
          sent += 1;
        }
        if (order.cancelCommandId !== null) {
          await venue.cancel(client, { commandId: order.cancelCommandId, orderId: order.id, accountId: order.accountId, symbol: order.symbol });
          sent += 1;
        }
        return sent;
      });
    }
    return sent;
  }
}
