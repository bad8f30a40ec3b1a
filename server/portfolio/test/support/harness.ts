// A portfolio service on a throw-away database of the real PostgreSQL started by
// scripts/test-services.sh, built with server/common's build() and inject()-tested. The gateway is
// not mounted (services never import it); a tiny root-level module plays its role of attaching
// `request.principal`, from an `x-test-principal` header the tests set. Everything else is real:
// migrations (common + portfolio), the pool, the outbox tables.
import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import {
  build,
  commonMigrations,
  createTestDeps,
  defineService,
  migrateService,
  type CoreDeps,
} from '@kestrel/server-common';
import { portfolioService } from '../../src/app.js';
import { PortfolioConfigSchema } from '../../src/config.js';

/** A test service token (the config requires at least 32 characters). */
export const SERVICE_TOKEN = 'test-service-token-0123456789abcdef';

/** Permissions of each role, as the gateway's matrix grants them to an interactive session. */
const ROLE_PERMISSIONS: Record<string, string[]> = {
  viewer: ['self:read', 'trading:read'],
  trader: ['self:read', 'trading:read', 'trading:write'],
  risk: ['self:read', 'trading:read', 'risk:read', 'risk:write', 'audit:read'],
  admin: ['self:read', 'trading:read', 'trading:write', 'risk:read', 'risk:write', 'users:read', 'users:write', 'audit:read', 'system:admin'],
};

/** A caller identity for requests. */
export interface TestUser {
  id: string;
  role: keyof typeof ROLE_PERMISSIONS;
}

/** Fails (never skips) without the test services. */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run \`bash scripts/test-services.sh start && eval "$(bash scripts/test-services.sh env)"\` first (docs/testing.md)`);
  }
  return value;
}

const principalFromHeader = defineService({
  name: 'test-principal',
  encapsulate: false,
  async plugin(app) {
    app.decorateRequest('principal', null);
    app.addHook('onRequest', async (request) => {
      const header = request.headers['x-test-principal'];
      if (typeof header !== 'string') return;
      const user = JSON.parse(header) as TestUser;
      (request as unknown as { principal: unknown }).principal = {
        userId: user.id,
        role: user.role,
        kind: 'session',
        scopes: ['read', 'trade', 'admin'],
        permissions: new Set(ROLE_PERMISSIONS[user.role]),
      };
    });
  },
});

/** An inject() response; json() is loosely typed because tests assert on its shape. */
export interface TestResponse {
  statusCode: number;
  body: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test assertions read arbitrary fields
  json(): any;
}

/** A running portfolio service and helpers. */
export interface Harness {
  app: FastifyInstance;
  deps: CoreDeps;
  pool: pg.Pool;
  user(role: TestUser['role']): TestUser;
  call(method: string, url: string, options?: { as?: TestUser; body?: unknown; token?: string }): Promise<TestResponse>;
  close(): Promise<void>;
}

/** Creates a database, migrates it and builds the app. */
export async function startHarness(): Promise<Harness> {
  const base = requireEnv('KESTREL_TEST_DATABASE_URL');
  const name = `kestrel_portfolio_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;

  const { deps } = createTestDeps({
    databaseUrl: url.toString(),
    sections: [{ name: 'portfolio', schema: PortfolioConfigSchema }],
    env: { KESTREL_PORTFOLIO_SERVICE_TOKEN: SERVICE_TOKEN, KESTREL_PORTFOLIO_VAR_MIN_SCENARIOS: '100' },
    logLevel: 'warn',
  });
  await migrateService(commonMigrations, { pool: deps.db, logger: deps.logger });
  await migrateService({ name: portfolioService.name, migrationsDir: portfolioService.migrationsDir! }, { pool: deps.db, logger: deps.logger });
  const app = await build({ deps, modules: [principalFromHeader, portfolioService] });
  await app.ready();

  return {
    app,
    deps,
    pool: deps.db,
    user: (role) => ({ id: randomUUID(), role }),
    async call(method, path, options = {}) {
      const headers: Record<string, string> = {};
      if (options.as) headers['x-test-principal'] = JSON.stringify(options.as);
      if (options.token) headers['x-kestrel-service-token'] = options.token;
      const response = await app.inject({ method: method as 'GET', url: path, headers, ...(options.body === undefined ? {} : { payload: options.body as object }) });
      return { statusCode: response.statusCode, body: response.body, json: () => response.json() };
    },
    async close() {
      await app.close();
      await deps.lifecycle.close(10_000);
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
      await client.end();
    },
  };
}
