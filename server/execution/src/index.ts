// Public API of @kestrel/server-execution: the service module (for the CLI registry) and what its
// tests and the integrator need.
export { createExecutionService, executionService, type ExecutionServiceOptions } from './app.js';
export { ExecutionConfigSchema, parseShards, DEFAULT_SHARD, type ExecutionConfig } from './config.js';
export { ExecutionErrors, type ExecutionErrorCode } from './errors.js';
export { EngineShard, type ShardRecovery } from './services/engine-shard.js';
