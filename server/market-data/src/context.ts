// Everything the routes of the market-data service share, built once in app.ts.
import type pg from 'pg';
import type { ObjectStorage } from '@kestrel/server-common';
import type { RunningAdapters } from './adapters/start-adapters.js';
import type { MarketDataConfig } from './config.js';
import type { StorageLayout } from './domain/storage-ddl.js';
import type { InstrumentCache } from './ingest/instrument-cache.js';
import type { MarketDataSink } from './ingest/market-data-sink.js';
import type { ReplayManager } from './replay/replay-manager.js';
import type { BackgroundJobs } from './runtime/background-jobs.js';
import type { PartitionKeeper } from './store/partition-keeper.js';

/** The service's shared state. */
export interface MarketDataContext {
  db: pg.Pool;
  config: MarketDataConfig;
  layout: StorageLayout;
  timescaleAvailable: boolean;
  partitions: PartitionKeeper;
  instruments: InstrumentCache;
  sink: MarketDataSink;
  replays: ReplayManager;
  jobs: BackgroundJobs;
  storage: ObjectStorage;
  adapters: RunningAdapters;
}
