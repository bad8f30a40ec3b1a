// What the strategy service's routes and runtimes share, built once in app.ts.
import type { Channels, EventBus } from '@kestrel/server-common';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Transport } from '../clients/api-client.js';
import type { StrategyConfig } from '../config.js';

/** The service's shared dependencies. */
export interface ServiceContext {
  db: pg.Pool;
  config: StrategyConfig;
  logger: Logger;
  /** Calls to the other services' public HTTP APIs (in-process or through the gateway). */
  api: Transport;
  bus: EventBus;
  channels: Channels;
  /** The credential-sealing key, when configured. */
  sealKey: Buffer | null;
}
