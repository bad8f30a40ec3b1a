// The strategy service on the suite's bus: the same process shape as the end-to-end test, but with
// KAFKA as the durable bus (its own topic/group prefix, so it runs next to other tests on the shared
// broker). A deployed strategy receives a bar from the `market.data` topic, its order goes through
// the order service and the engine, and its `strategies.signals` event is read back from Kafka with
// the payload schema of shared/src/strategy/signal-payload.ts.
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Admin } from '@platformatic/kafka';
import { StrategySignalPayloadSchema, tradingIssues, type EventEnvelope } from '@kestrel/shared';
import { OrderHarness, requireTestEnv, stock, type TestUser } from '../orders/support/harness.js';

const BUY_ONCE = `
import { defineParams, defineStrategy } from '@kestrel/shared';
export default defineStrategy({
  name: 'buy-once',
  description: 'Buys 2 lots on the first bar (a marketable limit).',
  params: defineParams({}),
  create: () => {
    let done = false;
    return { onBar(ctx, bar) { if (!done) { done = true; ctx.buy(2, { limitPriceTicks: bar.ticks.close + 10 }); } } };
  },
});`;

const prefix = `strat${randomUUID().replace(/-/g, '').slice(0, 10)}.`;
let h: OrderHarness;
let alice: TestUser;
let bob: TestUser;
const signals: EventEnvelope[] = [];

before(async () => {
  h = await OrderHarness.start({
    engine: true,
    env: {
      KESTREL_KAFKA_BROKERS: requireTestEnv('KESTREL_TEST_KAFKA_BROKERS'),
      KESTREL_KAFKA_TOPIC_PREFIX: prefix,
      KESTREL_STRATEGY_CREDENTIAL_KEY: randomBytes(32).toString('hex'),
    },
  });
  alice = await h.user('trader');
  bob = await h.user('trader');
  const created = await h.call('POST', '/v1/admin/market-data/instruments', { as: h.admin, body: stock('KSIG') });
  assert.ok([200, 201].includes(created.statusCode), created.body);
  await h.instrument(stock('KSIG'));
  await h.deps.bus.subscribe('strategies.signals', `test-signals-${randomBytes(4).toString('hex')}`, async (event) => {
    signals.push(event);
  });
});
after(async () => {
  await h?.close();
  // The broker is shared: remove this run's topics and consumer groups (they all carry the prefix).
  const kafka = new Admin({ clientId: `${prefix}cleanup`, bootstrapBrokers: requireTestEnv('KESTREL_TEST_KAFKA_BROKERS').split(',') });
  try {
    const topics = (await kafka.listTopics()).filter((topic) => topic.startsWith(prefix));
    if (topics.length > 0) await kafka.deleteTopics({ topics });
    const groups = [...(await kafka.listGroups()).keys()].filter((group) => group.startsWith(prefix));
    if (groups.length > 0) await kafka.deleteGroups({ groups });
  } finally {
    await kafka.close();
  }
});

describe('strategy signals on Kafka', () => {
  it('a deployment trades through the order service and its signal is on the strategies.signals topic', async () => {
    const aliceAccount = await h.account(alice, 10_000_000);
    const bobAccount = await h.account(bob, 10_000_000);
    const ask = await h.call('POST', '/v1/orders', {
      as: bob,
      body: { clientOrderId: 'k-ask-1', accountId: bobAccount, symbol: 'KSIG', side: 'sell', type: 'limit', timeInForce: 'GTC', quantityLots: 10, limitPriceTicks: 5_000 },
    });
    assert.ok([200, 201].includes(ask.statusCode), ask.body);
    await h.waitForOrder(bob, ask.json().id, (o) => o.status === 'accepted', 'the resting ask');
    const strategy = await h.call('POST', '/v1/strategies', { as: alice, body: { name: 'buy once', source: BUY_ONCE } });
    assert.equal(strategy.statusCode, 201, strategy.body);
    const started = await h.call('POST', '/v1/strategy-deployments', { as: alice, body: { strategyId: strategy.json().strategy.id, accountId: aliceAccount, symbols: ['KSIG'], barInterval: '1m' } });
    assert.equal(started.statusCode, 201, started.body);
    const id = started.json().id as string;
    let minute = Date.parse('2026-03-02T15:00:00.000Z');
    await h.waitFor(async () => {
      minute += 60_000;
      await h.publishMarketData('KSIG', {
        kind: 'bars',
        symbol: 'KSIG',
        bars: [{ symbol: 'KSIG', interval: '1m', startMicros: minute * 1000, open: 4_995, high: 4_995, low: 4_995, close: 4_995, volumeLots: 1, tradeCount: 1, vwapNumerator: '4995', final: true }],
      });
      return (await h.deps.db.query('SELECT 1 FROM strategy_deployment_orders WHERE deployment_id = $1', [id])).rowCount === 1;
    }, 'the strategy to act on a bar from Kafka', 60_000);
    await h.waitFor(async () => (await h.call('GET', `/v1/strategy-deployments/${id}/performance`, { as: alice })).json().fills === 1, 'the fill', 60_000);
    await h.settle();
    await h.waitFor(() => signals.some((event) => (event.payload as { deploymentId?: string }).deploymentId === id), 'the signal on Kafka', 60_000);
    const signal = signals.find((event) => (event.payload as { deploymentId?: string }).deploymentId === id)!;
    assert.equal(signal.topic, 'strategies.signals');
    assert.equal(signal.key, aliceAccount);
    assert.deepEqual(tradingIssues(StrategySignalPayloadSchema, signal.payload), []);
    assert.equal((signal.payload as { quantityLots: number; limitPriceTicks: number }).limitPriceTicks, 5_005);
  });
});
