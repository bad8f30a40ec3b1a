// A portfolio service on a throw-away database of the real PostgreSQL started by
// scripts/test-services.sh, built with server/common's build() and inject()-tested. The gateway is
// not mounted (services never import it); server/common's testPrincipalModule plays its role of
// attaching `request.principal`, from an `x-test-principal` header the tests set. Everything else is real:
// migrations (common + portfolio), the pool, the outbox tables.
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
import { portfolioService } from '../../src/app.js';
import { PortfolioConfigSchema } from '../../src/config.js';

/** A test service token (the config requires at least 32 characters). */
export const SERVICE_TOKEN = 'test-service-token-0123456789abcdef';

export type { TestResponse, TestUser };

/** A running portfolio service and helpers. */
export interface Harness {
  app: FastifyInstance;
  deps: CoreDeps;
  pool: pg.Pool;
  user(role: TestUser['role']): TestUser;
  call(method: string, url: string, options?: InjectCallOptions): Promise<TestResponse>;
  close(): Promise<void>;
}

/** Creates a database, migrates it and builds the app. */
export async function startHarness(): Promise<Harness> {
  const database = await createScratchDatabase('portfolio');
  const { deps } = createTestDeps({
    databaseUrl: database.url,
    sections: [{ name: 'portfolio', schema: PortfolioConfigSchema }],
    env: { KESTREL_PORTFOLIO_SERVICE_TOKEN: SERVICE_TOKEN, KESTREL_PORTFOLIO_VAR_MIN_SCENARIOS: '100' },
    logLevel: 'warn',
  });
  await migrateService(commonMigrations, { pool: deps.db, logger: deps.logger });
  await migrateService({ name: portfolioService.name, migrationsDir: portfolioService.migrationsDir! }, { pool: deps.db, logger: deps.logger });
  const app = await build({ deps, modules: [testPrincipalModule, portfolioService] });
  await app.ready();

  return {
    app,
    deps,
    pool: deps.db,
    user: (role) => ({ id: randomUUID(), role }),
    call: (method, path, options) => injectCall(app, method, path, options),
    async close() {
      await app.close();
      await deps.lifecycle.close(10_000);
      await database.drop();
    },
  };
}
