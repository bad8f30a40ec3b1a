// GET /health/live answers 200 while the process can serve HTTP at all; GET /health/ready
// answers 200 only when every registered check passes, else 503 with the same body, so a load
// balancer stops routing to an instance that cannot do its job. While the process shuts down,
// readiness reports a failing `shutdown` check so traffic drains before the listener closes.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Lifecycle } from '../lifecycle/lifecycle.js';
import type { HealthRegistry, ReadinessReport } from './health-registry.js';

async function healthPlugin(app: FastifyInstance, options: { health: HealthRegistry; lifecycle: Lifecycle }) {
  const { health, lifecycle } = options;
  app.get('/health/live', { logLevel: 'warn' }, async () => ({ status: 'ok' }));
  app.get('/health/ready', { logLevel: 'warn' }, async (_request, reply) => {
    const report: ReadinessReport = await health.run();
    if (lifecycle.closing) {
      report.status = 'fail';
      report.checks.push({ name: 'shutdown', status: 'fail', latencyMs: 0, error: 'shutting down' });
    }
    reply.code(report.status === 'ok' ? 200 : 503);
    return report;
  });
}

/** Fastify plugin: the liveness and readiness routes. */
export const healthRoutes = fp(healthPlugin, { name: 'kestrel-health', fastify: '5.x' });
