// The order lifecycle end to end on real PostgreSQL, with the real gateway, auth and portfolio and
// the in-test venue standing in for execution: placing, filling, partial fills, IOC/FOK/GTD,
// cancel, modify, cancel-all, every rejection with its reason code (entry checks, the portfolio's
// buying-power answer, engine/risk reasons from execution), reservations held and released, and
// the outbox events each change writes.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { OrderHarness, stock, type TestUser } from './support/harness.js';

let h: OrderHarness;
let alice: TestUser;
let account: string;
let serial = 0;

/** The fields of an order response the tests read. */
interface OrderJson {
  id: string;
  status: string;
  rejectReason: string | null;
  expireAt: string | null;
}

const limitBuy = (overrides: Record<string, unknown> = {}) => ({
  clientOrderId: `o-${++serial}`,
  accountId: account,
  symbol: 'ACME',
  side: 'buy',
  type: 'limit',
  timeInForce: 'GTC',
  quantityLots: 10,
  limitPriceTicks: 10_000,
  ...overrides,
});

async function place(body: Record<string, unknown>, user = alice) {
  const response = await h.call('POST', '/v1/orders', { as: user, body });
  assert.ok([200, 201].includes(response.statusCode), response.body);
  return response.json() as OrderJson;
}

async function reservedMinor(accountId: string): Promise<number> {
  return (await h.call('GET', `/v1/accounts/${accountId}`, { as: alice })).json().reservedMinor as number;
}

before(async () => {
  h = await OrderHarness.start();
  alice = await h.user('trader');
  account = await h.account(alice, 10_000_000); // $100,000.00
  await h.instrument(stock('ACME'));
  await h.instrument(stock('HALT', { status: 'halted' }));
  await h.instrument(stock('NYSE', { tradingHours: { timeZone: 'America/New_York', sessions: [{ days: [1, 2, 3, 4, 5], open: '09:30', close: '16:00' }], holidays: [] } }));
});
after(() => h?.close());

describe('placing and filling', () => {
  it('a resting limit order is routed, accepted, partially filled, then filled, with its executions', async () => {
    const order = await place(limitBuy({ quantityLots: 30 }));
    assert.equal(order.status, 'new');
    const accepted = await h.waitForOrder(alice, order.id, (o) => o.status === 'accepted', 'acceptance');
    assert.equal(accepted.remainingQuantityLots, 30);
    assert.equal(await reservedMinor(account), 30 * 10_000, 'the portfolio holds 30 × $100.00');
    await h.venue.trade('ACME', 'sell', 9_990, 12);
    const partial = await h.waitForOrder(alice, order.id, (o) => o.status === 'partially_filled', 'the partial fill');
    assert.deepEqual([partial.filledQuantityLots, partial.remainingQuantityLots], [12, 18]);
    await h.venue.trade('ACME', 'sell', 9_000, 50);
    const filled = await h.waitForOrder(alice, order.id, (o) => o.status === 'filled', 'the fill');
    assert.deepEqual(filled.averageFillPrice, { numerator: '10000', denominator: '1' }, 'trades execute at the resting price');
    const executions = (await h.call('GET', `/v1/executions?orderId=${order.id}`, { as: alice })).json().executions;
    assert.deepEqual(executions.map((e: { quantityLots: number }) => e.quantityLots).sort(), [12, 18]);
    await h.waitFor(async () => (await reservedMinor(account)) === 0, 'the reservation to be used up by the fills');
  });

  it('a marketable IOC fills what it can and the remainder is cancelled with BOOK_IOC_REMAINDER_CANCELLED', async () => {
    h.venue.addLiquidity('ACME', 'sell', 10_010, 4);
    const order = await place(limitBuy({ timeInForce: 'IOC', limitPriceTicks: 10_020 }));
    const done = await h.waitForOrder(alice, order.id, (o) => o.status === 'cancelled', 'the IOC to end');
    assert.deepEqual([done.filledQuantityLots, done.remainingQuantityLots, done.rejectReason], [4, 0, 'BOOK_IOC_REMAINDER_CANCELLED']);
    await h.waitFor(async () => (await reservedMinor(account)) === 0, 'the rest of the reservation to be released');
  });

  it('a FOK that cannot fill completely is rejected by the book (reason passed through)', async () => {
    h.venue.addLiquidity('ACME', 'sell', 10_050, 3);
    const order = await place(limitBuy({ timeInForce: 'FOK', limitPriceTicks: 10_050, quantityLots: 5 }));
    const done = await h.waitForOrder(alice, order.id, (o) => o.status === 'rejected', 'the FOK rejection');
    assert.equal(done.rejectReason, 'BOOK_FOK_NOT_FILLABLE');
  });

  it('a GTD order carries its expiry; a market order without any trade price is refused before routing', async () => {
    const gtd = await place(limitBuy({ timeInForce: 'GTD', expireAt: '2026-03-03T21:00:00+01:00', limitPriceTicks: 5_000 }));
    assert.equal(gtd.expireAt, '2026-03-03T20:00:00.000Z');
    const commands = () => h.venue.commands.filter((c) => c.kind === 'submit' && c.order.id === gtd.id);
    await h.waitFor(() => commands().length === 1, 'the submit command');
    assert.equal((commands()[0] as { order: { expireAt: string } }).order.expireAt, '2026-03-03T20:00:00.000Z');
    await h.instrument(stock('FRESH'));
    const market = await place({ clientOrderId: `o-${++serial}`, accountId: account, symbol: 'FRESH', side: 'buy', type: 'market', timeInForce: 'IOC', quantityLots: 1 });
    assert.deepEqual([market.status, market.rejectReason], ['rejected', 'RISK_NO_REFERENCE_PRICE']);
  });
});

describe('rejections carry their reason', () => {
  it('entry checks: contradictory fields, unknown or halted instrument, closed market', async () => {
    const shape = await place(limitBuy({ type: 'market' }));
    assert.deepEqual([shape.status, shape.rejectReason], ['rejected', 'ORDER_PRICE_NOT_ALLOWED']);
    assert.equal((await place(limitBuy({ symbol: 'NOPE' }))).rejectReason, 'ORDER_INSTRUMENT_UNKNOWN');
    assert.equal((await place(limitBuy({ symbol: 'HALT' }))).rejectReason, 'ORDER_INSTRUMENT_NOT_TRADING');
    // The harness clock is Monday 2026-03-02 14:30 UTC = 09:30 New York: open. Saturday is not.
    assert.equal((await place(limitBuy({ symbol: 'NYSE' }))).status, 'new');
    await h.time.advanceTo(Date.parse('2026-03-07T15:00:00Z'));
    assert.equal((await place(limitBuy({ symbol: 'NYSE' }))).rejectReason, 'ORDER_MARKET_CLOSED');
  });

  it('the portfolio\'s buying-power denial is the order\'s reason, and nothing is routed or held', async () => {
    const poor = await h.account(alice, 100_000); // $1,000.00
    const before = h.venue.commands.length;
    const order = await place(limitBuy({ accountId: poor, quantityLots: 11, limitPriceTicks: 10_000 }));
    assert.deepEqual([order.status, order.rejectReason], ['rejected', 'PORTFOLIO_INSUFFICIENT_BUYING_POWER']);
    assert.equal(await reservedMinor(poor), 0);
    await h.settle();
    assert.ok(!h.venue.commands.slice(before).some((c) => c.kind === 'submit' && c.order.id === order.id));
    const fits = await place(limitBuy({ accountId: poor, quantityLots: 10, limitPriceTicks: 10_000 }));
    await h.waitForOrder(alice, fits.id, (o) => o.status === 'accepted', 'the affordable order');
  });

  it('a risk-limit denial from execution passes through by name', async () => {
    const risk = await h.user('risk');
    const set = await h.call('PUT', '/v1/risk/limits/default', { as: risk, body: { maxOrderQuantityLots: 100 } });
    assert.equal(set.statusCode, 200, set.body);
    await h.waitFor(() => h.venue.commands.some((c) => c.kind === 'set-risk-limits'), 'the limits to reach execution');
    const order = await place(limitBuy({ quantityLots: 101, limitPriceTicks: 100 }));
    const rejected = await h.waitForOrder(alice, order.id, (o) => o.status === 'rejected', 'the risk rejection');
    assert.equal(rejected.rejectReason, 'RISK_MAX_ORDER_QUANTITY');
    await h.waitFor(async () => (await reservedMinor(account)) === (await openReservations()), 'the rejected order\'s hold to be released');
    await h.call('PUT', '/v1/risk/limits/default', { as: risk, body: {} });
  });
});

/** Σ of what the account's open orders still hold, from the portfolio's point of view. */
async function openReservations(): Promise<number> {
  const rows = await h.deps.db.query<{ reserved: string }>(
    "SELECT coalesce(sum(reserved_minor), 0)::text AS reserved FROM portfolio_reservations WHERE account_id = $1",
    [account],
  );
  return Number(rows.rows[0]!.reserved);
}

describe('cancel and modify', () => {
  it('DELETE cancels a working order when execution confirms, and releases its hold', async () => {
    const order = await place(limitBuy({ limitPriceTicks: 8_000, quantityLots: 5 }));
    await h.waitForOrder(alice, order.id, (o) => o.status === 'accepted', 'acceptance');
    const holdBefore = await reservedMinor(account);
    h.venue.paused = true;
    const response = await h.call('DELETE', `/v1/orders/${order.id}`, { as: alice });
    assert.equal(response.statusCode, 202, response.body);
    assert.equal(response.json().cancelPending, true);
    const again = await h.call('DELETE', `/v1/orders/${order.id}`, { as: alice });
    assert.deepEqual([again.statusCode, again.json().cancelPending], [202, true], 'a second cancel while one is pending is accepted and sends nothing more');
    await h.waitFor(() => h.venue.commands.some((c) => c.kind === 'cancel' && c.orderId === order.id), 'the cancel command');
    await h.venue.resume();
    const cancelled = await h.waitForOrder(alice, order.id, (o) => o.status === 'cancelled', 'the cancel');
    assert.equal(cancelled.rejectReason, 'BOOK_USER_CANCELLED');
    assert.equal(h.venue.commands.filter((c) => c.kind === 'cancel' && c.orderId === order.id).length, 1);
    await h.waitFor(async () => (await reservedMinor(account)) === holdBefore - 5 * 8_000, 'the hold to be released');
    const late = await h.call('DELETE', `/v1/orders/${order.id}`, { as: alice });
    assert.deepEqual([late.statusCode, late.json().error.code], [409, 'ORDER_NOT_OPEN']);
  });

  it('PATCH changes quantity and price once execution confirms; a larger order needs buying power first', async () => {
    const order = await place(limitBuy({ limitPriceTicks: 7_000, quantityLots: 5 }));
    await h.waitForOrder(alice, order.id, (o) => o.status === 'accepted', 'acceptance');
    h.venue.paused = true;
    const patch = await h.call('PATCH', `/v1/orders/${order.id}`, { as: alice, body: { quantityLots: 8, limitPriceTicks: 7_100 } });
    assert.equal(patch.statusCode, 202, patch.body);
    assert.deepEqual([patch.json().pendingModification.quantityLots, patch.json().quantityLots], [8, 5], 'pending until execution confirms');
    await h.waitFor(() => h.venue.commands.some((c) => c.kind === 'replace' && c.orderId === order.id), 'the replace command');
    const busy = await h.call('PATCH', `/v1/orders/${order.id}`, { as: alice, body: { quantityLots: 9 } });
    assert.deepEqual([busy.statusCode, busy.json().error.code, busy.json().error.details.refusal], [409, 'ORDER_NOT_MODIFIABLE', 'replace-pending']);
    await h.venue.resume();
    const modified = await h.waitForOrder(alice, order.id, (o) => o.quantityLots === 8 && o.pendingModification === null, 'the replace');
    assert.equal(modified.limitPriceTicks, 7_100);
    const nothing = await h.call('PATCH', `/v1/orders/${order.id}`, { as: alice, body: { quantityLots: 8, limitPriceTicks: 7_100 } });
    assert.deepEqual([nothing.statusCode, nothing.json().error.code], [422, 'ORDER_MODIFY_INVALID']);
    const stop = await h.call('PATCH', `/v1/orders/${order.id}`, { as: alice, body: { stopPriceTicks: 1 } });
    assert.equal(stop.json().error.code, 'ORDER_MODIFY_INVALID');
    const huge = await h.call('PATCH', `/v1/orders/${order.id}`, { as: alice, body: { quantityLots: 900_000 } });
    assert.deepEqual([huge.statusCode, huge.json().error.code, huge.json().error.details.reason], [422, 'ORDER_MODIFY_REJECTED', 'PORTFOLIO_INSUFFICIENT_BUYING_POWER']);
    await h.call('DELETE', `/v1/orders/${order.id}`, { as: alice });
  });

  it('DELETE /v1/orders cancels every open order of the caller (optionally one symbol), not other symbols', async () => {
    await h.instrument(stock('BETA'));
    const a = await place(limitBuy({ limitPriceTicks: 6_000, quantityLots: 1 }));
    const b = await place(limitBuy({ limitPriceTicks: 6_000, quantityLots: 1 }));
    const other = await place(limitBuy({ symbol: 'BETA', limitPriceTicks: 6_000, quantityLots: 1 }));
    for (const id of [a.id, b.id, other.id]) await h.waitForOrder(alice, id, (o) => o.status === 'accepted', 'acceptance');
    const response = await h.call('DELETE', '/v1/orders?symbol=ACME', { as: alice });
    assert.equal(response.statusCode, 202, response.body);
    assert.ok(response.json().orderIds.includes(a.id) && response.json().orderIds.includes(b.id));
    assert.ok(!response.json().orderIds.includes(other.id));
    for (const id of [a.id, b.id]) await h.waitForOrder(alice, id, (o) => o.status === 'cancelled', 'cancel-all');
    assert.equal((await h.call('GET', `/v1/orders/${other.id}`, { as: alice })).json().status, 'accepted');
  });
});

describe('events', () => {
  it('every change of an order is in the outbox with orders.updated, routing with orders.created and a submit command', async () => {
    const order = await place(limitBuy({ limitPriceTicks: 5_500, quantityLots: 2 }));
    await h.waitForOrder(alice, order.id, (o) => o.status === 'accepted', 'acceptance');
    await h.call('DELETE', `/v1/orders/${order.id}`, { as: alice });
    await h.waitForOrder(alice, order.id, (o) => o.status === 'cancelled', 'the cancel');
    const rows = await h.deps.db.query<{ topic: string; payload: { change?: string; kind?: string } }>(
      "SELECT topic, payload FROM outbox WHERE payload->'order'->>'id' = $1 OR payload->>'orderId' = $1 ORDER BY seq",
      [order.id],
    );
    const seen = rows.rows.map((row) => (row.topic === 'orders.updated' ? `updated:${row.payload.change}` : row.topic === 'orders.commands' ? `command:${row.payload.kind}` : row.topic));
    assert.deepEqual(seen, ['updated:received', 'command:submit', 'orders.created', 'updated:routed', 'updated:accepted', 'command:cancel', 'updated:cancel-requested', 'updated:cancelled']);
  });
});
