// Prometheus metrics of the outbox. The backlog gauges are computed at scrape time from the table
// (so they are right whichever process or relay publishes); the counters count this process's
// relays. Invariant: registering twice on one registry reuses the existing metrics.
import type pg from 'pg';
import { Counter, Gauge, type Registry } from 'prom-client';

/** The outbox metrics on one registry. */
export interface OutboxMetrics {
  backlog: Gauge;
  oldestUnpublishedSeconds: Gauge;
  published: Counter;
  publishFailures: Counter;
}

const cache = new WeakMap<Registry, OutboxMetrics>();

/** Registers (or returns the already registered) outbox metrics; the gauges query `pool` on scrape. */
export function outboxMetrics(registry: Registry, pool: pg.Pool): OutboxMetrics {
  const existing = cache.get(registry);
  if (existing) return existing;
  let pending: Promise<{ backlog: number; oldest: number }> | undefined;
  // Both gauges come from one query; share it between their collect() calls of one scrape.
  const sample = () => {
    pending ??= pool
      .query<{ backlog: string; oldest: number | null }>(
        `SELECT count(*) AS backlog, EXTRACT(EPOCH FROM now() - min(enqueued_at))::float8 AS oldest
         FROM outbox WHERE published_at IS NULL`,
      )
      .then(({ rows }) => ({ backlog: Number(rows[0]?.backlog ?? 0), oldest: rows[0]?.oldest ?? 0 }))
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
  const metrics: OutboxMetrics = {
    backlog: new Gauge({
      name: 'kestrel_outbox_backlog',
      help: 'Outbox rows not yet published to the event bus.',
      registers: [registry],
      async collect() {
        this.set((await sample()).backlog);
      },
    }),
    oldestUnpublishedSeconds: new Gauge({
      name: 'kestrel_outbox_oldest_unpublished_seconds',
      help: 'Age of the oldest unpublished outbox row, in seconds (0 when the backlog is empty).',
      registers: [registry],
      async collect() {
        this.set((await sample()).oldest);
      },
    }),
    published: new Counter({
      name: 'kestrel_outbox_published_total',
      help: 'Outbox events this process published to the event bus.',
      registers: [registry],
    }),
    publishFailures: new Counter({
      name: 'kestrel_outbox_publish_failures_total',
      help: 'Outbox events whose publish attempt the event bus rejected (they are retried).',
      registers: [registry],
    }),
  };
  cache.set(registry, metrics);
  return metrics;
}
