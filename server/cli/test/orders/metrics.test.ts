// The trading metrics of docs/observability.md end to end, in one server with the real order,
// portfolio and execution services (the C++ engine): a rejected order, two crossing orders and a
// cancel show up on GET /metrics as kestrel_orders_total by outcome and reason,
// kestrel_fills_total by symbol, kestrel_engine_command_duration_seconds by command and
// kestrel_order_entry_stage_seconds by stage.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { OrderHarness, stock, type TestUser } from './support/harness.js';

let h: OrderHarness;
let alice: TestUser;
let account: string;
let serial = 0;

before(async () => {
  h = await OrderHarness.start({ engine: true });
  alice = await h.user('trader');
  account = await h.account(alice, 10_000_000);
  await h.instrument(stock('MTRC'));
  await h.instrument(stock('MHLT', { status: 'halted' }));
});
after(() => h?.close());

async function place(fields: Record<string, unknown>): Promise<string> {
  const body = { clientOrderId: `m-${++serial}`, accountId: account, symbol: 'MTRC', type: 'limit', timeInForce: 'GTC', quantityLots: 5, limitPriceTicks: 10_000, ...fields };
  const response = await h.call('POST', '/v1/orders', { as: alice, body });
  assert.ok([200, 201].includes(response.statusCode), response.body);
  return (response.json() as { id: string }).id;
}

/** Every sample of `name` on GET /metrics, keyed by its label set. */
async function samples(name: string): Promise<Map<string, number>> {
  const response = await h.app.inject({ method: 'GET', url: '/metrics' });
  assert.equal(response.statusCode, 200);
  const result = new Map<string, number>();
  for (const line of response.body.split('\n')) {
    const match = line.match(/^([a-z_]+)(\{[^}]*\})? (\S+)$/);
    if (match?.[1] === name) result.set(match[2] ?? '', Number(match[3]));
  }
  return result;
}

it('counts order outcomes, fills and engine commands of real trading', { timeout: 300_000 }, async () => {
  const rejected = await place({ symbol: 'MHLT', side: 'buy' });
  await h.waitForOrder(alice, rejected, (o) => o.status === 'rejected', 'the halted-instrument reject');
  const sell = await place({ side: 'sell', quantityLots: 10 });
  await h.waitForOrder(alice, sell, (o) => o.status === 'accepted', 'the resting sell');
  const buy = await place({ side: 'buy', quantityLots: 10, limitPriceTicks: 10_000 });
  await h.waitForOrder(alice, buy, (o) => o.status === 'filled', 'the crossing buy');
  await h.waitForOrder(alice, sell, (o) => o.status === 'filled', 'the resting sell filled');
  const resting = await place({ side: 'buy', limitPriceTicks: 9_000 });
  await h.waitForOrder(alice, resting, (o) => o.status === 'accepted', 'a resting buy');
  const cancel = await h.call('DELETE', `/v1/orders/${resting}`, { as: alice });
  assert.ok([200, 202].includes(cancel.statusCode), cancel.body);
  await h.waitForOrder(alice, resting, (o) => o.status === 'cancelled', 'the cancel');

  const orders = await samples('kestrel_orders_total');
  assert.equal(orders.get('{outcome="rejected",reason="ORDER_INSTRUMENT_NOT_TRADING"}'), 1);
  assert.equal(orders.get('{outcome="accepted",reason="none"}'), 3);
  assert.equal(orders.get('{outcome="filled",reason="none"}'), 2);
  assert.equal(orders.get('{outcome="cancelled",reason="BOOK_USER_CANCELLED"}'), 1, 'the engine\'s cancel code');
  assert.equal((await samples('kestrel_fills_total')).get('{symbol="MTRC"}'), 2, 'one execution per side');
  const engine = await samples('kestrel_engine_command_duration_seconds_count');
  assert.equal(engine.get('{command="submit"}'), 3);
  assert.equal(engine.get('{command="cancel"}'), 1);
  const stages = await samples('kestrel_order_entry_stage_seconds_count');
  assert.equal(stages.get('{stage="record"}'), 4, 'every order placed is recorded, the rejected one too');
  assert.equal(stages.get('{stage="check"}'), 3, 'the rejected one never reaches the buying-power check');
  assert.equal(stages.get('{stage="route"}'), 3);
  const seconds = await samples('kestrel_order_entry_stage_seconds_sum');
  for (const stage of ['record', 'check', 'route']) assert.ok(seconds.get(`{stage="${stage}"}`)! > 0, `${stage} took some time`);
});
