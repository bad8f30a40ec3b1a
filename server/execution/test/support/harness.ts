// Test harness of the execution-service integration tests: the execution module alone on a fresh
// PostgreSQL database and a temporary data dir, with a manual clock. Commands go in on the
// in-process bus exactly as the order service sends them (shared/src/trading/order-flow.ts); what
// execution answers is read from the outbox, which is what it commits. restart() closes everything
// (engine shards included) and starts again on the SAME database and data dir.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { build, createEnvelope, createTestDeps, dropDatabase, migrateAll, migrationTargets, requireTestEnv, type CoreDeps, type LogCapture, type ServiceModule } from '@kestrel/server-common';
import type { InstrumentEconomics, Order, OrderCommandPayload } from '@kestrel/shared';
import { createExecutionService, ExecutionConfigSchema, type EngineShard } from '../../src/index.js';
import type { SimulationVenue } from '../../src/simulation/simulation-venue.js';
import type { VenueGateway } from '../../src/venues/venue-gateway.js';

/** USD stock economics. */
export const STOCK: InstrumentEconomics = { symbol: 'ACME', currency: 'USD', tickSize: '0.01', lotSize: 1, contractMultiplier: 1 };
/** The Binance fixture's BTC economics in USD. */
export const BTC: InstrumentEconomics = { symbol: 'BTCUSD', currency: 'USD', tickSize: '0.01', lotSize: 1, contractMultiplier: 1 };

/** Polls `probe` every 10 ms (5 s at most) until it returns a value. */
export async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 500; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A contract order (as the order service routes it). */
export function order(fields: Partial<Order> & Pick<Order, 'accountId' | 'side' | 'quantityLots'>): Order {
  const id = fields.id ?? randomUUID();
  return {
    id,
    clientOrderId: `c-${id.slice(0, 8)}`,
    parentOrderId: null,
    symbol: STOCK.symbol,
    type: 'limit',
    timeInForce: 'GTC',
    limitPriceTicks: 10_000,
    stopPriceTicks: null,
    expireAt: null,
    postOnly: false,
    displayQuantityLots: null,
    lotSelection: null,
    status: 'new',
    rejectReason: null,
    filledQuantityLots: 0,
    remainingQuantityLots: fields.quantityLots,
    averageFillPrice: null,
    createdAt: '2026-03-02T14:30:00.000Z',
    updatedAt: '2026-03-02T14:30:00.000Z',
    ...fields,
  };
}

/** An outbox row. */
export interface OutboxRow {
  topic: string;
  key: string;
  payload: Record<string, unknown> & { kind?: string };
}

/** The execution module on its own database. */
export class ExecutionHarness {
  deps!: CoreDeps;
  /** The module's captured log (warnings and errors). */
  logs!: LogCapture;
  app!: FastifyInstance;
  shards!: ReadonlyMap<string, EngineShard>;
  /** The simulation venue, when KESTREL_EXECUTION_SIMULATION=on (its timer is not started: call tick()). */
  simulation: SimulationVenue | undefined;
  /** The venue gateway, when KESTREL_EXECUTION_VENUES configures external venues. */
  venueGateway: VenueGateway | undefined;
  nowMs = Date.parse('2026-03-02T14:30:00.000Z');
  readonly dataDir = mkdtempSync(path.join(os.tmpdir(), 'kestrel-execution-test-'));
  readonly #databaseUrl: string;
  readonly #baseUrl: string;
  readonly #database: string;
  readonly #env: Record<string, string>;

  private constructor(baseUrl: string, database: string, databaseUrl: string, env: Record<string, string>) {
    this.#baseUrl = baseUrl;
    this.#database = database;
    this.#databaseUrl = databaseUrl;
    this.#env = env;
  }

  /** Creates the database and starts the module. */
  static async start(env: Record<string, string> = {}): Promise<ExecutionHarness> {
    const baseUrl = requireTestEnv('KESTREL_TEST_DATABASE_URL');
    const database = `kestrel_exec_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    const admin = new pg.Client({ connectionString: baseUrl });
    await admin.connect();
    await admin.query(`create database ${database}`);
    await admin.end();
    const url = new URL(baseUrl);
    url.pathname = `/${database}`;
    const harness = new ExecutionHarness(baseUrl, database, url.toString(), env);
    await harness.boot();
    return harness;
  }

  /** Starts (or restarts) the module on the same database and data dir. */
  async boot(): Promise<void> {
    const module = createExecutionService({
      now: () => this.nowMs,
      onShards: (shards) => (this.shards = shards),
      onSimulation: (venue) => (this.simulation = venue),
      manualSimulation: true,
      onVenueGateway: (gateway) => (this.venueGateway = gateway),
    }) as unknown as ServiceModule;
    const created = createTestDeps({
      databaseUrl: this.#databaseUrl,
      env: { KESTREL_DATA_DIR: this.dataDir, KESTREL_EXECUTION_SIMULATION: 'off', ...this.#env },
      sections: [{ name: 'execution', schema: ExecutionConfigSchema }],
      logLevel: 'warn',
    });
    this.deps = created.deps;
    this.logs = created.logs;
    await migrateAll(migrationTargets([module]), { pool: this.deps.db, logger: this.deps.logger });
    this.app = await build({ deps: this.deps, modules: [module] });
    await this.app.ready();
  }

  /** Stops the module (engine shards snapshot and close) keeping database and data dir. */
  async stop(): Promise<void> {
    await this.app.close();
    await this.deps.lifecycle.close(10_000);
  }

  /** Sends one command on orders.commands and waits until execution has handled it. */
  async send(command: OrderCommandPayload, key: string): Promise<void> {
    await this.deps.bus.publish(createEnvelope('orders.commands', key, command));
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const { rowCount } = await this.deps.db.query('SELECT 1 FROM execution_commands WHERE command_id = $1', [command.commandId]);
      if (rowCount) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`command ${command.commandId} (${command.kind}) was not handled within 60 s; log: ${this.logs.text().slice(-2000)}`);
  }

  /** Submits `o` through the contract. */
  submit(o: Order): Promise<void> {
    return this.send({ kind: 'submit', commandId: randomUUID(), order: o, instrument: STOCK }, o.accountId);
  }

  /** Everything execution put in the outbox, in order. */
  async outbox(): Promise<OutboxRow[]> {
    const { rows } = await this.deps.db.query<OutboxRow>('SELECT topic, key, payload FROM outbox ORDER BY seq');
    return rows;
  }

  /** Stops and drops the database and data dir. */
  async close(): Promise<void> {
    await this.stop();
    await dropDatabase(this.#baseUrl, this.#database);
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
