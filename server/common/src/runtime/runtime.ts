// Builds the shared deps of one process from its configuration: logger, lifecycle, metrics,
// health, the PostgreSQL pool, Redis (when configured), the event bus, the real-time channels and
// object storage, each with its close hook and, where one exists, its readiness check.
// Invariants: every resource is registered with the lifecycle as soon as it exists, so whatever
// was started before a failure is still closed, in reverse order; nothing here connects eagerly
// (pool, Redis and Kafka connect on first use), so creating the deps never blocks on a dependency.
import path from 'node:path';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { instrumentEventBus } from '../bus/bus-metrics.js';
import { createChannels, createEventBus } from '../bus/create-bus.js';
import { ConfigError } from '../config/config-error.js';
import type { KestrelConfig } from '../config/load.js';
import { checkDatabase, createPool } from '../db/pool.js';
import { HealthRegistry } from '../health/health-registry.js';
import { Lifecycle } from '../lifecycle/lifecycle.js';
import { createLogger } from '../log/logger.js';
import { createMetrics } from '../metrics/metrics.js';
import { checkRedis, closeRedis, createRedis } from '../redis/redis.js';
import { createObjectStorage } from '../storage/create-object-storage.js';
import type { CoreDeps } from '../service.js';

/** Key the storage readiness check looks up (it need not exist). */
const STORAGE_PROBE_KEY = 'kestrel-health-probe';

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

  let redis: Redis | undefined;
  if (config.redis.url !== undefined) {
    const client = createRedis({ url: config.redis.url, logger, connectionName: processName });
    lifecycle.onClose('redis', () => closeRedis(client));
    health.register('redis', () => checkRedis(client));
    redis = client;
  }

  const bus = instrumentEventBus(
    createEventBus(config.kafka, {
      onFailure: ({ error, event, ...rest }) => logger.warn({ ...rest, eventId: event?.id, err: error }, `event bus ${rest.kind} failure`),
    }),
    metrics.registry,
    // Consumed-event counts always; consumer lag when the bus is Kafka (docs/observability.md).
    config.kafka.brokers
      ? { kafka: { ...config.kafka, brokers: config.kafka.brokers }, onError: (error) => logger.debug({ err: error }, 'reading Kafka consumer lag failed') }
      : {},
  );
  lifecycle.onClose('event bus', () => bus.close());
  const channels = createChannels(config.redis.url, {
    logger,
    prefix: config.redis.channelPrefix,
    onFailure: ({ error, ...rest }) => logger.warn({ ...rest, err: error }, `channel ${rest.kind} failure`),
  });
  lifecycle.onClose('channels', () => channels.close());
  const storage = createObjectStorage(config.s3, path.join(config.dataDir, 'objects'));
  // A HEAD of a key that need not exist: answers "absent" when storage is reachable, throws when not.
  health.register('storage', () => storage.head(STORAGE_PROBE_KEY));

  const deps: CoreDeps = { config, db, logger, metrics, health, lifecycle, bus, channels, storage };
  if (redis) deps.redis = redis;
  return deps;
}
