// Prometheus metrics of the stream service (names in docs/observability.md). Why these: the
// gauge answers "how many clients", the counters answer "is fan-out keeping up" (frames conflated
// instead of written) and "who is too slow" (disconnects by code), and the two memory gauges
// (read at scrape time) show that slow clients cost bounded memory: frames waiting in the
// connections' queues and bytes waiting in their sockets.
import { Counter, Gauge, type Registry } from 'prom-client';

/** The stream service's metrics. */
export interface StreamMetrics {
  clients: Gauge;
  delivered: Counter;
  conflated: Counter;
  slowConsumerDisconnects: Counter;
  queuedFrames: Gauge;
  bufferedBytes: Gauge;
}

/** Read at scrape time: totals over the open connections. */
export interface StreamBacklog {
  queuedFrames(): number;
  bufferedBytes(): number;
}

/** Registers the metrics in `registry`. */
export function createStreamMetrics(registry: Registry, backlog: StreamBacklog): StreamMetrics {
  return {
    queuedFrames: new Gauge({
      name: 'kestrel_stream_queued_frames',
      help: 'Frames waiting in the connections\' outbound queues for sockets at their high-water mark (all connections).',
      registers: [registry],
      collect() {
        this.set(backlog.queuedFrames());
      },
    }),
    bufferedBytes: new Gauge({
      name: 'kestrel_stream_socket_buffered_bytes',
      help: 'Bytes written to WebSocket sockets and not yet taken by the kernel (all connections).',
      registers: [registry],
      collect() {
        this.set(backlog.bufferedBytes());
      },
    }),
    clients: new Gauge({ name: 'kestrel_websocket_clients', help: 'Open WebSocket connections on /v1/stream.', registers: [registry] }),
    delivered: new Counter({ name: 'kestrel_stream_items_delivered_total', help: 'Items handed to subscriptions (before conflation).', registers: [registry] }),
    conflated: new Counter({ name: 'kestrel_stream_items_conflated_total', help: 'Items merged into a queued frame for a slow connection instead of written.', registers: [registry] }),
    slowConsumerDisconnects: new Counter({
      name: 'kestrel_stream_slow_consumer_disconnects_total',
      help: 'Connections closed with 4008 STREAM_SLOW_CONSUMER because their queue passed the bound.',
      registers: [registry],
    }),
  };
}
