// Prometheus metrics of the update feed (docs/observability.md lists them). Invariant: labels are
// bounded: `channel` is one of the configured channels, `kind` is manifest/artifact/blockmap and
// `status` the HTTP status code.
import { Counter, type Registry } from 'prom-client';

/** The update feed's metrics on one registry. */
export interface UpdatesMetrics {
  /** Responses by channel, file kind and status. */
  requests: Counter<'channel' | 'kind' | 'status'>;
  /** Body bytes sent by channel and file kind. */
  bytesSent: Counter<'channel' | 'kind'>;
}

/** Registers the update feed's metrics. */
export function createUpdatesMetrics(registry: Registry): UpdatesMetrics {
  return {
    requests: new Counter({
      name: 'kestrel_updates_requests_total',
      help: 'Update feed responses by channel, file kind (manifest, artifact, blockmap) and HTTP status.',
      labelNames: ['channel', 'kind', 'status'] as const,
      registers: [registry],
    }),
    bytesSent: new Counter({
      name: 'kestrel_updates_bytes_sent_total',
      help: 'Update feed body bytes sent, by channel and file kind.',
      labelNames: ['channel', 'kind'] as const,
      registers: [registry],
    }),
  };
}

