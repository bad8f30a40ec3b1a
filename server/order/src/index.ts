// Public API of @kestrel/server-order: the service module (mounted by the CLI), its factory with
// an injectable clock (tests), its config schema and error codes.
export { createOrderService, orderService, type OrderServiceOptions } from './app.js';
export { OrderConfigSchema, type OrderConfig } from './config.js';
export { OrderErrors } from './errors.js';
export { ManualTimeSource, SystemTimeSource, type TimeSource } from './domain/time-source.js';
