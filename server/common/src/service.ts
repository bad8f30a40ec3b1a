// THE SERVICE CONTRACT. Every Kestrel service package exports one ServiceModule; the same module
// is mounted by `kestrel serve --all` (all services in one process) and by the service's own
// standalone entry (`runService`). Invariants: a service receives everything it shares with the
// process through ServiceDeps (never through globals or by importing another service); it owns
// only its own routes (under /v1/...), its own migrations folder and migrations table, and its
// own config section. Extension point: a later common module can add fields to every service's
// deps through ServiceExtensions by declaration merging, e.g.
//   declare module '../service.js' { interface ServiceExtensions { engine: EngineClient } }
import type { Static, TObject } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Channels } from './bus/channels.js';
import type { EventBus } from './bus/event-bus.js';
import type { KestrelConfig } from './config/load.js';
import { CORE_SECTION_NAMES } from './config/schema.js';
import type { HealthRegistry } from './health/health-registry.js';
import type { Lifecycle } from './lifecycle/lifecycle.js';
import type { Metrics } from './metrics/metrics.js';
import type { ObjectStorage } from './storage/object-storage.js';

/** Fields later common modules add to every service's deps (empty until one does). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface ServiceExtensions {}

/** What the process shares with every service; built once per process by createRuntime(). */
export interface CoreDeps extends ServiceExtensions {
  /** The validated configuration (core settings and every loaded service section). */
  config: KestrelConfig;
  /** The process's PostgreSQL pool (system of record). */
  db: pg.Pool;
  /** Redis, when KESTREL_REDIS_URL is set (optional in the embedded shape). */
  redis?: Redis;
  /** Durable events: Kafka when KESTREL_KAFKA_BROKERS is set, else the in-process bus. Publish through the outbox. */
  bus: EventBus;
  /** Loss-tolerant real-time fan-out: Redis pub/sub when KESTREL_REDIS_URL is set, else in-process. */
  channels: Channels;
  /** Object storage: S3 when KESTREL_S3_ENDPOINT is set, else the folder `<dataDir>/objects`. */
  storage: ObjectStorage;
  /** The process logger; inside a request prefer `request.log`, which carries the request id. */
  logger: Logger;
  /** The Prometheus registry; add metrics with `registers: [metrics.registry]`. */
  metrics: Metrics;
  /** Readiness checks; register one for each dependency the service adds. */
  health: HealthRegistry;
  /** Close hooks, run in reverse order at shutdown. */
  lifecycle: Lifecycle;
}

/** What a service plugin receives: the shared deps plus its own validated config section. */
export interface ServiceDeps<C = Readonly<Record<string, unknown>>> extends CoreDeps {
  /** This service's section (`{}` when the service declares none). */
  serviceConfig: C;
}

/** A service, as exported by `server/<name>/src/app.ts`. */
export interface ServiceModule<S extends TObject = TObject> {
  /** Lower-case id (`auth`, `market-data`): config section, env prefix, migrations table, logs. */
  readonly name: string;
  /** Absolute path of the service's node-pg-migrate folder, if it owns tables. */
  readonly migrationsDir?: string;
  /** Schema of the service's config section: file key `<name>`, env `KESTREL_<NAME>_<KEY>`. */
  readonly config?: S;
  /**
   * False: the plugin runs in the root context instead of its own, so its hooks and decorators
   * apply to every service mounted after it (the gateway's authentication and rate limits).
   * Default true: everything the service registers stays private to it.
   */
  readonly encapsulate?: boolean;
  /** Registers the service's routes, hooks and close hooks; runs in its own encapsulated context. */
  plugin(app: FastifyInstance, deps: ServiceDeps<Static<S>>): Promise<void>;
}

const SERVICE_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
/** `all` selects every service; `common` owns server/common's own migrations table. */
const RESERVED_NAMES: readonly string[] = ['all', 'common'];

/** Declares a service module, checking its name once at import time. */
export function defineService<S extends TObject = TObject>(module: ServiceModule<S>): ServiceModule<S> {
  const { name } = module;
  if (!SERVICE_NAME.test(name)) throw new Error(`service name "${name}" must be lower-case words joined by hyphens`);
  if (RESERVED_NAMES.includes(name) || CORE_SECTION_NAMES.some((core) => name === core || name.startsWith(`${core.toLowerCase()}-`))) {
    throw new Error(`service name "${name}" is reserved or collides with a core configuration key`);
  }
  return module;
}

/** Name of the table recording which of a service's migrations have run. */
export function migrationsTableName(serviceName: string): string {
  return `kestrel_migrations_${serviceName.replace(/-/g, '_')}`;
}
