// The execution service as a Kestrel ServiceModule: hosts one engine per symbol shard under
// `<dataDir>/engine/<database>/<shard>` (recovered and aligned with PostgreSQL on start), consumes
// `orders.commands` (docs/orders.md, "The execution boundary") and answers through the outbox on
// `orders.reports` and `orders.executed`. createExecutionService() takes the clock so tests can
// drive engine time; `executionService` is the production module (system clock).
// The simulation venue (simulation/) trades on the same shards; its market events go to the
// market-data service's ingest route, called in-process (embedded) with its service token.
// External venues (`venues`, off by default) are registered on every shard; the venue gateway
// (venues/venue-gateway.ts) sends the router's external children and books the venues' fills.
// Known limits: in the suite shape the simulation has no market-data feed (it is off by default there).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { defineService } from '@kestrel/server-common';
import { ExecutionConfigSchema, parseBinanceSymbols, parseFeeAssets, parseShards, parseSimulationSymbols, parseVenues, type ExecutionConfig } from './config.js';
import { executionRoutes } from './routes/execution-routes.js';
import { subscribeCommands } from './services/command-consumer.js';
import type { HandlerContext } from './services/command-handler.js';
import { EngineShard, engineRoot } from './services/engine-shard.js';
import { executionMetrics } from './services/execution-metrics.js';
import { SimulationVenue, type MarketFeed } from './simulation/simulation-venue.js';
import { BinanceSpotOrderAdapter } from './venues/binance-spot-adapter.js';
import { VenueGateway, type ConfiguredVenue } from './venues/venue-gateway.js';
import { venueMetrics } from './venues/venue-metrics.js';

/** Options of createExecutionService. */
export interface ExecutionServiceOptions {
  /** Milliseconds since the epoch (default Date.now): the engine's only source of time. */
  now?: () => number;
  /** Receives the shards once they are open (tests use it to inspect engine state). */
  onShards?: (shards: ReadonlyMap<string, EngineShard>) => void;
  /** Receives the simulation venue when it runs; with `manualSimulation` its timer is not started (tests call tick()). */
  onSimulation?: (venue: SimulationVenue) => void;
  manualSimulation?: boolean;
  /** Receives the venue gateway when external venues are configured. */
  onVenueGateway?: (gateway: VenueGateway) => void;
}

function configuredVenues(config: ExecutionConfig, logger: Logger): ConfiguredVenue[] {
  return parseVenues(config.venues).map((venue) => ({
    id: venue.id,
    name: venue.name,
    takerBps: venue.takerBps,
    makerBps: venue.makerBps,
    feeAssets: parseFeeAssets(config.binanceFeeAssets),
    adapter: new BinanceSpotOrderAdapter({
      restUrl: config.binanceRestUrl.replace(/\/$/, ''),
      streamUrl: config.binanceStreamUrl.replace(/\/$/, ''),
      apiKey: config.binanceApiKey,
      apiSecret: config.binanceApiSecret,
      symbols: parseBinanceSymbols(config.binanceSymbols),
      logger: logger.child({ venue: venue.name }),
    }),
  }));
}

const INGEST_ROUTE = '/v1/internal/market-data/events';

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
      const root = await engineRoot(deps.db, deps.config.dataDir);
      for (const name of map.shards) {
        shards.set(name, await EngineShard.open({ name, dataDir: root, db: deps.db, logger, now, fsync: config.fsync, snapshotEvery: config.snapshotEvery }));
      }
      options.onShards?.(shards);
      const context: HandlerContext = { db: deps.db, logger, shards, shardOf: map.shardOf, metrics: executionMetrics(deps.metrics.registry) };
      const venues = configuredVenues(config, logger);
      if (venues.length > 0) {
        const gateway = new VenueGateway(context, venues, venueMetrics(deps.metrics.registry));
        context.onCommitted = (shard, events) => gateway.onCommitted(shard, events);
        // Registered after the shards' hook: close hooks run in reverse, so the venues stop first.
        deps.lifecycle.onClose('execution venue gateway', async () => {
          await gateway.settled();
          await gateway.close();
        });
        await gateway.start();
        options.onVenueGateway?.(gateway);
      }
      await app.register(executionRoutes, { shards });
      const embedded = deps.config.kafka.brokers === undefined;
      if (config.simulation === 'on' || (config.simulation === 'auto' && embedded)) {
        const token = deps.config.sections['market-data']?.serviceToken as string | undefined;
        let warned = false;
        let closing = false;
        const feed: MarketFeed = async (events) => {
          if (closing) return;
          const response = await app.inject({ method: 'POST', url: INGEST_ROUTE, headers: token ? { 'x-kestrel-service-token': token } : {}, payload: { events } });
          if (response.statusCode !== 200 && !warned) {
            warned = true;
            logger.warn({ status: response.statusCode, body: response.body.slice(0, 300) }, 'the market-data ingest route refused simulated market events (is the market-data service mounted, with a service token?)');
          }
        };
        const venue = new SimulationVenue({
          context,
          symbols: parseSimulationSymbols(config.simulationSymbols),
          seed: config.simulationSeed,
          ordersPerSecond: config.simulationOrdersPerSecond,
          intervalMs: config.simulationIntervalMs,
          now,
          feed,
          logger,
        });
        // The HTTP app refuses inject() as soon as its close() begins (before the lifecycle's
        // hooks run): stop ticking then, and let a tick in flight skip its feed.
        app.addHook('preClose', async () => {
          closing = true;
          venue.halt();
        });
        deps.lifecycle.onClose('execution simulation venue', () => venue.stop());
        options.onSimulation?.(venue);
        app.addHook('onReady', async () => {
          await venue.prepare();
          if (!options.manualSimulation) venue.start();
        });
      }
      const subscription = await subscribeCommands(context, deps.bus, config.commandsConsumerGroup);
      // Registered after the shards' hook: close hooks run in reverse, so consuming stops first.
      deps.lifecycle.onClose('execution orders.commands consumer', () => subscription.close());
    },
  });
}

/** The execution service. */
export const executionService = createExecutionService();
