// The start sequence shared by `kestrel serve` and every standalone service entry: shared deps,
// migrations (unless a separate job runs them: server/common's own tables first, then each
// service's), the outbox relay, the app, the listener. Order matters for shutdown: the listener
// is registered last, so it closes first; the relay stops before the bus and the pool it uses.
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { KestrelConfig } from '../config/load.js';
import { migrateAll, type MigrationTarget } from '../db/migrate.js';
import { build } from '../http/build.js';
import { commonMigrations } from '../outbox/migrations.js';
import { OutboxRelay } from '../outbox/relay.js';
import { listen } from '../http/listen.js';
import type { Lifecycle } from '../lifecycle/lifecycle.js';
import type { CoreDeps, ServiceModule } from '../service.js';
import { createRuntime } from './runtime.js';

/** Inputs of startServer. */
export interface StartServerOptions {
  config: KestrelConfig;
  modules: readonly ServiceModule[];
  logger: Logger;
  lifecycle: Lifecycle;
  processName?: string;
}

/** A listening server and what it was built from. */
export interface RunningServer {
  app: FastifyInstance;
  deps: CoreDeps;
  url: string;
}

/** Everything to migrate for `modules`, in order: server/common's tables, then each service's. */
export function migrationTargets(modules: readonly ServiceModule[]): MigrationTarget[] {
  return [commonMigrations, ...modules.flatMap((module) => (module.migrationsDir ? [{ name: module.name, migrationsDir: module.migrationsDir }] : []))];
}

/** Creates deps, migrates, builds and listens. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const { config, modules, logger, lifecycle } = options;
  const deps = await createRuntime({ config, logger, lifecycle, processName: options.processName });
  if (config.database.migrateOnStart) await migrateAll(migrationTargets(modules), { pool: deps.db, logger });
  // Every server process relays the outbox: relays are safe to run concurrently (SKIP LOCKED, per-key
  // order), so each suite process helps and the embedded process needs no extra component.
  const relay = new OutboxRelay({ pool: deps.db, bus: deps.bus, logger: logger.child({ component: 'outbox-relay' }), registry: deps.metrics.registry });
  relay.start();
  lifecycle.onClose('outbox relay', () => relay.stop());
  const app = await build({ deps, modules });
  const url = await listen(app, { host: config.http.host, port: config.http.port, lifecycle });
  return { app, deps, url };
}
