// The embedded default as a user runs it: `kestrel serve --all` as a child process (embedded shape:
// in-process bus, the simulation venue on, the engine in-process) against real PostgreSQL. A trader
// opens a paper account (simulation service), stores a tiny TypeScript strategy and deploys it on
// the paper account for AAPL on 1-second bars. The bars come from the market-data service
// aggregating the simulation agents' trades on the engine; the strategy's marketable limit buy goes
// through the order service (buying power, engine risk checks) and fills against the agents'
// liquidity; the deployment reports the fill and runs in `paper` mode; the simulated order book
// reaches the strategy's onBook.
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { dropDatabase, startChild, type Child } from '@kestrel/server-common';
import { createAdmin } from '@kestrel/server-auth';
import { requireTestEnv } from '../orders/support/harness.js';
import { jsonClient, type JsonClient } from '../support/json-client.js';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const bin = fileURLToPath(new URL('../../bin/kestrel.js', import.meta.url));
const STARTED = /Kestrel is running at (http:\/\/127\.0\.0\.1:\d+)/;

const BUY_ONCE = `
import { defineParams, defineStrategy } from '@kestrel/shared';
export default defineStrategy({
  name: 'buy-once',
  description: 'Buys size lots on its first bar with a limit 1% above the close; notes its first book.',
  params: defineParams({ size: { type: 'integer', default: 5, min: 1 } }),
  create: () => {
    let done = false;
    let books = 0;
    return {
      onBook(ctx, book) {
        if (++books === 1) ctx.log.warn('first book', { bids: book.bids.length, asks: book.asks.length });
      },
      onBar(ctx, bar) {
        if (done) return;
        done = true;
        ctx.buy(ctx.params.size, { limitPriceTicks: Math.ceil(bar.ticks.close * 1.01) });
      },
    };
  },
});`;

describe('a strategy on a paper account against the simulated venue (kestrel serve --all)', () => {
  const namespace = `strat${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const baseDatabaseUrl = requireTestEnv('KESTREL_TEST_DATABASE_URL');
  const serviceToken = randomBytes(32).toString('hex');
  let dataDir: string;
  let child: Child;
  let http: JsonClient;
  let db: pg.Pool;

  before(async () => {
    const admin = new pg.Client({ connectionString: baseDatabaseUrl });
    await admin.connect();
    await admin.query(`create database ${namespace}`);
    await admin.end();
    const databaseUrl = new URL(baseDatabaseUrl);
    databaseUrl.pathname = `/${namespace}`;
    db = new pg.Pool({ connectionString: databaseUrl.toString(), max: 2 });
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'kestrel-strategy-e2e-'));
    child = startChild([bin, 'serve', '--all'], {
      cwd: repoRoot,
      env: {
        KESTREL_DATA_DIR: dataDir,
        KESTREL_HTTP_PORT: '0',
        KESTREL_LOG_LEVEL: 'warn',
        KESTREL_DATABASE_URL: databaseUrl.toString(),
        // With an external PostgreSQL `kestrel serve` generates no internal secrets (only the
        // embedded cluster does), so the ones this flow needs are given, as an operator would.
        KESTREL_PORTFOLIO_SERVICE_TOKEN: serviceToken,
        KESTREL_SIMULATION_PORTFOLIO_SERVICE_TOKEN: serviceToken,
        KESTREL_MARKET_DATA_SERVICE_TOKEN: randomBytes(32).toString('hex'),
        KESTREL_STRATEGY_CREDENTIAL_KEY: randomBytes(32).toString('hex'),
      },
    });
    http = jsonClient((await child.waitFor(STARTED, 180_000))[1]!);
  });

  after(async () => {
    if (child && child.process.exitCode === null) child.process.kill('SIGKILL');
    await db?.end();
    await dropDatabase(baseDatabaseUrl, namespace);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  async function until<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: () => string): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what()}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  it('the strategy receives simulated 1s bars, buys through the order service and fills on the venue', async () => {
    const adminEmail = `admin-${namespace}@example.com`;
    await createAdmin(db, adminEmail, 'strategy e2e admin passphrase');
    const adminToken = await http.login(adminEmail, 'strategy e2e admin passphrase');
    const traderEmail = `trader-${namespace}@example.com`;
    const created = await http.call('POST', '/v1/admin/users', { email: traderEmail, role: 'trader', password: 'strategy e2e trader passphrase' }, adminToken);
    assert.equal(created.status, 201, JSON.stringify(created.json));
    const trader = await http.login(traderEmail, 'strategy e2e trader passphrase');

    const paper = await http.call('POST', '/v1/paper-accounts', { name: 'strategy e2e', initialCashMinor: 100_000_000 }, trader);
    assert.equal(paper.status, 201, JSON.stringify(paper.json));
    const accountId = paper.json.accountId as string;

    const strategy = await http.call('POST', '/v1/strategies', { name: 'buy once', source: BUY_ONCE }, trader);
    assert.equal(strategy.status, 201, JSON.stringify(strategy.json));
    const started = await http.call('POST', '/v1/strategy-deployments', { strategyId: (strategy.json.strategy as { id: string }).id, accountId, symbols: ['AAPL'], barInterval: '1s' }, trader);
    assert.equal(started.status, 201, JSON.stringify(started.json));
    assert.equal(started.json.mode, 'paper');
    const id = started.json.id as string;

    let last: Record<string, unknown> = {};
    const order = await until(
      async () => {
        const orders = (await http.call('GET', `/v1/strategy-deployments/${id}/orders`, undefined, trader)).json.orders as { orderId: string | null; status: string }[] | undefined;
        last = { orders, deployment: (await http.call('GET', `/v1/strategy-deployments/${id}`, undefined, trader)).json };
        return orders?.find((entry) => entry.status === 'filled');
      },
      90_000,
      () => `the strategy's order to fill (${JSON.stringify(last).slice(0, 1500)})`,
    );
    // An ordinary order of the trader's paper account at the order service.
    const placed = await http.call('GET', `/v1/orders/${order.orderId}`, undefined, trader);
    assert.equal(placed.json.accountId, accountId);
    assert.equal(placed.json.status, 'filled');
    assert.equal(placed.json.filledQuantityLots, 5);
    // The order is filled (5 lots), but its fills reach the deployment on another topic than the
    // status, and may be several (one per level of the simulated book): wait for all 5 lots.
    let performanceSeen: Record<string, unknown> = {};
    const performance = await until(
      async () => {
        performanceSeen = (await http.call('GET', `/v1/strategy-deployments/${id}/performance`, undefined, trader)).json;
        return (performanceSeen.positions as Record<string, number> | undefined)?.AAPL === 5 ? performanceSeen : undefined;
      },
      60_000,
      () => `the 5 filled lots in the performance (last: ${JSON.stringify(performanceSeen)})`,
    );
    assert.ok((performance.fills as number) >= 1);
    assert.deepEqual(performance.positions, { AAPL: 5 });
    assert.equal(performance.error, null);
    const position = await until(
      async () => {
        const positions = (await http.call('GET', `/v1/positions?accountId=${accountId}`, undefined, trader)).json.positions as { symbol: string; quantityLots: number }[] | undefined;
        return positions?.find((entry) => entry.symbol === 'AAPL' && entry.quantityLots === 5);
      },
      60_000,
      () => 'the portfolio to book the fill',
    );
    assert.equal(position.quantityLots, 5);
    // Level-2 snapshots of the simulated book reach onBook (market.ticks channel).
    await until(
      async () => {
        const events = (await http.call('GET', `/v1/strategy-deployments/${id}/events`, undefined, trader)).json.events as { message: string }[] | undefined;
        return events?.find((event) => event.message === 'first book');
      },
      60_000,
      () => 'the first order book in onBook',
    );
  });
});
