// Serves GET /metrics and records every request's duration. The route label is the matched
// route pattern (`/v1/orders/:id`), never the raw URL, and unmatched requests share one label,
// so label cardinality stays bounded whatever clients send.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Metrics } from './metrics.js';

/** Label used for requests that matched no route. */
export const UNMATCHED_ROUTE = 'unmatched';

async function metricsPlugin(app: FastifyInstance, options: { metrics: Metrics }) {
  const { registry, httpRequestDuration } = options.metrics;
  app.addHook('onResponse', async (request, reply) => {
    const route = request.is404 ? UNMATCHED_ROUTE : (request.routeOptions.url ?? UNMATCHED_ROUTE);
    httpRequestDuration.observe(
      { method: request.method, route, status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
  app.get('/metrics', { logLevel: 'warn' }, async (_request, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });
}

/** Fastify plugin: the /metrics route and the request-duration hook (applies to the whole app). */
export const metricsRoutes = fp(metricsPlugin, { name: 'kestrel-metrics', fastify: '5.x' });
