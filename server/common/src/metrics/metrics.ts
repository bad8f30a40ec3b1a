// The process's Prometheus registry and the HTTP metrics every server records. Modules add
// their own metrics to `registry` (pass `registers: [metrics.registry]`), never to prom-client's
// global default registry, so two servers built in one test process do not collide.
import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The registry and the built-in metrics of one server. */
export interface Metrics {
  registry: Registry;
  /** Request latency by method, route pattern and status code. */
  httpRequestDuration: Histogram<'method' | 'route' | 'status_code'>;
}

/** Creates a registry with the default process metrics and the HTTP histogram. */
export function createMetrics(options: { prefix?: string; defaultLabels?: Record<string, string> } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultLabels) registry.setDefaultLabels(options.defaultLabels);
  collectDefaultMetrics({ register: registry, prefix: options.prefix ?? '' });
  const httpRequestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency in seconds, by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return { registry, httpRequestDuration };
}
