// `kestrel_orders_total{outcome, reason}` (docs/observability.md): order outcomes counted from the
// `orders.status` messages a committed transaction produced (Effects.status), so every outcome is
// counted once, by the process that committed it, whichever path caused it (a request, an
// execution report, a parent order, the recovery sweep).
// Outcomes: accepted (the venue took the order), rejected (by the order service, the portfolio or
// the engine; `reason` is the stable reject code), cancelled (cancelled or expired; `reason` the
// order's cancel code, e.g. BOOK_USER_CANCELLED or a kill switch's, `none` when it has none),
// filled (completely).
// `kestrel_order_entry_stage_seconds{stage}`: how long each stage on an order's way to execution
// took — `record` (the new order's group-committed insert, order entry only), `check` (the
// portfolio's buying-power answer) and `route` (the routed order's write) — so an admin can see
// which of them a slow order entry waits on.
// `kestrel_order_detached_routings`: orders answered early (`Prefer: respond-async`) whose check
// and routing are still running (background-routing.ts); at its limit requests wait again.
// Known limit: effects of a process that dies between its commit and running them are not counted
// (the stored state is right; only this counter misses them).
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { OrderStatusMessage } from './effects.js';

/** A stage on an order's way to execution (see the header). */
export type OrderEntryStage = 'record' | 'check' | 'route';

/** Counts order outcomes and times order entry's stages. */
export interface OrderMetrics {
  /** Counts the outcomes among one committed transaction's status messages. */
  count(messages: readonly OrderStatusMessage[]): void;
  /** Records that `stage` took `seconds`. */
  stage(stage: OrderEntryStage, seconds: number): void;
  /** Where the detached-routings gauge reads its value when scraped. */
  watchDetachedRoutings(read: () => number): void;
}

const cache = new WeakMap<Registry, OrderMetrics>();

/** Registers (or returns the already registered) order metrics on `registry`. */
export function orderMetrics(registry: Registry): OrderMetrics {
  const existing = cache.get(registry);
  if (existing) return existing;
  const orders = new Counter({
    name: 'kestrel_orders_total',
    help: 'Orders by outcome (accepted, rejected, cancelled, filled) and reason (the reject or cancel code, none otherwise).',
    labelNames: ['outcome', 'reason'] as const,
    registers: [registry],
  });
  const stages = new Histogram({
    name: 'kestrel_order_entry_stage_seconds',
    help: "Time of each stage on an order's way to execution: record (the new order's insert), check (the buying-power answer), route (the routed order's write).",
    labelNames: ['stage'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  let detached: () => number = () => 0;
  new Gauge({
    name: 'kestrel_order_detached_routings',
    help: 'Orders answered early (Prefer: respond-async) whose buying-power check and routing are still running.',
    registers: [registry],
    collect() {
      this.set(detached());
    },
  });
  const metrics: OrderMetrics = {
    stage(stage, seconds) {
      stages.observe({ stage }, seconds);
    },
    watchDetachedRoutings(read) {
      detached = read;
    },
    count(messages) {
      for (const message of messages) {
        if (message.kind !== 'order') continue;
        const reason = message.order.rejectReason ?? 'none';
        switch (message.change) {
          case 'accepted':
            orders.inc({ outcome: 'accepted', reason: 'none' });
            break;
          case 'rejected':
            orders.inc({ outcome: 'rejected', reason });
            break;
          case 'cancelled':
          case 'expired':
            orders.inc({ outcome: 'cancelled', reason });
            break;
          case 'fill':
            if (message.order.status === 'filled') orders.inc({ outcome: 'filled', reason: 'none' });
            break;
          default:
            break;
        }
      }
    },
  };
  cache.set(registry, metrics);
  return metrics;
}
