// Builds the Fastify instance every Kestrel process serves: request ids, structured request
// logs, the common error body, health and metrics routes, then each service's plugin in its own
// encapsulated context (unless the module opts out with `encapsulate: false`). Invariant: build()
// never listens (tests use inject(); listen.ts binds the port), and it adds nothing a service
// could not also get from ServiceDeps.
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { frameworkErrorHandler, installErrorHandling } from '../errors/error-handler.js';
import { healthRoutes } from '../health/health-plugin.js';
import { REQUEST_ID_HEADER, requestIdFrom } from '../log/request-id.js';
import { metricsRoutes } from '../metrics/metrics-plugin.js';
import type { CoreDeps, ServiceDeps, ServiceModule } from '../service.js';

/** Inputs of build(). */
export interface BuildOptions {
  /** The process's shared deps (see createRuntime). */
  deps: CoreDeps;
  /** Services to mount, in order. */
  modules?: readonly ServiceModule[];
}

/** Creates the app with the common plumbing and every module's routes; does not listen. */
export async function build(options: BuildOptions): Promise<FastifyInstance> {
  const { deps, modules = [] } = options;
  const { http } = deps.config;
  const app = Fastify({
    loggerInstance: deps.logger,
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    genReqId: (request) => requestIdFrom(request.headers[REQUEST_ID_HEADER]),
    bodyLimit: http.bodyLimitBytes,
    trustProxy: http.trustProxy,
    frameworkErrors: frameworkErrorHandler,
    // Node's default (5 s) is shorter than most load balancers' idle timeout, which causes
    // sporadic 502s on reused connections; keep idle sockets a little longer than nginx's 60 s.
    keepAliveTimeout: 65_000,
  }) as unknown as FastifyInstance;

  app.addHook('onRequest', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
  });
  installErrorHandling(app);
  await app.register(metricsRoutes, { metrics: deps.metrics });
  await app.register(healthRoutes, { health: deps.health, lifecycle: deps.lifecycle });

  for (const module of modules) {
    const serviceDeps: ServiceDeps = { ...deps, serviceConfig: deps.config.sections[module.name] ?? {} };
    const plugin = async (scope: FastifyInstance) => module.plugin(scope, serviceDeps);
    const name = `service:${module.name}`;
    Object.defineProperty(plugin, 'name', { value: name });
    await app.register(module.encapsulate === false ? fp(plugin, { name }) : plugin);
  }
  return app;
}
