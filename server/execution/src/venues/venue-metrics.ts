// Metrics of the external venues (docs/observability.md):
// - `kestrel_venue_connected{venue}`: 1 while the venue's report stream is up (the router may route
//   there), 0 while it reconnects;
// - `kestrel_venue_orders_total{venue,outcome}`: child orders `sent` to the venue adapter (a venue
//   refusal then comes back as a `done` report), `failed` (could not be sent: unknown symbol, bad
//   value), cancels `cancel_sent`;
// - `kestrel_venue_reports_total{venue,kind}`: venue reports applied — `fill`, `duplicate` (a fill
//   already booked: redelivery or reconcile), `done`, `refused` (the engine refused the fill).
// Invariant: registering twice on one registry reuses the same metrics.
import { Counter, Gauge, type Registry } from 'prom-client';

/** What the venue gateway records. */
export interface VenueMetrics {
  connected(venue: string, up: boolean): void;
  order(venue: string, outcome: 'sent' | 'failed' | 'cancel_sent'): void;
  report(venue: string, kind: 'fill' | 'duplicate' | 'done' | 'refused'): void;
}

const cache = new WeakMap<Registry, VenueMetrics>();

/** Registers (or returns the already registered) venue metrics on `registry`. */
export function venueMetrics(registry: Registry): VenueMetrics {
  const existing = cache.get(registry);
  if (existing) return existing;
  const connected = new Gauge({ name: 'kestrel_venue_connected', help: '1 while the venue report stream is up.', labelNames: ['venue'] as const, registers: [registry] });
  const orders = new Counter({ name: 'kestrel_venue_orders_total', help: 'Child orders and cancels sent to external venues, by outcome.', labelNames: ['venue', 'outcome'] as const, registers: [registry] });
  const reports = new Counter({ name: 'kestrel_venue_reports_total', help: 'External venue reports applied, by kind.', labelNames: ['venue', 'kind'] as const, registers: [registry] });
  const metrics: VenueMetrics = {
    connected: (venue, up) => connected.set({ venue }, up ? 1 : 0),
    order: (venue, outcome) => orders.inc({ venue, outcome }),
    report: (venue, kind) => reports.inc({ venue, kind }),
  };
  cache.set(registry, metrics);
  return metrics;
}
