// Ownership through the order API: user B gets 404 for A's orders and parent orders (never 403),
// cannot place on A's account, never sees A's rows in lists, and cancel-all only touches the
// caller's own orders; a risk user sees everything; a viewer may read but not trade.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { OrderHarness, stock, type TestUser } from './support/harness.js';

let h: OrderHarness;
let alice: TestUser;
let bob: TestUser;
let aliceAccount: string;
let aliceOrder: string;
let aliceParent: string;

before(async () => {
  h = await OrderHarness.start();
  alice = await h.user('trader');
  bob = await h.user('trader');
  aliceAccount = await h.account(alice, 10_000_000);
  await h.instrument(stock('ACME'));
  const order = await h.call('POST', '/v1/orders', {
    as: alice,
    body: { clientOrderId: 'alice-1', accountId: aliceAccount, symbol: 'ACME', side: 'buy', type: 'limit', timeInForce: 'GTC', quantityLots: 3, limitPriceTicks: 100 },
  });
  aliceOrder = order.json().id;
  const parent = await h.call('POST', '/v1/parent-orders', {
    as: alice,
    body: { clientOrderId: 'alice-p1', accountId: aliceAccount, strategy: { type: 'trailing_stop', symbol: 'ACME', side: 'sell', quantityLots: 1, trailTicks: 10 } },
  });
  aliceParent = parent.json().id;
  await h.waitForOrder(alice, aliceOrder, (o) => o.status === 'accepted', 'acceptance');
});
after(() => h?.close());

it("B gets 404 for every route on A's order and parent order, and A's objects are unchanged", async () => {
  const before = (await h.call('GET', `/v1/orders/${aliceOrder}`, { as: alice })).body;
  for (const [method, url, body] of [
    ['GET', `/v1/orders/${aliceOrder}`, undefined],
    ['PATCH', `/v1/orders/${aliceOrder}`, { quantityLots: 9 }],
    ['DELETE', `/v1/orders/${aliceOrder}`, undefined],
  ] as const) {
    const response = await h.call(method, url, { as: bob, body });
    assert.deepEqual([response.statusCode, response.json().error.code], [404, 'ORDER_NOT_FOUND'], `${method} ${url}`);
    assert.ok(!response.body.includes(aliceOrder));
  }
  for (const method of ['GET', 'DELETE'] as const) {
    const response = await h.call(method, `/v1/parent-orders/${aliceParent}`, { as: bob });
    assert.deepEqual([response.statusCode, response.json().error.code], [404, 'ORDER_PARENT_NOT_FOUND']);
  }
  assert.equal((await h.call('GET', `/v1/orders/${aliceOrder}`, { as: alice })).body, before);
  assert.equal((await h.call('GET', `/v1/parent-orders/${aliceParent}`, { as: alice })).json().status, 'working');
});

it("B cannot place orders or parent orders on A's account", async () => {
  const order = await h.call('POST', '/v1/orders', {
    as: bob,
    body: { clientOrderId: 'bob-1', accountId: aliceAccount, symbol: 'ACME', side: 'sell', type: 'limit', timeInForce: 'GTC', quantityLots: 1, limitPriceTicks: 100 },
  });
  assert.deepEqual([order.statusCode, order.json().error.code], [404, 'ORDER_ACCOUNT_NOT_FOUND']);
  const parent = await h.call('POST', '/v1/parent-orders', {
    as: bob,
    body: { clientOrderId: 'bob-p', accountId: aliceAccount, strategy: { type: 'trailing_stop', symbol: 'ACME', side: 'sell', quantityLots: 1, trailTicks: 10 } },
  });
  assert.deepEqual([parent.statusCode, parent.json().error.code], [404, 'ORDER_ACCOUNT_NOT_FOUND']);
  assert.equal((await h.deps.db.query("SELECT 1 FROM order_client_ids WHERE client_order_id LIKE 'bob-%'")).rowCount, 0);
});

it("B's lists never contain A's rows, even when filtering on A's account; B's cancel-all leaves A alone", async () => {
  for (const url of ['/v1/orders', `/v1/orders?accountId=${aliceAccount}`, '/v1/executions', '/v1/parent-orders', `/v1/parent-orders?accountId=${aliceAccount}`]) {
    const response = await h.call('GET', url, { as: bob });
    assert.equal(response.statusCode, 200, url);
    for (const secret of [aliceOrder, aliceParent, aliceAccount, 'alice-1']) assert.ok(!response.body.includes(secret), `${url} leaked ${secret}`);
  }
  const cancelAll = await h.call('DELETE', '/v1/orders', { as: bob });
  assert.deepEqual(cancelAll.json(), { orderIds: [], parentOrderIds: [] });
  const named = await h.call('DELETE', `/v1/orders?accountId=${aliceAccount}`, { as: bob });
  assert.deepEqual([named.statusCode, named.json().error.code], [404, 'ORDER_ACCOUNT_NOT_FOUND']);
  assert.equal((await h.call('GET', `/v1/orders/${aliceOrder}`, { as: alice })).json().cancelPending, false);
});

it('a risk user sees every order; a viewer reads but cannot trade', async () => {
  const risk = await h.user('risk');
  assert.equal((await h.call('GET', `/v1/orders/${aliceOrder}`, { as: risk })).statusCode, 200);
  assert.ok((await h.call('GET', '/v1/orders', { as: risk })).json().orders.some((order: { id: string }) => order.id === aliceOrder));
  assert.equal((await h.call('DELETE', `/v1/orders/${aliceOrder}`, { as: risk })).statusCode, 403, 'risk has no trading:write');
  const viewer = await h.user('viewer');
  assert.equal((await h.call('GET', '/v1/orders', { as: viewer })).statusCode, 200);
  const place = await h.call('POST', '/v1/orders', { as: viewer, body: { clientOrderId: 'v', accountId: aliceAccount, symbol: 'ACME', side: 'buy', type: 'market', timeInForce: 'IOC', quantityLots: 1 } });
  assert.equal(place.statusCode, 403);
});
