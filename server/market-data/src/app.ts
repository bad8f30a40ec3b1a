// The market-data service as a Kestrel ServiceModule: lays out storage (native partitions or
// TimescaleDB), seeds demo instruments once, re-announces every instrument on
// `instruments.updated` (the consumers' start-up catch-up), starts the ingest sink, the background jobs (bar
// materialiser, partition maintenance), the replay manager and the configured feed adapters,
// and registers the routes under /v1/market-data, /v1/admin/market-data and
// /v1/internal/market-data. Close hooks stop adapters first, then replays, the sink (flushing
// what it holds) and the jobs, before the process closes the database.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineService, type CoreDeps } from '@kestrel/server-common';
import { startAdapters } from './adapters/start-adapters.js';
import { MarketDataConfigSchema, type MarketDataConfig } from './config.js';
import type { MarketDataContext } from './context.js';
import { SystemScheduler } from './domain/scheduler.js';
import type { LayoutSettings } from './domain/storage-ddl.js';
import { InstrumentCache } from './ingest/instrument-cache.js';
import { MarketDataSink } from './ingest/market-data-sink.js';
import { createSinkMetrics } from './ingest/sink-metrics.js';
import { ReplayManager } from './replay/replay-manager.js';
import { bookRoutes } from './routes/book-routes.js';
import { historyRoutes } from './routes/history-routes.js';
import { importRoutes } from './routes/import-routes.js';
import { indicatorRoutes } from './routes/indicator-routes.js';
import { instrumentRoutes } from './routes/instrument-routes.js';
import { internalRoutes } from './routes/internal-routes.js';
import { replayRoutes } from './routes/replay-routes.js';
import { storageRoutes } from './routes/storage-routes.js';
import { BackgroundJobs } from './runtime/background-jobs.js';
import { announceAllInstruments, seedDemoInstruments, upgradeDemoTradingHours } from './store/instruments-store.js';
import { PartitionKeeper } from './store/partition-keeper.js';
import { prepareStorage } from './store/storage-manager.js';

const sinks = new WeakMap<object, MarketDataSink>();

/** The layout settings of a config section. */
export function layoutSettings(config: MarketDataConfig): LayoutSettings {
  return {
    retention: {
      ticks: config.tickRetentionDays,
      book: config.bookRetentionDays,
      secondBars: config.secondBarRetentionDays,
      intradayBars: config.intradayBarRetentionDays,
      hourBars: config.hourBarRetentionDays,
      dailyBars: config.dailyBarRetentionDays,
    },
    compressAfterDays: config.compressAfterDays,
  };
}

/** The ingest sink the market-data service started with these deps (for in-process sources such as the simulation venue). */
export function marketDataSinkOf(deps: Pick<CoreDeps, 'lifecycle'>): MarketDataSink | undefined {
  return sinks.get(deps.lifecycle);
}

/** The market-data service. */
export const marketDataService = defineService({
  name: 'market-data',
  migrationsDir: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../migrations'),
  config: MarketDataConfigSchema,
  async plugin(app, deps) {
    const config = deps.serviceConfig;
    const logger = deps.logger.child({ service: 'market-data' });
    const settings = layoutSettings(config);
    const prepared = await prepareStorage(deps.db, config.storageLayout, settings);
    logger.info({ layout: prepared.layout, timescaleAvailable: prepared.timescaleAvailable }, 'market-data storage ready');

    const partitions = new PartitionKeeper(deps.db, prepared.layout);
    await partitions.maintain(Date.now(), config.partitionsAhead, settings.retention);
    if (config.seedDemoInstruments) {
      const seeded = await seedDemoInstruments(deps.db);
      if (seeded.length > 0) logger.info({ symbols: seeded }, 'demo instruments seeded');
      const upgraded = await upgradeDemoTradingHours(deps.db);
      if (upgraded.length > 0) logger.info({ symbols: upgraded }, 'demo instruments moved to the simulation venue\'s 24/7 hours');
    }
    // The start-up catch-up of instruments.updated consumers (order, portfolio): whatever they
    // missed (an in-process bus loses unhandled events in a crash) comes again; they skip revisions they hold.
    const announced = await announceAllInstruments(deps.db);
    logger.info({ instruments: announced }, 'instruments announced on instruments.updated');
    const instruments = new InstrumentCache(deps.db);
    await instruments.reload();

    const sink = new MarketDataSink({
      pool: deps.db,
      layout: prepared.layout,
      partitions,
      instruments,
      channels: deps.channels,
      bus: deps.bus,
      logger,
      metrics: createSinkMetrics(deps.metrics.registry),
      flushIntervalMs: config.flushIntervalMs,
      maxBatchEvents: config.maxBatchEvents,
      maxBufferedEvents: config.maxBufferedEvents,
      bookSnapshotEvery: config.bookSnapshotEvery,
      publishTradesToBus: config.publishTradesToBus,
    });
    sinks.set(deps.lifecycle, sink);
    const jobs = new BackgroundJobs({
      pool: deps.db,
      layout: prepared.layout,
      partitions,
      logger,
      materialiseIntervalMs: config.materialiseIntervalMs,
      maintenanceIntervalMs: config.maintenanceIntervalSeconds * 1000,
      partitionsAhead: config.partitionsAhead,
      retention: settings.retention,
    });
    jobs.start();
    deps.lifecycle.onClose('market-data background jobs', () => jobs.stop());
    deps.lifecycle.onClose('market-data sink', () => sink.close());
    const replays = new ReplayManager({ pool: deps.db, layout: prepared.layout, sink, scheduler: SystemScheduler, maxSessions: config.maxReplaySessions, logger });
    deps.lifecycle.onClose('market-data replays', () => replays.closeAll());
    const adapters = await startAdapters(config, { sink, instruments, logger });
    deps.lifecycle.onClose('market-data adapters', () => adapters.stop());

    const context: MarketDataContext = {
      db: deps.db,
      config,
      layout: prepared.layout,
      timescaleAvailable: prepared.timescaleAvailable,
      partitions,
      instruments,
      sink,
      replays,
      jobs,
      storage: deps.storage,
      adapters,
    };
    await app.register(instrumentRoutes, context);
    await app.register(historyRoutes, context);
    await app.register(bookRoutes, context);
    await app.register(indicatorRoutes, context);
    await app.register(replayRoutes, context);
    await app.register(importRoutes, context);
    await app.register(internalRoutes, context);
    await app.register(storageRoutes, context);
  },
});
