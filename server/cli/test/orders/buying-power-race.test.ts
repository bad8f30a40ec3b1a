// Buying power under concurrent order entry: many orders of one account submitted at once (over
// HTTP on a listening port, so requests really overlap) must never reserve more than the account
// holds. Exactly as many orders as the cash covers are routed, every other one is rejected with
// PORTFOLIO_INSUFFICIENT_BUYING_POWER, the portfolio's reserved total equals the routed orders'
// requirement, and each order exists once with its outbox events.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { OrderHarness, stock, type TestUser } from './support/harness.js';

let h: OrderHarness;
let trader: TestUser;
let origin: string;

before(async () => {
  h = await OrderHarness.start();
  trader = await h.user('trader');
  await h.instrument(stock('RACE'));
  await h.app.listen({ host: '127.0.0.1', port: 0 });
  origin = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
});
after(() => h?.close());

it('concurrent orders of one account never reserve more than its buying power', async () => {
  // $100.00 of cash; each order needs 1 lot × $10.00 = 1,000 minor units: 10 fit, 40 are sent.
  const account = await h.account(trader, 10_000);
  const submit = (i: number) =>
    fetch(`${origin}/v1/orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${trader.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ clientOrderId: `race-${i}`, accountId: account, symbol: 'RACE', side: 'buy', type: 'limit', timeInForce: 'GTC', quantityLots: 1, limitPriceTicks: 1_000 }),
    }).then(async (response) => ({ status: response.status, order: (await response.json()) as { id: string; status: string; rejectReason: string | null } }));
  const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => submit(i)));

  assert.deepEqual(new Set(answers.map((answer) => answer.status)), new Set([201]));
  const rejected = answers.filter((answer) => answer.order.status === 'rejected');
  const routed = answers.filter((answer) => answer.order.status !== 'rejected');
  assert.equal(routed.length, 10, `routed: ${JSON.stringify(answers.map((answer) => answer.order.status))}`);
  assert.ok(rejected.every((answer) => answer.order.rejectReason === 'PORTFOLIO_INSUFFICIENT_BUYING_POWER'));

  const reserved = await h.deps.db.query<{ total: string; n: number }>(
    'SELECT coalesce(sum(reserved_minor), 0)::text AS total, count(*)::int AS n FROM portfolio_reservations WHERE account_id = $1',
    [account],
  );
  assert.deepEqual(reserved.rows[0], { total: '10000', n: 10 });
  const accountView = await h.call('GET', `/v1/accounts/${account}`, { as: trader });
  assert.equal(accountView.json().reservedMinor, 10_000);

  const stored = await h.deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM order_orders WHERE account_id = $1', [account]);
  assert.equal(stored.rows[0]!.n, 40, 'each order recorded once');
  const created = await h.deps.db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM outbox WHERE topic = 'orders.created' AND payload->'order'->>'accountId' = $1",
    [account],
  );
  assert.equal(created.rows[0]!.n, 10, 'one orders.created per routed order');
});
