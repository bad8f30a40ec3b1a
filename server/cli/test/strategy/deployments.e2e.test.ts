// The strategy service end to end, in the embedded shape with the REAL execution service (C++
// engine): a user's TypeScript strategy is stored, deployed on her account, fed bars from
// `market.data` as the market-data service publishes them, and its market order goes through the
// order service (buying power at the portfolio, the engine's risk manager) and fills against a
// resting order of another user on the engine's book; the fill comes back to the deployment
// (performance shows it) and a `strategies.signals` event is published. A strategy that throws and
// one stuck in a loop are stopped and reported as failed while the service keeps serving, and a
// running deployment resumes after a restart of the whole process.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { StrategySignalPayloadSchema, tradingIssues, type EventEnvelope } from '@kestrel/shared';
import { OrderHarness, stock, type TestUser } from '../orders/support/harness.js';

let h: OrderHarness;
/**
 * The watchdog measures wall-clock time, so a healthy hook on a loaded CI machine can be
 * descheduled long enough to be cut at a short limit: the default (2 s), not a faster 500 ms.
 */
const HOOK_TIMEOUT_MS = 2_000;
let alice: TestUser;
let bob: TestUser;
let aliceAccount: string;
let bobAccount: string;
let minute = Date.parse('2026-03-02T14:00:00.000Z');
const signals: EventEnvelope[] = [];

const BUY_ONCE = `
import { defineParams, defineStrategy } from '@kestrel/shared';
export default defineStrategy({
  name: 'buy-once',
  description: 'Buys size lots on the first bar it sees (a marketable limit 20 ticks above the close).',
  params: defineParams({ size: { type: 'integer', default: 1, min: 1 } }),
  create: () => {
    let done = false;
    return {
      onBar(ctx, bar) {
        if (done) return;
        done = true;
        ctx.buy(ctx.params.size, { limitPriceTicks: bar.ticks.close + 20 });
      },
      onFill(ctx, fill) {
        ctx.log.info('filled', { lots: fill.quantityLots });
      },
    };
  },
});`;

const THROWS = `
import { defineParams, defineStrategy } from '@kestrel/shared';
export default defineStrategy({ name: 'throws', description: 'x', params: defineParams({}), create: () => ({ onBar() { throw new Error('boom in onBar'); } }) });`;

const CREATE_THROWS = `
import { defineParams, defineStrategy } from '@kestrel/shared';
export default defineStrategy({ name: 'create-throws', description: 'x', params: defineParams({}), create: () => { throw new Error('no create'); } });`;

const LOOPS = `
import { defineParams, defineStrategy } from '@kestrel/shared';
export default defineStrategy({ name: 'loops', description: 'x', params: defineParams({}), create: () => ({ onBar() { for (;;) {} } }) });`;

async function bar(symbol: string, close: number): Promise<void> {
  minute += 60_000;
  await h.publishMarketData(symbol, {
    kind: 'bars',
    symbol,
    bars: [{ symbol, interval: '1m', startMicros: minute * 1000, open: close, high: close, low: close, close, volumeLots: 10, tradeCount: 1, vwapNumerator: String(close * 10), final: true }],
  });
}

async function strategy(user: TestUser, name: string, source: string): Promise<string> {
  const response = await h.call('POST', '/v1/strategies', { as: user, body: { name, source, language: 'typescript' } });
  assert.equal(response.statusCode, 201, response.body);
  return response.json().strategy.id as string;
}

async function deploy(user: TestUser, strategyId: string, accountId: string, params: Record<string, unknown> = {}): Promise<string> {
  const response = await h.call('POST', '/v1/strategy-deployments', { as: user, body: { strategyId, accountId, symbols: ['ACME'], barInterval: '1m', params } });
  assert.equal(response.statusCode, 201, response.body);
  return response.json().id as string;
}

async function deployment(id: string, user: TestUser = alice): Promise<Record<string, unknown>> {
  return (await h.call('GET', `/v1/strategy-deployments/${id}`, { as: user })).json();
}

before(async () => {
  h = await OrderHarness.start({ engine: true, env: { KESTREL_STRATEGY_CREDENTIAL_KEY: randomBytes(32).toString('hex'), KESTREL_STRATEGY_HOOK_TIMEOUT_MS: String(HOOK_TIMEOUT_MS) } });
  alice = await h.user('trader');
  bob = await h.user('trader');
  aliceAccount = await h.account(alice, 10_000_000);
  bobAccount = await h.account(bob, 10_000_000);
  const created = await h.call('POST', '/v1/admin/market-data/instruments', { as: h.admin, body: stock('ACME') });
  assert.ok([200, 201].includes(created.statusCode), created.body);
  await h.instrument(stock('ACME'));
  await h.deps.bus.subscribe('strategies.signals', `test-signals-${randomBytes(4).toString('hex')}`, async (event) => {
    signals.push(event);
  });
});
after(() => h?.close());

describe('strategy deployments', () => {
  it('a deployed TypeScript strategy buys through the order service and fills on the engine', async () => {
    const ask = await h.call('POST', '/v1/orders', {
      as: bob,
      body: { clientOrderId: 'mm-ask-1', accountId: bobAccount, symbol: 'ACME', side: 'sell', type: 'limit', timeInForce: 'GTC', quantityLots: 50, limitPriceTicks: 10_000 },
    });
    assert.ok([200, 201].includes(ask.statusCode), ask.body);
    await h.waitForOrder(bob, ask.json().id, (o) => o.status === 'accepted', 'the resting ask');

    const strategyId = await strategy(alice, 'buy once', BUY_ONCE);
    const id = await deploy(alice, strategyId, aliceAccount, { size: 3 });
    assert.equal((await deployment(id)).status, 'running');
    assert.equal((await deployment(id)).mode, 'live', 'an ordinary account (not a paper account of the simulation service)');
    await h.waitFor(async () => (await h.deps.db.query("SELECT 1 FROM strategy_deployments WHERE id = $1 AND status = 'running'", [id])).rowCount === 1, 'the deployment');
    // Give the worker time to load before the first bar.
    await h.waitFor(async () => {
      await bar('ACME', 9_990);
      return (await h.deps.db.query('SELECT 1 FROM strategy_deployment_orders WHERE deployment_id = $1', [id])).rowCount === 1;
    }, 'the strategy to submit its order', 60_000);

    await h.waitFor(async () => {
      const performance = (await h.call('GET', `/v1/strategy-deployments/${id}/performance`, { as: alice })).json();
      return performance.fills === 1;
    }, 'the fill', 60_000).catch(async (error: unknown) => {
      const detail = JSON.stringify({
        orders: (await h.call('GET', `/v1/strategy-deployments/${id}/orders`, { as: alice })).json(),
        events: (await h.call('GET', `/v1/strategy-deployments/${id}/events`, { as: alice })).json(),
        aliceOrders: (await h.call('GET', `/v1/orders?accountId=${aliceAccount}`, { as: alice })).json(),
      });
      throw new Error(`the fill did not reach the deployment: ${detail}`, { cause: error });
    });
    const performance = (await h.call('GET', `/v1/strategy-deployments/${id}/performance`, { as: alice })).json();
    assert.deepEqual(performance.positions, { ACME: 3 });
    assert.equal(performance.error, null);
    // Marked at the fill price the P&L is just the fees; a bar closing 100 ticks higher ($0.01
    // ticks, 1 minor unit each) makes it 3 x 100 minor units better.
    assert.equal(performance.pnlMinor + performance.feesMinor, 0);
    await bar('ACME', 10_100);
    await h.waitFor(async () => (await h.call('GET', `/v1/strategy-deployments/${id}/performance`, { as: alice })).json().pnlMinor === 300 - performance.feesMinor, 'the mark to move the P&L');
    await bar('ACME', 10_050);
    await h.waitFor(async () => {
      const marked = (await h.call('GET', `/v1/strategy-deployments/${id}/performance`, { as: alice })).json();
      // Peak 300, now 150: a drawdown of 150 minor units.
      return marked.pnlMinor === 150 - performance.feesMinor && marked.maxDrawdownMinor >= 150 && marked.currentDrawdownMinor === 150;
    }, 'the drawdown', 60_000);
    // orders.updated and orders.executed are separate topics: the 'filled' update may come second.
    let orders: { orderId: string; status: string; clientOrderId: string }[] = [];
    await h.waitFor(async () => {
      orders = (await h.call('GET', `/v1/strategy-deployments/${id}/orders`, { as: alice })).json().orders;
      return orders.length === 1 && orders[0]!.status === 'filled';
    }, () => `the order to be filled (${JSON.stringify(orders)})`);
    // The order is an ordinary order of Alice's at the order service, filled at Bob's price.
    const order = (await h.call('GET', `/v1/orders/${orders[0]!.orderId}`, { as: alice })).json();
    assert.equal(order.accountId, aliceAccount);
    assert.equal(order.clientOrderId, orders[0]!.clientOrderId);
    assert.deepEqual(order.averageFillPrice, { numerator: '10000', denominator: '1' });
    await h.settle();
    await h.waitFor(() => signals.some((event) => (event.payload as { deploymentId?: string }).deploymentId === id), 'the strategies.signals event');
    const signal = signals.find((event) => (event.payload as { deploymentId?: string }).deploymentId === id)!;
    assert.equal(signal.key, aliceAccount);
    assert.deepEqual(tradingIssues(StrategySignalPayloadSchema, signal.payload), []);
    assert.equal((signal.payload as { quantityLots: number }).quantityLots, 3);
    // Another user cannot see it.
    assert.equal((await h.call('GET', `/v1/strategy-deployments/${id}`, { as: bob })).statusCode, 404);

    // Survives a restart: still running, and the new instance acts on the next bar.
    await h.restart();
    await h.waitFor(async () => {
      await bar('ACME', 9_995);
      return (await h.deps.db.query('SELECT 1 FROM strategy_deployment_orders WHERE deployment_id = $1', [id])).rowCount === 2;
    }, 'the resumed deployment to act', 60_000);
    assert.equal((await deployment(id)).status, 'running');
    const stopped = await h.call('POST', `/v1/strategy-deployments/${id}/stop`, { as: alice });
    assert.equal(stopped.json().status, 'stopped');
    assert.equal((await h.call('POST', `/v1/strategy-deployments/${id}/resume`, { as: alice })).json().error.code, 'STRATEGY_DEPLOYMENT_STATE');
  });

  it('a strategy that throws is stopped and reported; the service keeps serving', async () => {
    const id = await deploy(alice, await strategy(alice, 'throws', THROWS), aliceAccount);
    await h.waitFor(async () => {
      await bar('ACME', 10_000);
      return (await deployment(id)).status === 'failed';
    }, 'the deployment to fail', 60_000);
    const failed = await deployment(id);
    assert.equal((failed.error as { code: string }).code, 'STRATEGY_HOOK_FAILED');
    assert.match((failed.error as { message: string }).message, /boom in onBar/);
    const events = (await h.call('GET', `/v1/strategy-deployments/${id}/events`, { as: alice })).json().events as { code: string }[];
    assert.ok(events.some((event) => event.code === 'STRATEGY_HOOK_FAILED'));
    assert.equal((await h.call('GET', '/v1/strategies', { as: alice })).statusCode, 200);
    // One that throws while it is created fails at once: the start answers without waiting for a timeout.
    const broken = await strategy(alice, 'throws on create', CREATE_THROWS);
    const startedAt = Date.now();
    const response = await h.call('POST', '/v1/strategy-deployments', { as: alice, body: { strategyId: broken, accountId: aliceAccount, symbols: ['ACME'], barInterval: '1m' } });
    assert.equal(response.statusCode, 201, response.body);
    // The runner gives a load twice the hook timeout plus 10 s.
    assert.ok(Date.now() - startedAt < HOOK_TIMEOUT_MS * 2 + 10_000, `answered before the load timeout (after ${Date.now() - startedAt} ms)`);
    await h.waitFor(async () => (await deployment(response.json().id)).status === 'failed', 'the deployment to fail');
    const failed2 = await deployment(response.json().id);
    assert.equal((failed2.error as { code: string }).code, 'STRATEGY_HOOK_FAILED');
    assert.match((failed2.error as { message: string }).message, /^create threw Error: no create/);
  });

  it('a strategy stuck in a loop is terminated by the CPU watchdog', async () => {
    const id = await deploy(alice, await strategy(alice, 'loops', LOOPS), aliceAccount);
    await h.waitFor(async () => {
      await bar('ACME', 10_001);
      return (await deployment(id)).status === 'failed';
    }, 'the looping deployment to fail', 60_000);
    assert.equal(((await deployment(id)).error as { code: string }).code, 'STRATEGY_TIMEOUT');
    assert.equal((await h.call('GET', '/v1/strategies', { as: alice })).statusCode, 200);
  });

  it('a paused deployment ignores bars and acts again once resumed', async () => {
    const id = await deploy(alice, await strategy(alice, 'buy once paused', BUY_ONCE), aliceAccount);
    const paused = await h.call('POST', `/v1/strategy-deployments/${id}/pause`, { as: alice });
    assert.equal(paused.json().status, 'paused');
    assert.equal((await h.call('POST', `/v1/strategy-deployments/${id}/pause`, { as: alice })).json().error.code, 'STRATEGY_DEPLOYMENT_STATE');
    // Bob cannot resume (or see) Alice's deployment.
    assert.equal((await h.call('POST', `/v1/strategy-deployments/${id}/resume`, { as: bob })).statusCode, 404);
    // A running deployment of the same strategy, started after the paused one, is the positive
    // control: once it has acted on the bars, they reached the paused worker too (a fixed pause
    // proved nothing on a loaded machine, where the worker may not even have loaded yet).
    const control = await deploy(alice, await strategy(alice, 'buy once control', BUY_ONCE), aliceAccount);
    for (let i = 0; i < 3; i++) await bar('ACME', 10_002);
    await h.waitFor(async () => {
      await bar('ACME', 10_002);
      return (await h.deps.db.query('SELECT 1 FROM strategy_deployment_orders WHERE deployment_id = $1', [control])).rowCount === 1;
    }, 'the running control deployment to act on the bars');
    assert.equal((await h.call('POST', `/v1/strategy-deployments/${control}/stop`, { as: alice })).json().status, 'stopped');
    // The bars reached the paused worker but the strategy was not called.
    assert.equal((await h.deps.db.query('SELECT 1 FROM strategy_deployment_orders WHERE deployment_id = $1', [id])).rowCount, 0);
    assert.equal((await h.call('POST', `/v1/strategy-deployments/${id}/resume`, { as: alice })).json().status, 'running');
    await h.waitFor(async () => {
      await bar('ACME', 10_003);
      return (await h.deps.db.query('SELECT 1 FROM strategy_deployment_orders WHERE deployment_id = $1', [id])).rowCount === 1;
    }, 'the resumed strategy to act', 60_000);
    const listed = (await h.call('GET', '/v1/strategy-deployments?status=running', { as: alice })).json().deployments as { id: string }[];
    assert.ok(listed.some((entry) => entry.id === id));
    assert.deepEqual((await h.call('GET', '/v1/strategy-deployments', { as: bob })).json().deployments, []);
    assert.equal((await h.call('POST', `/v1/strategy-deployments/${id}/stop`, { as: alice })).json().status, 'stopped');
  });

  it('refuses broken sources, unknown built-ins and bad parameters with stable codes', async () => {
    const imports = await h.call('POST', '/v1/strategies', { as: alice, body: { name: 'bad import', source: "import fs from 'node:fs'; export default fs;" } });
    assert.equal(imports.statusCode, 422);
    assert.equal(imports.json().error.code, 'STRATEGY_SOURCE_INVALID');
    const builtin = await h.call('POST', '/v1/strategies', { as: alice, body: { name: 'nope', builtin: 'no-such' } });
    assert.equal(builtin.json().error.code, 'STRATEGY_BUILTIN_UNKNOWN');
    const params = await h.call('POST', '/v1/strategies', { as: alice, body: { name: 'sma', builtin: 'sma-cross', params: { fast: 'ten' } } });
    assert.equal(params.json().error.code, 'STRATEGY_PARAMS_INVALID');
    const sma = await h.call('POST', '/v1/strategies', { as: alice, body: { name: 'sma', builtin: 'sma-cross', params: { fast: 5, slow: 20 } } });
    assert.equal(sma.statusCode, 201, sma.body);
    const v2 = await h.call('POST', `/v1/strategies/${sma.json().strategy.id}/versions`, { as: alice, body: { builtin: 'sma-cross', params: { fast: 10, slow: 30 } } });
    assert.equal(v2.json().version, 2);
    const versions = (await h.call('GET', `/v1/strategies/${sma.json().strategy.id}/versions`, { as: alice })).json().versions as { version: number }[];
    assert.deepEqual(versions.map((v) => v.version), [1, 2]);
    assert.equal((await h.call('DELETE', `/v1/strategies/${sma.json().strategy.id}`, { as: alice })).statusCode, 204);
    assert.equal((await h.call('GET', `/v1/strategies/${sma.json().strategy.id}`, { as: alice })).statusCode, 404);
  });
});
