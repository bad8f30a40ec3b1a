// A market-data service on a throw-away database of the real PostgreSQL started by
// scripts/test-services.sh, built with server/common's build() and driven with inject(). The
// gateway is not mounted (services never import it); a tiny root-level module plays its role of
// attaching `request.principal` from an `x-test-principal` header. Everything else is real:
// migrations (common + market-data), the storage layout, the pool, the in-process bus/channels.
import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { build, commonMigrations, createTestDeps, defineService, migrateService, type CoreDeps } from '@kestrel/server-common';
import type { ChannelMessage, MarketTicksMessage } from '@kestrel/shared';
import { marketDataService, marketDataSinkOf } from '../../src/app.js';
import { MarketDataConfigSchema } from '../../src/config.js';
import type { MarketDataSink } from '../../src/ingest/market-data-sink.js';

/** A test service token (the config requires at least 32 characters). */
export const SERVICE_TOKEN = 'market-data-test-token-0123456789abcdef';

/** Permissions of each role, as the gateway's matrix grants them to an interactive session. */
const ROLE_PERMISSIONS: Record<string, string[]> = {
  viewer: ['self:read', 'trading:read'],
  trader: ['self:read', 'trading:read', 'trading:write'],
  admin: ['self:read', 'trading:read', 'trading:write', 'risk:read', 'risk:write', 'users:read', 'users:write', 'audit:read', 'system:admin'],
};

/** A caller identity for requests. */
export interface TestUser {
  id: string;
  role: keyof typeof ROLE_PERMISSIONS;
}

/** A KESTREL_TEST_* variable; fails (never skips) without the test services. */
export function requireTestEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run \`bash scripts/test-services.sh start && eval "$(bash scripts/test-services.sh env)"\` first (docs/testing.md)`);
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
  call(method: string, url: string, options?: { as?: TestUser; body?: unknown; token?: string; contentType?: string }): Promise<TestResponse>;
  close(): Promise<void>;
}

/** Creates a database, migrates it and builds the app; `env` adds KESTREL_MARKET_DATA_* settings. */
export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  const base = requireTestEnv('KESTREL_TEST_DATABASE_URL');
  const name = `kestrel_md_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;

  const { deps } = createTestDeps({
    databaseUrl: url.toString(),
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
  const app = await build({ deps, modules: [principalFromHeader, marketDataService] });
  await app.ready();
  const sink = marketDataSinkOf(deps)!;

  return {
    app,
    deps,
    pool: deps.db,
    url: url.toString(),
    sink,
    admin: { id: randomUUID(), role: 'admin' },
    viewer: { id: randomUUID(), role: 'viewer' },
    ticks,
    async call(method, path, options = {}) {
      const headers: Record<string, string> = {};
      if (options.as) headers['x-test-principal'] = JSON.stringify(options.as);
      if (options.token) headers['x-kestrel-service-token'] = options.token;
      if (options.contentType) headers['content-type'] = options.contentType;
      const payload = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      if (payload !== undefined && !options.contentType) headers['content-type'] = 'application/json';
      const response = await app.inject({ method: method as 'GET', url: path, headers, ...(payload === undefined ? {} : { payload }) });
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
