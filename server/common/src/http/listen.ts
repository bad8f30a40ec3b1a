// Binds a built app to the configured address and registers closing it as the last-started,
// first-closed lifecycle hook: on shutdown Fastify stops accepting, answers new requests on
// open connections with 503, lets in-flight requests finish, then runs the services' own
// onClose hooks.
import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import type { Lifecycle } from '../lifecycle/lifecycle.js';

/** Listens on host:port (port 0 picks a free one) and returns the base URL. */
export async function listen(app: FastifyInstance, options: { host: string; port: number; lifecycle: Lifecycle }): Promise<string> {
  await app.listen({ host: options.host, port: options.port });
  options.lifecycle.onClose('http server', () => app.close());
  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}
