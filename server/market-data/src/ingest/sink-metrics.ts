// Prometheus metrics of the ingest sink (registered on the process registry, never the global one).
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** The sink's metrics. */
export interface SinkMetrics {
  events: Counter<'kind' | 'outcome'>;
  flushSeconds: Histogram<'stored'>;
  buffered: Gauge;
  fanOutFailures: Counter<'target'>;
}

/** Creates and registers the sink's metrics on `registry`. */
export function createSinkMetrics(registry: Registry): SinkMetrics {
  return {
    events: new Counter({
      name: 'kestrel_market_data_ingest_events_total',
      help: 'Market-data events offered to the ingest sink, by kind and outcome (accepted, rejected, duplicate, failed).',
      labelNames: ['kind', 'outcome'] as const,
      registers: [registry],
    }),
    flushSeconds: new Histogram({
      name: 'kestrel_market_data_flush_seconds',
      help: 'Duration of one sink flush (store + fan-out), by whether it stored anything.',
      labelNames: ['stored'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    buffered: new Gauge({ name: 'kestrel_market_data_buffered_events', help: 'Events waiting in the sink buffer.', registers: [registry] }),
    fanOutFailures: new Counter({
      name: 'kestrel_market_data_fanout_failures_total',
      help: 'Failed publishes of stored market data, by target (market.data topic, market.ticks channel); PostgreSQL stays the record.',
      labelNames: ['target'] as const,
      registers: [registry],
    }),
  };
}
