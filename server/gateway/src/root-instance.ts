// Reaching the root Fastify instance from the gateway's encapsulated service context.
// Why: the service contract mounts every module in its own context, but the gateway must hook
// every /v1 route of every service (authentication, rate limits, CORS, OpenAPI collection). Fastify
// creates a plugin context with Object.create(parent), so the parent is the prototype; hooks added
// to it before the later services are registered are inherited by them.
// Invariant: the gateway module must be mounted before the services it covers (first in the CLI
// registry); `assertCoversLaterRoutes` in the tests checks this end to end.
// Known limit: relies on Fastify's context-creation mechanism; proposed replacement: a
// `scope: 'root'` flag in ServiceModule (see the report to the integrator).
import type { FastifyInstance } from 'fastify';

/** The instance whose hooks every later-registered context inherits. */
export function rootOf(scope: FastifyInstance): FastifyInstance {
  const parent = Object.getPrototypeOf(scope) as FastifyInstance | null;
  if (!parent || typeof parent.addHook !== 'function' || typeof parent.route !== 'function') {
    throw new Error('the gateway must be mounted as a direct child of the root instance');
  }
  return parent;
}

type CallbackPlugin<O> = (instance: FastifyInstance, options: O, done: (error?: Error) => void) => unknown;

/** Runs a fastify-plugin-wrapped plugin directly on `instance` (no new context, no queueing). */
export async function applyPlugin<O>(instance: FastifyInstance, plugin: CallbackPlugin<O>, options: O): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const result = plugin(instance, options, (error?: Error) => (error ? reject(error) : resolve()));
    if (result && typeof (result as Promise<unknown>).then === 'function') (result as Promise<unknown>).then(() => resolve(), reject);
  });
}
