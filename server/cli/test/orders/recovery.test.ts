// What happens when parts fail: the portfolio refusing the service token (orders wait in `new`
// and are routed by the recovery sweep once it answers), commands lost with an in-process bus
// across a restart (re-sent with their original command ids), and execution reports that
// contradict their order (kept as anomalies, never applied; a re-sent fill is booked once).
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createEnvelope } from '@kestrel/server-common';
import type { ExecutionReportPayload } from '@kestrel/shared';
import { OrderHarness, stock, type TestUser } from './support/harness.js';

let h: OrderHarness;
let alice: TestUser;
let account: string;

const order = (clientOrderId: string) => ({ clientOrderId, accountId: account, symbol: 'ACME', side: 'buy', type: 'limit', timeInForce: 'GTC', quantityLots: 2, limitPriceTicks: 5_000 });

before(async () => {
  // The order service starts with a token the portfolio does not accept.
  h = await OrderHarness.start({ env: { KESTREL_ORDER_PORTFOLIO_SERVICE_TOKEN: 'x'.repeat(40) } });
  alice = await h.user('trader');
  account = await h.account(alice, 10_000_000);
  await h.instrument(stock('ACME'));
});
after(() => h?.close());

it('an order the portfolio cannot check waits in `new`; the sweep routes it once the portfolio answers', async () => {
  const placed = await h.call('POST', '/v1/orders', { as: alice, body: order('wait-1') });
  assert.equal(placed.statusCode, 201, placed.body);
  assert.equal(placed.json().status, 'new');
  await h.settle();
  assert.ok(!h.venue.commands.some((c) => c.kind === 'submit' && c.order.id === placed.json().id), 'nothing routed without a buying-power answer');
  const cancelWhileChecking = await h.call('POST', '/v1/orders', { as: alice, body: order('wait-2') });
  const cancelled = await h.call('DELETE', `/v1/orders/${cancelWhileChecking.json().id}`, { as: alice });
  assert.deepEqual([cancelled.json().status, cancelled.json().rejectReason], ['cancelled', 'BOOK_USER_CANCELLED'], 'not yet routed: cancelled at once');

  await h.restart({ KESTREL_ORDER_PORTFOLIO_SERVICE_TOKEN: h.env.KESTREL_PORTFOLIO_SERVICE_TOKEN!, KESTREL_ORDER_SWEEP_INTERVAL_MS: '100' });
  await h.time.advanceBy(2_000);
  await h.waitForOrder(alice, placed.json().id, (o) => o.status === 'accepted', 'the sweep to route the waiting order');
  await h.restart({ KESTREL_ORDER_SWEEP_INTERVAL_MS: '600000' });
});

it('commands lost with the in-process bus across a restart are re-sent with their original ids', async () => {
  await h.venue.detach();
  const placed = await h.call('POST', '/v1/orders', { as: alice, body: order('lost-1') });
  assert.equal(placed.json().status, 'new');
  await h.settle();
  const stored = await h.deps.db.query<{ submit_command_id: string }>('SELECT submit_command_id FROM order_orders WHERE id = $1', [placed.json().id]);
  const commandId = stored.rows[0]!.submit_command_id;
  await h.restart();
  await h.waitForOrder(alice, placed.json().id, (o) => o.status === 'accepted', 'the re-sent submit');
  const submits = h.venue.commands.filter((c) => c.kind === 'submit' && c.order.id === placed.json().id);
  assert.deepEqual(submits.map((c) => c.commandId), [commandId]);
});

async function report(payload: ExecutionReportPayload): Promise<string> {
  const event = createEnvelope('orders.reports', 'accountId' in payload ? payload.accountId : 'risk', payload);
  await h.deps.bus.publish(event);
  await h.waitFor(
    async () => (await h.deps.db.query('SELECT 1 FROM processed_events WHERE consumer_group = $1 AND event_id = $2', ['order.reports', event.id])).rowCount === 1,
    'the report to be handled',
  );
  return event.id;
}

it('contradicting reports are kept as anomalies and never applied; a re-sent fill is booked once', async () => {
  const at = new Date(h.time.now()).toISOString();
  const unknownEvent = await report({ kind: 'accepted', orderId: randomUUID(), accountId: account, at });
  const anomaly = await h.deps.db.query('SELECT note FROM order_report_anomalies WHERE event_id = $1', [unknownEvent]);
  assert.equal(anomaly.rows[0]?.note, 'report for an unknown order');

  const placed = await h.call('POST', '/v1/orders', { as: alice, body: order('anomaly-1') });
  const id = placed.json().id as string;
  await h.waitForOrder(alice, id, (o) => o.status === 'accepted', 'acceptance');
  const fill = (quantityLots: number, executionId = randomUUID()) => ({
    kind: 'fill' as const,
    orderId: id,
    accountId: account,
    at,
    execution: {
      id: executionId,
      orderId: id,
      clientOrderId: 'anomaly-1',
      accountId: account,
      symbol: 'ACME',
      side: 'buy' as const,
      priceTicks: 5_000,
      quantityLots,
      liquidity: 'maker' as const,
      feeMinor: 0,
      venue: 'TEST',
      venueExecutionId: null,
      engineSequence: null,
      executedAt: at,
      recordedAt: at,
    },
  });
  const overFill = await report(fill(3));
  assert.match((await h.deps.db.query('SELECT note FROM order_report_anomalies WHERE event_id = $1', [overFill])).rows[0]?.note, /exceeds the 2 lots left/);
  assert.equal((await h.call('GET', `/v1/orders/${id}`, { as: alice })).json().filledQuantityLots, 0);
  const executionId = randomUUID();
  await report(fill(1, executionId));
  await report(fill(1, executionId));
  const after = (await h.call('GET', `/v1/orders/${id}`, { as: alice })).json();
  assert.deepEqual([after.status, after.filledQuantityLots], ['partially_filled', 1], 'the same execution id under a new event id is booked once');
});

it('a check the portfolio refuses outright (a requirement beyond 2^53 minor units) rejects the order instead of retrying forever', async () => {
  await h.instrument(stock('HUGE'));
  await h.trade('HUGE', 900_000_000_000);
  const placed = await h.call('POST', '/v1/orders', {
    as: alice,
    body: { clientOrderId: 'huge-1', accountId: account, symbol: 'HUGE', side: 'buy', type: 'market', timeInForce: 'IOC', quantityLots: 1_000_000 },
  });
  assert.deepEqual([placed.json().status, placed.json().rejectReason], ['rejected', 'PORTFOLIO_INSUFFICIENT_BUYING_POWER']);
});
