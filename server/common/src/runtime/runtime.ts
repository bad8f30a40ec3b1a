// Builds the shared deps of one process from its configuration: logger, lifecycle, metrics,
// health, the PostgreSQL pool and (when configured) Redis, each with its readiness check and
// close hook. Invariant: every resource is registered with the lifecycle as soon as it exists,
// so whatever was started before a failure is still closed, in reverse order.
import type { Logger } from 'pino';
import { ConfigError } from '../config/config-error.js';
import type { KestrelConfig } from '../config/load.js';
import { checkDatabase, createPool } from '../db/pool.js';
import { HealthRegistry } from '../health/health-registry.js';
import { Lifecycle } from '../lifecycle/lifecycle.js';
import { createLogger } from '../log/logger.js';
import { createMetrics } from '../metrics/metrics.js';
import { checkRedis, closeRedis, createRedis } from '../redis/redis.js';
import type { CoreDeps } from '../service.js';

/** Inputs of createRuntime; pass `logger`/`lifecycle` when resources were started before it. */
export interface RuntimeOptions {
  config: KestrelConfig;
  /** Names the process in pg_stat_activity and Redis CLIENT LIST, e.g. `kestrel-auth`. */
  processName?: string;
  logger?: Logger;
  lifecycle?: Lifecycle;
}

/** Creates the shared deps; requires a database URL (the CLI fills it in for embedded mode). */
export async function createRuntime(options: RuntimeOptions): Promise<CoreDeps> {
  const { config } = options;
  const processName = options.processName ?? 'kestrel';
  const logger = options.logger ?? createLogger({ level: config.log.level });
  const lifecycle = options.lifecycle ?? new Lifecycle(logger);
  const health = new HealthRegistry();
  const metrics = createMetrics();

  const url = config.database.url;
  if (url === undefined) {
    throw new ConfigError('KESTREL_DATABASE_URL', 'KESTREL_DATABASE_URL is required when a service runs on its own (only `kestrel serve` embeds PostgreSQL)');
  }
  const db = createPool({
    url,
    max: config.database.poolMax,
    statementTimeoutMs: config.database.statementTimeoutMs,
    applicationName: processName,
    logger,
  });
  lifecycle.onClose('database pool', () => db.end());
  health.register('database', () => checkDatabase(db));

  const deps: CoreDeps = { config, db, logger, metrics, health, lifecycle };
  if (config.redis.url !== undefined) {
    const redis = createRedis({ url: config.redis.url, logger, connectionName: processName });
    lifecycle.onClose('redis', () => closeRedis(redis));
    health.register('redis', () => checkRedis(redis));
    deps.redis = redis;
  }
  return deps;
}
