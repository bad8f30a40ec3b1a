// A market-data service on a throw-away database of the real PostgreSQL started by
// scripts/test-services.sh, built with server/common's build() and driven with inject(). The
// gateway is not mounted (services never import it); server/common's testPrincipalModule plays its
// role of attaching `request.principal` from an `x-test-principal` header. Everything else is real:
// migrations (common + market-data), the storage layout, the pool, the in-process bus/channels.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import {
  build,
  commonMigrations,
  createScratchDatabase,
  createTestDeps,
  migrateService,
  injectCall,
  testPrincipalModule,
  type CoreDeps,
  type InjectCallOptions,
  type TestResponse,
  type TestUser,
} from '@kestrel/server-common';
import type { ChannelMessage, MarketTicksMessage } from '@kestrel/shared';
import { marketDataService, marketDataSinkOf } from '../../src/app.js';
import { MarketDataConfigSchema } from '../../src/config.js';
import type { MarketDataSink } from '../../src/ingest/market-data-sink.js';

/** A test service token (the config requires at least 32 characters). */
export const SERVICE_TOKEN = 'market-data-test-token-0123456789abcdef';

export type { TestResponse, TestUser };
export { requireTestEnv } from '@kestrel/server-common';

/** A running market-data service and helpers. */
export interface Harness {
  app: FastifyInstance;
  deps: CoreDeps;
  pool: pg.Pool;
  url: string;
  sink: MarketDataSink;
  admin: TestUser;
  viewer: TestUser;
  /** Every market.ticks message published since start. */
  ticks: MarketTicksMessage[];
  call(method: string, url: string, options?: InjectCallOptions): Promise<TestResponse>;
  close(): Promise<void>;
}

/** Creates a database, migrates it and builds the app; `env` adds KESTREL_MARKET_DATA_* settings. */
export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  const database = await createScratchDatabase('md');
  const { deps } = createTestDeps({
    databaseUrl: database.url,
    sections: [{ name: 'market-data', schema: MarketDataConfigSchema }],
    env: {
      KESTREL_MARKET_DATA_SERVICE_TOKEN: SERVICE_TOKEN,
      KESTREL_MARKET_DATA_STORAGE_LAYOUT: 'native',
      KESTREL_MARKET_DATA_FLUSH_INTERVAL_MS: '5',
      KESTREL_MARKET_DATA_MATERIALISE_INTERVAL_MS: '60000',
      KESTREL_HTTP_BODY_LIMIT_BYTES: '1048576',
      ...env,
    },
    logLevel: 'warn',
  });
  // pool.end() resolves before its sockets close, so the DROP ... WITH (FORCE) in close() may end one.
  deps.db.on('error', () => {});
  await migrateService(commonMigrations, { pool: deps.db, logger: deps.logger });
  await migrateService({ name: marketDataService.name, migrationsDir: marketDataService.migrationsDir! }, { pool: deps.db, logger: deps.logger });
  const ticks: MarketTicksMessage[] = [];
  await deps.channels.subscribe('market.ticks', (message: ChannelMessage) => {
    ticks.push(message.payload as MarketTicksMessage);
  });
  const app = await build({ deps, modules: [testPrincipalModule, marketDataService] });
  await app.ready();
  const sink = marketDataSinkOf(deps)!;

  return {
    app,
    deps,
    pool: deps.db,
    url: database.url,
    sink,
    admin: { id: randomUUID(), role: 'admin' },
    viewer: { id: randomUUID(), role: 'viewer' },
    ticks,
    call: (method, path, options) => injectCall(app, method, path, options),
    async close() {
      await app.close();
      await deps.lifecycle.close(10_000);
      await database.drop();
    },
  };
}
