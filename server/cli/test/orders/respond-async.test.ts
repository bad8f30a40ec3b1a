// POST /v1/orders with `Prefer: respond-async`: 202 with the order as recorded (durable, `new`)
// without waiting for the buying-power check, which with routing runs after the answer; the
// outcome arrives as order updates — routed and accepted, or rejected with the portfolio's reason.
// Entry-rule rejections and idempotent retries are answered as without the preference.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { acmeLimitBuy, startWithTrader, type OrderHarness, type TestUser } from './support/harness.js';

let h: OrderHarness;
let alice: TestUser;
let account: string;
let serial = 0;

const ASYNC = { prefer: 'respond-async' };
const limitBuy = (overrides: Record<string, unknown> = {}) => acmeLimitBuy(account, `async-${++serial}`, overrides);

before(async () => {
  ({ h, trader: alice, account } = await startWithTrader(50_000_000, 'ACME'));
});
after(() => h?.close());

it('answers 202 while the check is still waiting, then the order is routed and accepted', async () => {
  // Hold the account's lock, which the buying-power check needs: the check cannot finish until released.
  const blocker = await h.deps.db.connect();
  try {
    await blocker.query('BEGIN');
    await blocker.query('SELECT 1 FROM portfolio_accounts WHERE id = $1 FOR UPDATE', [account]);
    const answer = await h.call('POST', '/v1/orders', { as: alice, body: limitBuy(), headers: ASYNC });
    assert.equal(answer.statusCode, 202, answer.body);
    assert.equal(answer.headers['preference-applied'], 'respond-async');
    const order = answer.json();
    assert.deepEqual([order.status, order.rejectReason], ['new', null]);
    const stored = await h.deps.db.query('SELECT status, routing FROM order_orders WHERE id = $1', [order.id]);
    assert.deepEqual(stored.rows[0], { status: 'new', routing: 'checking' }, 'recorded, not yet checked');
    const detached = async () => (await h.deps.metrics.registry.getSingleMetric('kestrel_order_detached_routings')!.get()).values[0]!.value;
    assert.equal(await detached(), 1, 'the gauge shows the routing still running');
    await blocker.query('COMMIT');
    await h.waitForOrder(alice, order.id, (o) => o.status === 'accepted', 'the order to be routed and accepted after the answer');
    assert.equal(await detached(), 0);
  } finally {
    await blocker.query('ROLLBACK').catch(() => {});
    blocker.release();
  }
});

it("a buying-power denial after the answer rejects the order with the portfolio's reason, as an order update", async () => {
  const poor = await h.account(alice, 100_000); // $1,000.00
  const answer = await h.call('POST', '/v1/orders', { as: alice, body: limitBuy({ accountId: poor, quantityLots: 11, limitPriceTicks: 10_000 }), headers: ASYNC });
  assert.equal(answer.statusCode, 202, answer.body);
  const id = answer.json().id as string;
  const rejected = await h.waitForOrder(alice, id, (o) => o.status === 'rejected', 'the rejection');
  assert.equal(rejected.rejectReason, 'PORTFOLIO_INSUFFICIENT_BUYING_POWER');
  await h.settle();
  const updates = await h.deps.db.query("SELECT payload FROM outbox WHERE topic = 'orders.updated' AND payload->'order'->>'id' = $1", [id]);
  assert.ok(
    updates.rows.some((row) => row.payload.order.status === 'rejected' && row.payload.order.rejectReason === 'PORTFOLIO_INSUFFICIENT_BUYING_POWER'),
    JSON.stringify(updates.rows),
  );
  await h.settle();
  assert.ok(!h.venue.commands.some((c) => c.kind === 'submit' && c.order.id === id), 'never routed');
});

it('an entry-rule rejection is final at once (201), and a retry answers with the first order (200)', async () => {
  const closed = await h.call('POST', '/v1/orders', { as: alice, body: limitBuy({ type: 'market' }), headers: ASYNC });
  assert.equal(closed.statusCode, 201, closed.body);
  assert.equal(closed.headers['preference-applied'], undefined);
  assert.deepEqual([closed.json().status, closed.json().rejectReason], ['rejected', 'ORDER_PRICE_NOT_ALLOWED']);

  const body = limitBuy();
  const first = await h.call('POST', '/v1/orders', { as: alice, body, headers: ASYNC });
  assert.equal(first.statusCode, 202, first.body);
  const retry = await h.call('POST', '/v1/orders', { as: alice, body, headers: ASYNC });
  assert.equal(retry.statusCode, 200, retry.body);
  assert.equal(retry.json().id, first.json().id);
  await h.waitForOrder(alice, first.json().id, (o) => o.status === 'accepted', 'the order');
  await h.settle();
  assert.equal(h.venue.commands.filter((c) => c.kind === 'submit' && c.order.id === first.json().id).length, 1, 'routed once');
});
