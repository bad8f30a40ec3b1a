// Idempotency by client order id per account: a retry returns the first order (never a second one),
// also when the retries race each other; the same key with other fields is ORDER_DUPLICATE_CLIENT_ID;
// parent orders share the namespace; another account may reuse the key.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { acmeLimitBuy, startWithTrader, type OrderHarness, type TestUser } from './support/harness.js';

let h: OrderHarness;
let alice: TestUser;
let account: string;

const order = (clientOrderId: string, overrides: Record<string, unknown> = {}) => acmeLimitBuy(account, clientOrderId, overrides);

async function rows(clientOrderId: string, accountId = account): Promise<number> {
  const result = await h.deps.db.query('SELECT 1 FROM order_orders WHERE account_id = $1 AND client_order_id = $2', [accountId, clientOrderId]);
  return result.rowCount ?? 0;
}

before(async () => {
  ({ h, trader: alice, account } = await startWithTrader(50_000_000, 'ACME'));
});
after(() => h?.close());

it('a retry with the same fields returns the same order with 200, in any key order and notation', async () => {
  const first = await h.call('POST', '/v1/orders', { as: alice, body: order('retry-1') });
  assert.equal(first.statusCode, 201, first.body);
  const { clientOrderId, accountId, ...rest } = order('retry-1');
  const retry = await h.call('POST', '/v1/orders', { as: alice, body: { ...rest, postOnly: false, accountId, clientOrderId } });
  assert.equal(retry.statusCode, 200, retry.body);
  assert.equal(retry.json().id, first.json().id);
  assert.equal(await rows('retry-1'), 1);
  await h.settle();
  assert.equal(h.venue.commands.filter((c) => c.kind === 'submit' && c.order.clientOrderId === 'retry-1').length, 1, 'routed once');
});

it('the same key with other fields is 409 ORDER_DUPLICATE_CLIENT_ID and changes nothing', async () => {
  await h.call('POST', '/v1/orders', { as: alice, body: order('dup-1') });
  const other = await h.call('POST', '/v1/orders', { as: alice, body: order('dup-1', { quantityLots: 6 }) });
  assert.deepEqual([other.statusCode, other.json().error.code], [409, 'ORDER_DUPLICATE_CLIENT_ID']);
  const parent = await h.call('POST', '/v1/parent-orders', {
    as: alice,
    body: { clientOrderId: 'dup-1', accountId: account, strategy: { type: 'trailing_stop', symbol: 'ACME', side: 'sell', quantityLots: 1, trailTicks: 5 } },
  });
  assert.deepEqual([parent.statusCode, parent.json().error.code], [409, 'ORDER_DUPLICATE_CLIENT_ID'], 'parents share the namespace');
  assert.equal(await rows('dup-1'), 1);
  assert.equal((await h.deps.db.query("SELECT 1 FROM order_parents WHERE client_order_id = 'dup-1'")).rowCount, 0);
});

it('sixteen concurrent identical submissions create exactly one order and all answer with it', async () => {
  const responses = await Promise.all(Array.from({ length: 16 }, () => h.call('POST', '/v1/orders', { as: alice, body: order('race-1') })));
  const statuses = responses.map((response) => response.statusCode).sort();
  assert.deepEqual(statuses, [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
  assert.equal(new Set(responses.map((response) => response.json().id)).size, 1);
  assert.equal(await rows('race-1'), 1);
  await h.settle();
  const held = await h.deps.db.query('SELECT count(*)::int AS n FROM portfolio_reservations WHERE order_id = $1', [responses[0]!.json().id]);
  assert.equal(held.rows[0].n, 1, 'one reservation');
  assert.equal(h.venue.commands.filter((c) => c.kind === 'submit' && c.order.clientOrderId === 'race-1').length, 1, 'one submit');
});

it('concurrent submissions with different fields: one wins, the same fields get it, others 409', async () => {
  const variants = [5, 6, 5, 7, 5, 6, 8, 5];
  const responses = await Promise.all(variants.map((quantityLots) => h.call('POST', '/v1/orders', { as: alice, body: order('race-2', { quantityLots }) })));
  const created = responses.filter((response) => response.statusCode === 201);
  assert.equal(created.length, 1);
  const winner = created[0]!.json();
  for (const [index, response] of responses.entries()) {
    if (response.statusCode === 201) continue;
    if (variants[index] === winner.quantityLots) assert.deepEqual([response.statusCode, response.json().id], [200, winner.id]);
    else assert.deepEqual([response.statusCode, response.json().error.code], [409, 'ORDER_DUPLICATE_CLIENT_ID']);
  }
  assert.equal(await rows('race-2'), 1);
});

it('a rejected order is also returned on retry (the key is spent), and other accounts may use the key', async () => {
  const rejected = await h.call('POST', '/v1/orders', { as: alice, body: order('spent-1', { symbol: 'NOPE' }) });
  assert.equal(rejected.json().rejectReason, 'ORDER_INSTRUMENT_UNKNOWN');
  const retry = await h.call('POST', '/v1/orders', { as: alice, body: order('spent-1', { symbol: 'NOPE' }) });
  assert.deepEqual([retry.statusCode, retry.json().id], [200, rejected.json().id]);
  const second = await h.account(alice, 0);
  const elsewhere = await h.call('POST', '/v1/orders', { as: alice, body: order('spent-1', { symbol: 'NOPE', accountId: second }) });
  assert.equal(elsewhere.statusCode, 201);
  assert.notEqual(elsewhere.json().id, rejected.json().id);
});

it('parent orders are idempotent too: concurrent retries start one strategy with one set of children', async () => {
  const body = {
    clientOrderId: 'parent-race',
    accountId: account,
    strategy: { type: 'oco', legs: [
      { symbol: 'ACME', side: 'buy', type: 'limit', timeInForce: 'GTC', quantityLots: 2, limitPriceTicks: 8_000 },
      { symbol: 'ACME', side: 'buy', type: 'stop_limit', timeInForce: 'GTC', quantityLots: 2, stopPriceTicks: 12_000, limitPriceTicks: 12_100 },
    ] },
  };
  const responses = await Promise.all(Array.from({ length: 8 }, () => h.call('POST', '/v1/parent-orders', { as: alice, body })));
  assert.deepEqual(responses.map((response) => response.statusCode).sort(), [200, 200, 200, 200, 200, 200, 200, 201]);
  assert.equal(new Set(responses.map((response) => response.json().id)).size, 1);
  const children = await h.deps.db.query('SELECT 1 FROM order_orders WHERE parent_order_id = $1', [responses[0]!.json().id]);
  assert.equal(children.rowCount, 2);
});
