// The whole order flow with the REAL execution service: REST order entry → order service (buying
// power at the portfolio) → orders.commands → execution → C++ engine → orders.reports /
// orders.executed → order state and the portfolio's position. Two users trade with each other on
// the engine's book; a restart of the whole process on the same database and data dir keeps the
// book and the fills, and trading continues; a risk limit denial comes back with the engine's code.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { OrderHarness, stock, type TestUser } from '../orders/support/harness.js';

let h: OrderHarness;
let alice: TestUser;
let bob: TestUser;
let aliceAccount: string;
let bobAccount: string;
let serial = 0;

const limit = (accountId: string, side: 'buy' | 'sell', quantityLots: number, limitPriceTicks: number, overrides: Record<string, unknown> = {}) => ({
  clientOrderId: `e2e-${++serial}`,
  accountId,
  symbol: 'ACME',
  side,
  type: 'limit',
  timeInForce: 'GTC',
  quantityLots,
  limitPriceTicks,
  ...overrides,
});

async function place(user: TestUser, body: Record<string, unknown>): Promise<{ id: string }> {
  const response = await h.call('POST', '/v1/orders', { as: user, body });
  assert.ok([200, 201].includes(response.statusCode), response.body);
  return response.json() as { id: string };
}

async function position(user: TestUser, accountId: string): Promise<number> {
  const positions = (await h.call('GET', `/v1/positions?accountId=${accountId}&includeFlat=true`, { as: user })).json().positions as { symbol: string; quantityLots: number }[];
  return positions.find((p) => p.symbol === 'ACME')?.quantityLots ?? 0;
}

before(async () => {
  h = await OrderHarness.start({ engine: true });
  alice = await h.user('trader');
  bob = await h.user('trader');
  aliceAccount = await h.account(alice, 10_000_000);
  bobAccount = await h.account(bob, 10_000_000);
  await h.instrument(stock('ACME'));
});
after(() => h?.close());

describe('order flow on the engine', () => {
  it('a resting sell and a crossing buy fill on the engine; orders, executions and positions agree', async () => {
    // Alice rests a bid; Bob's sell (short, checked against his buying power) crosses it.
    const bid = await place(alice, limit(aliceAccount, 'buy', 10, 10_000));
    await h.waitForOrder(alice, bid.id, (o) => o.status === 'accepted', 'the bid to rest on the engine');
    const ask = await place(bob, limit(bobAccount, 'sell', 4, 9_990));
    const sold = await h.waitForOrder(bob, ask.id, (o) => o.status === 'filled' || o.status === 'rejected', 'the sell to end');
    assert.equal(sold.status, 'filled', `sell ended ${String(sold.status)} (${String(sold.rejectReason)})`);
    const partial = await h.waitForOrder(alice, bid.id, (o) => o.status === 'partially_filled', 'the bid partial fill');
    assert.deepEqual([partial.filledQuantityLots, partial.remainingQuantityLots], [4, 6]);
    assert.deepEqual(partial.averageFillPrice, { numerator: '10000', denominator: '1' }, 'at the resting price');
    const executions = (await h.call('GET', `/v1/executions?orderId=${bid.id}`, { as: alice })).json().executions as { venue: string; quantityLots: number }[];
    assert.deepEqual(executions.map((e) => [e.venue, e.quantityLots]), [['KESTREL', 4]]);
    await h.waitFor(async () => (await position(alice, aliceAccount)) === 4, 'the portfolio to book the fill');
  });

  it('survives a restart: the resting remainder still trades, no fill is duplicated', async () => {
    await h.settle();
    const { rows: before } = await h.deps.db.query<{ n: string }>('SELECT count(*) AS n FROM execution_fills');
    await h.restart();
    const { rows: afterRestart } = await h.deps.db.query<{ n: string }>('SELECT count(*) AS n FROM execution_fills');
    assert.equal(afterRestart[0]!.n, before[0]!.n);
    const ask = await place(bob, limit(bobAccount, 'sell', 6, 9_990, { timeInForce: 'IOC' }));
    await h.waitForOrder(bob, ask.id, (o) => o.status === 'filled', 'the IOC sell against the recovered bid');
    await h.waitFor(async () => (await position(alice, aliceAccount)) === 10, 'Alice to hold 10');
    const { rows: fills } = await h.deps.db.query<{ n: string; distinct: string }>('SELECT count(*) AS n, count(DISTINCT id) AS distinct FROM execution_fills');
    assert.equal(fills[0]!.n, fills[0]!.distinct);
  });

  it('a risk limit set through the order service denies with the engine code', async () => {
    const admin = h.admin;
    const response = await h.call('PUT', '/v1/risk/limits/default', { as: admin, body: { maxOrderQuantityLots: 5 } });
    assert.ok(response.statusCode < 300, response.body);
    await h.settle();
    const big = await place(alice, limit(aliceAccount, 'buy', 6, 9_000));
    const rejected = await h.waitForOrder(alice, big.id, (o) => o.status === 'rejected', 'the risk denial');
    assert.equal(rejected.rejectReason, 'RISK_MAX_ORDER_QUANTITY');
  });
});
