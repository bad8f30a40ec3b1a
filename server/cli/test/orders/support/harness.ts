// Test harness of the order-service integration tests: the real service registry (gateway, auth,
// user, portfolio, order, ...) mounted on a fresh PostgreSQL database exactly as `kestrel serve
// --all` mounts it, with the order service on a ManualTimeSource, the outbox relay running, and
// the in-test venue (test-venue.ts: the real engine behind the execution contract) answering the order service's commands. restart() stops the
// whole process-equivalent (app, bus, timers, consumers) and starts a new one on the SAME
// database, the way a crashed or redeployed service comes back.
// Invariants: every harness has its own database (dropped in close()), so files run in parallel.
import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { build, createEnvelope, createRuntime, dropDatabase, loadConfig, migrateAll, migrationTargets, OutboxRelay, type CoreDeps, type ServiceModule } from '@kestrel/server-common';
import { createAdmin } from '@kestrel/server-auth';
import { createExecutionService } from '@kestrel/server-execution';
import { createOrderService, ManualTimeSource } from '@kestrel/server-order';
import { ALWAYS_OPEN, type Instrument, type MarketDataPayload } from '@kestrel/shared';
import { SERVICES } from '../../../src/services.js';
import { TestVenue } from './test-venue.js';

/** A KESTREL_TEST_* variable, or an error saying how to start the test services. */
export function requireTestEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run \`bash scripts/test-services.sh start && eval "$(bash scripts/test-services.sh env)"\` first`);
  return value;
}

/** A logged-in user. */
export interface TestUser {
  id: string;
  email: string;
  accessToken: string;
}

/** A USD stock with 0.01 ticks and one-share lots, trading around the clock. */
export function stock(symbol: string, overrides: Partial<Instrument> = {}): Instrument {
  return {
    symbol,
    currency: 'USD',
    tickSize: '0.01',
    lotSize: 1,
    contractMultiplier: 1,
    name: `${symbol} Inc.`,
    assetClass: 'equity',
    status: 'active',
    minQuantityLots: 1,
    maxQuantityLots: 1_000_000,
    minPriceTicks: 1,
    maxPriceTicks: 100_000_000,
    tradingHours: ALWAYS_OPEN,
    ...overrides,
  };
}

let revisionSerial = 0;

/** A running process-equivalent on its own database. */
export class OrderHarness {
  app!: FastifyInstance;
  deps!: CoreDeps;
  relay!: OutboxRelay;
  admin!: TestUser;
  readonly time: ManualTimeSource;
  readonly venue: TestVenue;
  readonly #databaseUrl: string;
  readonly #baseUrl: string;
  readonly #database: string;
  #env: Record<string, string>;
  #engine = false;

  private constructor(baseUrl: string, database: string, databaseUrl: string, env: Record<string, string>, startMs: number) {
    this.#baseUrl = baseUrl;
    this.#database = database;
    this.#databaseUrl = databaseUrl;
    this.#env = env;
    this.time = new ManualTimeSource(startMs);
    this.venue = new TestVenue(() => this.time.now());
  }

  /** Creates the database and starts everything. */
  /**
   * Creates the database and starts everything. `engine: true` mounts the real execution service
   * (the C++ engine, on this harness's clock) in place of the in-test venue.
   */
  static async start(options: { env?: Record<string, string>; startMs?: number; engine?: boolean } = {}): Promise<OrderHarness> {
    const baseUrl = requireTestEnv('KESTREL_TEST_DATABASE_URL');
    const database = `kestrel_orders_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    const admin = new pg.Client({ connectionString: baseUrl });
    await admin.connect();
    await admin.query(`create database ${database}`);
    await admin.end();
    const url = new URL(baseUrl);
    url.pathname = `/${database}`;
    const env = {
      KESTREL_LOG_LEVEL: 'silent',
      KESTREL_PORTFOLIO_SERVICE_TOKEN: randomBytes(24).toString('hex'),
      // Replay sessions read the account's risk settings with it (GET /v1/internal/risk-settings).
      KESTREL_ORDER_SERVICE_TOKEN: randomBytes(24).toString('hex'),
      KESTREL_GATEWAY_RATE_LIMIT_PER_MINUTE: '1000000',
      KESTREL_GATEWAY_ANONYMOUS_RATE_LIMIT_PER_MINUTE: '1000000',
      KESTREL_ORDER_SWEEP_INTERVAL_MS: '600000',
      KESTREL_EXECUTION_SIMULATION: 'off',
      ...options.env,
    };
    const harness = new OrderHarness(baseUrl, database, url.toString(), env, options.startMs ?? Date.parse('2026-03-02T14:30:00.000Z'));
    harness.#engine = options.engine === true;
    await harness.#boot();
    const email = `admin-${randomUUID().slice(0, 8)}@example.com`;
    const password = 'kestrel admin test passphrase';
    const created = await createAdmin(harness.deps.db, email, password);
    harness.admin = { id: created.user.id, email, accessToken: await harness.#login(email, password) };
    return harness;
  }

  /** The registry with the order service on this harness's clock. */
  #modules(): ServiceModule[] {
    const order = createOrderService({ time: this.time }) as unknown as ServiceModule;
    if (this.#engine) {
      const execution = createExecutionService({ now: () => this.time.now() }) as unknown as ServiceModule;
      return SERVICES.map((module) => (module.name === 'order' ? order : module.name === 'execution' ? execution : module));
    }
    // The in-test venue answers orders.commands here, so the real execution service stays out.
    return SERVICES.filter((module) => module.name !== 'execution').map((module) => (module.name === 'order' ? order : module));
  }

  async #boot(): Promise<void> {
    const modules = this.#modules();
    const { config } = loadConfig({
      env: { KESTREL_DATABASE_URL: this.#databaseUrl, ...this.#env },
      sections: modules.flatMap((module) => (module.config ? [{ name: module.name, schema: module.config }] : [])),
    });
    this.deps = await createRuntime({ config, processName: 'kestrel-orders-test' });
    await migrateAll(migrationTargets(modules), { pool: this.deps.db, logger: this.deps.logger });
    this.app = await build({ deps: this.deps, modules });
    if (!this.#engine) await this.venue.attach(this.deps.bus);
    await this.app.ready();
    this.relay = new OutboxRelay({ pool: this.deps.db, bus: this.deps.bus, pollIntervalMs: 50 });
    this.relay.start();
  }

  /** Stops this process-equivalent (keeping the database) and starts a new one on it, optionally with other settings. */
  async restart(env: Record<string, string> = {}): Promise<void> {
    await this.stop();
    await this.relaunch(env);
  }

  /** Starts a new process-equivalent on the database after stop() (time may pass in between). */
  async relaunch(env: Record<string, string> = {}): Promise<void> {
    this.#env = { ...this.#env, ...env };
    await this.#boot();
  }

  /** The settings this process-equivalent runs with. */
  get env(): Readonly<Record<string, string>> {
    return this.#env;
  }

  /** Stops the app, relay, venue subscription and runtime (keeping the database). */
  async stop(): Promise<void> {
    if (!this.#engine) await this.venue.detach();
    await this.relay.stop();
    await this.app.close();
    await this.deps.lifecycle.close(10_000);
  }

  /** Stops everything and drops the database. */
  async close(): Promise<void> {
    await this.stop();
    this.venue.close();
    await dropDatabase(this.#baseUrl, this.#database);
  }

  /** Sends a request; `as` becomes a Bearer Authorization header. */
  call(method: string, url: string, options: { as?: TestUser; body?: unknown; headers?: Record<string, string> } = {}): Promise<LightMyRequestResponse> {
    return this.app.inject({
      method: method as 'GET',
      url,
      headers: { ...(options.as ? { authorization: `Bearer ${options.as.accessToken}` } : {}), ...options.headers },
      ...(options.body === undefined ? {} : { payload: options.body as object }),
    });
  }

  async #login(email: string, password: string): Promise<string> {
    const response = await this.call('POST', '/v1/auth/login', { body: { email, password } });
    if (response.statusCode !== 200) throw new Error(`login of ${email} failed: ${response.body}`);
    return response.json().accessToken as string;
  }

  /** Creates a user with `role` through the admin API and logs in. */
  async user(role: 'admin' | 'risk' | 'trader' | 'viewer'): Promise<TestUser> {
    const email = `${role}-${randomUUID().slice(0, 8)}@example.com`;
    const password = `pass phrase for ${email}`;
    const response = await this.call('POST', '/v1/admin/users', { as: this.admin, body: { email, role, password } });
    if (response.statusCode !== 201) throw new Error(`creating ${email} failed: ${response.body}`);
    return { id: response.json().user.id, email, accessToken: await this.#login(email, password) };
  }

  /** Opens a cash USD account for `owner` and deposits `cashMinor`. */
  async account(owner: TestUser, cashMinor: number): Promise<string> {
    const opened = await this.call('POST', '/v1/accounts', { as: owner, body: { name: `acct-${randomUUID().slice(0, 6)}`, currency: 'USD', type: 'cash' } });
    if (opened.statusCode !== 201) throw new Error(`open account: ${opened.body}`);
    const id = opened.json().id as string;
    if (cashMinor > 0) {
      const deposit = await this.call('POST', `/v1/accounts/${id}/deposits`, { as: this.admin, body: { amountMinor: cashMinor, reference: `dep-${randomUUID()}` } });
      if (deposit.statusCode !== 201) throw new Error(`deposit: ${deposit.body}`);
    }
    return id;
  }

  /**
   * Announces an instrument as the market-data service does (instruments.updated, with a revision
   * above any the market-data service has issued, so the test's definition wins) and gives the
   * portfolio its economics.
   */
  async instrument(instrument: Instrument): Promise<void> {
    const stored = await this.call('PUT', '/v1/internal/instruments', { as: this.admin, body: { instruments: [instrument] } });
    if (stored.statusCode !== 200) throw new Error(`portfolio instruments: ${stored.body}`);
    const event = createEnvelope('instruments.updated', instrument.symbol, { change: 'created', revision: Date.now() * 1000 + (++revisionSerial % 1000), instrument });
    await this.deps.bus.publish(event);
    await this.waitFor(
      async () => (await this.deps.db.query('SELECT 1 FROM processed_events WHERE consumer_group = $1 AND event_id = $2', ['order.instruments', event.id])).rowCount === 1,
      'the instrument to reach the order service',
    );
  }

  /** Publishes a market.data event and waits until the order service has handled it. */
  async publishMarketData(symbol: string, payload: MarketDataPayload): Promise<void> {
    const event = createEnvelope('market.data', symbol, payload);
    await this.deps.bus.publish(event);
    await this.waitFor(
      async () => (await this.deps.db.query('SELECT 1 FROM processed_events WHERE consumer_group = $1 AND event_id = $2', ['order.market-data', event.id])).rowCount === 1,
      'the order service to read market.data',
    );
  }

  /** Publishes one trade print on market.data (what trailing stops follow). */
  async trade(symbol: string, priceTicks: number, quantityLots = 1): Promise<void> {
    await this.publishMarketData(symbol, {
      kind: 'trades',
      symbol,
      source: 'sim',
      trades: [{ kind: 'trade', symbol, source: 'sim', timeMicros: this.time.now() * 1000, priceTicks, quantityLots, aggressor: null, tradeId: randomUUID() }],
    });
  }

  /**
   * Polls every `intervalMs` until `predicate` holds (60 s: a loaded 2-core CI machine may starve
   * the bus, the relay and the consumers for seconds); `what` may be computed at the time of failure.
   */
  async waitFor(predicate: () => Promise<boolean> | boolean, what: string | (() => string), timeoutMs = 60_000, intervalMs = 20): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await predicate())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }

  /** Polls GET /v1/orders/:id until `predicate` holds; returns the order. */
  async waitForOrder(user: TestUser, orderId: string, predicate: (order: Record<string, unknown>) => boolean, what: string): Promise<Record<string, unknown>> {
    let last: Record<string, unknown> = {};
    await this.waitFor(async () => {
      last = (await this.call('GET', `/v1/orders/${orderId}`, { as: user })).json();
      return predicate(last);
    }, () => `${what} (last: ${JSON.stringify(last)})`);
    return last;
  }

  /** Polls GET /v1/parent-orders/:id until `predicate` holds; returns the parent. */
  async waitForParent(user: TestUser, parentId: string, predicate: (parent: Record<string, unknown>) => boolean, what: string): Promise<Record<string, unknown>> {
    let last: Record<string, unknown> = {};
    await this.waitFor(async () => {
      last = (await this.call('GET', `/v1/parent-orders/${parentId}`, { as: user })).json();
      return predicate(last);
    }, () => `${what} (last: ${JSON.stringify(last).slice(0, 2000)})`);
    return last;
  }

  /**
   * Waits until every outbox row is published. The bus delivers them asynchronously, so a consumer
   * may still be applying the last ones (and write new rows after this returns): a test that needs
   * their effects waits for those effects.
   */
  async settle(): Promise<void> {
    await this.waitFor(async () => {
      await this.relay.drain();
      const pending = await this.deps.db.query('SELECT 1 FROM outbox WHERE published_at IS NULL LIMIT 1');
      return pending.rowCount === 0;
    }, 'the outbox to drain');
  }
}

/** A started harness with one trader, a cash account funded with `cashMinor` and the stock `symbol`: the setup many order tests share. */
export async function startWithTrader(cashMinor: number, symbol: string): Promise<{ h: OrderHarness; trader: TestUser; account: string }> {
  const h = await OrderHarness.start();
  const trader = await h.user('trader');
  const account = await h.account(trader, cashMinor);
  await h.instrument(stock(symbol));
  return { h, trader, account };
}

/** The body of a DAY limit buy of 5 lots of ACME at 90.00 on `accountId`, with `overrides`. */
export function acmeLimitBuy(accountId: string, clientOrderId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { clientOrderId, accountId, symbol: 'ACME', side: 'buy', type: 'limit', timeInForce: 'DAY', quantityLots: 5, limitPriceTicks: 9_000, ...overrides };
}
