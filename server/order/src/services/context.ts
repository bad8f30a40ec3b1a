// Everything the order service's use cases share, built once in app.ts.
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Channels } from '@kestrel/server-common';
import type { PortfolioClient } from '../clients/portfolio-client.js';
import type { OrderConfig } from '../config.js';
import type { ExecutionVenue } from '../domain/execution-venue.js';
import type { TimeSource } from '../domain/time-source.js';
import type { AccountDirectory } from './account-directory.js';
import type { InstrumentCache } from './instrument-cache.js';
import type { OrderBatches } from './order-batches.js';
import type { OrderMetrics } from './order-metrics.js';

/** Arms parent timers (implemented by services/parent-timers.ts). */
export interface TimerScheduler {
  /** (Re)arms the parent's timer at `atMs`, or removes it when null. */
  schedule(parentId: string, atMs: number | null): void;
}

/** The order service's shared dependencies. */
export interface OrderContext {
  db: pg.Pool;
  time: TimeSource;
  portfolio: PortfolioClient;
  accounts: AccountDirectory;
  /** Instrument definitions for order entry (short-lived cache of order_instruments). */
  instruments: InstrumentCache;
  /** Group-committed writes of order entry. */
  batches: OrderBatches;
  channels: Channels;
  logger: Logger;
  config: OrderConfig;
  timers: TimerScheduler;
  /** Where commands for execution go (services/outbox-venue.ts). */
  venue: ExecutionVenue<pg.ClientBase>;
  /** kestrel_orders_total (absent in tests that build a bare context). */
  metrics?: OrderMetrics;
}
