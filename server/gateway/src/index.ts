// Public API of @kestrel/server-gateway: the service module, and the pieces other packages'
// tests and tools need (permission matrix, route table).
export { gatewayService, API_VERSION } from './app.js';
export { GatewayConfigSchema, type GatewayConfig } from './config.js';
export { GatewayErrors } from './errors.js';
export * from './authorization/permissions.js';
export type { Principal } from './credentials/principal.js';
export { routeTable, type RouteEntry } from './plugins/route-contract.js';
