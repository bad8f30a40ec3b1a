// The execution service as a Kestrel ServiceModule: hosts one engine per symbol shard under
// `<dataDir>/engine/<shard>` (recovered and aligned with PostgreSQL on start), consumes
// `orders.commands` (docs/orders.md, "The execution boundary") and answers through the outbox on
// `orders.reports` and `orders.executed`. createExecutionService() takes the clock so tests can
// drive engine time; `executionService` is the production module (system clock).
// Known limits: external venue adapters are not wired (the engine routes to its internal book);
// the simulation venue is not part of this module yet (docs/execution.md).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineService } from '@kestrel/server-common';
import { ExecutionConfigSchema, parseShards } from './config.js';
import { executionRoutes } from './routes/execution-routes.js';
import { handleCommand, type HandlerContext } from './services/command-handler.js';
import { EngineShard } from './services/engine-shard.js';

/** Options of createExecutionService. */
export interface ExecutionServiceOptions {
  /** Milliseconds since the epoch (default Date.now): the engine's only source of time. */
  now?: () => number;
  /** Receives the shards once they are open (tests use it to inspect engine state). */
  onShards?: (shards: ReadonlyMap<string, EngineShard>) => void;
}

/** The execution service module with the given clock. */
export function createExecutionService(options: ExecutionServiceOptions = {}) {
  return defineService({
    name: 'execution',
    migrationsDir: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../migrations'),
    config: ExecutionConfigSchema,
    async plugin(app, deps) {
      const config = deps.serviceConfig;
      const logger = deps.logger.child({ service: 'execution' });
      const map = parseShards(config.shards);
      const now = options.now ?? Date.now;
      const shards = new Map<string, EngineShard>();
      deps.lifecycle.onClose('execution engine shards', async () => {
        for (const shard of shards.values()) await shard.close();
      });
      for (const name of map.shards) {
        shards.set(name, await EngineShard.open({ name, dataDir: deps.config.dataDir, db: deps.db, logger, now, fsync: config.fsync, snapshotEvery: config.snapshotEvery }));
      }
      options.onShards?.(shards);
      const context: HandlerContext = { db: deps.db, logger, shards, shardOf: map.shardOf };
      await app.register(executionRoutes, { shards });
      const subscription = await deps.bus.subscribe('orders.commands', config.commandsConsumerGroup, (event) => handleCommand(context, event.payload));
      // Registered after the shards' hook: close hooks run in reverse, so consuming stops first.
      deps.lifecycle.onClose('execution orders.commands consumer', () => subscription.close());
    },
  });
}

/** The execution service. */
export const executionService = createExecutionService();
