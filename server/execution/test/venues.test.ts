// External venues end to end on real PostgreSQL and the real engine, with the Binance Spot order
// adapter talking to the loopback fixture venue (test/support/binance-spot-fixture.ts — the one
// stand-in: a broker's live API cannot exist here). An order the router splits goes partly to the
// internal book and partly to the venue as a signed IOC LIMIT; the venue's fills come back through
// the user data stream into the engine, PostgreSQL (execution_fills with venue + venue execution
// id) and orders.executed, once each even when the venue repeats a report; a venue rejection ends
// the parent with a cancelled report for the unfilled rest.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Value } from '@sinclair/typebox/value';
import { ExecutionReportPayloadSchema, OrderExecutedPayloadSchema, type Order } from '@kestrel/shared';
import { BinanceSpotFixture } from './support/binance-spot-fixture.js';
import { BTC, ExecutionHarness, order, until, type OutboxRow } from './support/harness.js';

const maker = randomUUID();
const taker = randomUUID();

function reports(rows: OutboxRow[], orderId: string): OutboxRow['payload'][] {
  return rows.filter((row) => row.topic === 'orders.reports' && row.payload.orderId === orderId).map((row) => row.payload);
}

describe('external venue (Binance Spot order API, fixture venue)', () => {
  let fixture: BinanceSpotFixture;
  let harness: ExecutionHarness;
  let engineSymbol: number;
  const submit = (o: Order) => harness.send({ kind: 'submit', commandId: randomUUID(), order: o, instrument: BTC }, o.accountId);

  before(async () => {
    fixture = await BinanceSpotFixture.start();
    harness = await ExecutionHarness.start({
      KESTREL_EXECUTION_VENUES: '1=BINANCE:binance-spot',
      KESTREL_EXECUTION_BINANCE_REST_URL: fixture.restUrl,
      KESTREL_EXECUTION_BINANCE_STREAM_URL: fixture.streamUrl,
      KESTREL_EXECUTION_BINANCE_SYMBOLS: 'BTCUSD=BTCUSDT:0.00001:0.01',
      KESTREL_EXECUTION_BINANCE_API_KEY: fixture.apiKey,
      KESTREL_EXECUTION_BINANCE_API_SECRET: fixture.apiSecret,
      KESTREL_EXECUTION_BINANCE_FEE_ASSETS: 'USDT=USD',
    });
    assert.ok(harness.venueGateway, 'the venue gateway runs');
    assert.equal(fixture.connections, 1, 'the user data stream is open');
    // Resting internal liquidity, then a better venue quote the router should prefer.
    await submit(order({ accountId: maker, side: 'sell', quantityLots: 10, limitPriceTicks: 2_712_350, symbol: 'BTCUSD' }));
    engineSymbol = Number((await harness.deps.db.query<{ engine_symbol: number }>("SELECT engine_symbol FROM execution_symbols WHERE symbol = 'BTCUSD'")).rows[0]!.engine_symbol);
  });
  after(async () => {
    await harness.close();
    await fixture.close();
  });

  it('routes the better-priced part to the venue, books its fills once with venue and execution id, publishes orders.executed', async () => {
    harness.shards.get('main')!.setVenueDepth(1, engineSymbol, { bids: [], asks: [{ price: 2_712_345, quantity: 150 }] });
    const bid = order({ accountId: taker, side: 'buy', quantityLots: 160, limitPriceTicks: 2_712_350, symbol: 'BTCUSD', timeInForce: 'IOC' });
    await submit(bid);
    await harness.venueGateway!.settled();
    const sent = [...fixture.orders.values()].at(-1)!;
    const request = fixture.requests.find((r) => r.method === 'POST' && r.params.get('newClientOrderId') === sent.clientOrderId)!;
    assert.equal(request.signatureValid, true);
    assert.deepEqual([sent.symbol, sent.side, sent.timeInForce, sent.price, sent.quantity], ['BTCUSDT', 'BUY', 'IOC', '27123.45', '0.00150']);

    // Commissions: 0.1 % in USDT (2.712345 cents: rounded half to even to 3), then one paid in BNB.
    fixture.trade(sent, 9001, '27123.45000000', '0.00100000', '0.00100000', false, 1_772_461_800_100, '0.02712345', 'USDT');
    fixture.trade(sent, 9001, '27123.45000000', '0.00100000', '0.00100000', false, 1_772_461_800_100, '0.02712345', 'USDT');
    fixture.trade(sent, 9002, '27123.44000000', '0.00050000', '0.00150000', true, 1_772_461_800_200, '0.00001350', 'BNB');
    const executed = await until('three executions of the bid', async () => {
      const rows = (await harness.outbox()).filter((r) => r.topic === 'orders.executed' && (r.payload as { execution: { orderId: string } }).execution.orderId === bid.id);
      return rows.length >= 3 ? rows : undefined;
    });
    await harness.venueGateway!.settled();
    const rows = await harness.outbox();
    for (const row of rows.filter((r) => r.topic === 'orders.reports')) assert.ok(Value.Check(ExecutionReportPayloadSchema, row.payload), JSON.stringify(row.payload));
    for (const row of executed) assert.ok(Value.Check(OrderExecutedPayloadSchema, row.payload), JSON.stringify([...Value.Errors(OrderExecutedPayloadSchema, row.payload)].slice(0, 2)));
    assert.deepEqual(reports(rows, bid.id).map((p) => p.kind), ['accepted', 'fill', 'fill', 'fill']);
    const executions = executed.map((r) => (r.payload as { execution: Record<string, unknown> }).execution);
    assert.deepEqual(
      executions.map((e) => [e.venue, e.venueExecutionId, e.priceTicks, e.quantityLots]),
      [
        ['KESTREL', null, 2_712_350, 10],
        ['BINANCE', 'BTCUSDT:9001', 2_712_345, 100],
        ['BINANCE', 'BTCUSDT:9002', 2_712_344, 50],
      ],
    );
    // The venue's transaction time (`T`) is the execution time; a USDT commission is the fee (USDT=USD), a BNB one is not.
    assert.deepEqual(
      executions.map((e) => [e.venue, e.executedAt, e.feeMinor]),
      [
        ['KESTREL', '2026-03-02T14:30:00.000Z', 0],
        ['BINANCE', '2026-03-02T14:30:00.100Z', 3],
        ['BINANCE', '2026-03-02T14:30:00.200Z', 0],
      ],
    );
    const { rows: detail } = await harness.deps.db.query<{ venue_execution_id: string; received_at: Date | null; venue_commission: string | null; venue_commission_asset: string | null }>(
      "SELECT execution->>'venueExecutionId' AS venue_execution_id, received_at, venue_commission, venue_commission_asset FROM execution_fills WHERE order_id = $1 ORDER BY execution->>'venueExecutionId' NULLS FIRST",
      [bid.id],
    );
    assert.deepEqual(
      detail.map((d) => [d.venue_execution_id, d.venue_commission, d.venue_commission_asset, d.received_at === null]),
      [
        [null, null, null, true],
        ['BTCUSDT:9001', '0.02712345', 'USDT', false],
        ['BTCUSDT:9002', '0.00001350', 'BNB', false],
      ],
      'the raw commission and the local receive time stay on the venue fills\' records',
    );
    const last = executed.at(-1)!.payload as unknown as { order: Record<string, unknown> };
    assert.deepEqual(last.order, {
      id: bid.id,
      status: 'filled',
      filledQuantityLots: 160,
      remainingQuantityLots: 0,
      averageFillPrice: { numerator: String(2_712_350 * 10 + 2_712_345 * 100 + 2_712_344 * 50), denominator: '160' },
    });
    const { rows: fills } = await harness.deps.db.query<{ execution: { venue: string } }>('SELECT execution FROM execution_fills WHERE order_id = $1', [bid.id]);
    assert.equal(fills.filter((f) => f.execution.venue === 'BINANCE').length, 2);
    const { rows: totals } = await harness.deps.db.query<{ filled_lots: string }>('SELECT filled_lots FROM execution_orders WHERE order_id = $1', [bid.id]);
    assert.equal(totals[0]!.filled_lots, '160');
    assert.equal(harness.shards.get('main')!.engine.riskAccount(Number((await harness.deps.db.query<{ engine_account: string }>('SELECT engine_account FROM execution_accounts WHERE account_id = $1', [taker])).rows[0]!.engine_account), engineSymbol).position, 160n);

    // A report replayed later (e.g. reconcile after a restart) books nothing.
    const before = (await harness.outbox()).length;
    const child = (await harness.deps.db.query<{ id: string }>('SELECT id FROM execution_venue_children ORDER BY id DESC LIMIT 1')).rows[0]!;
    await harness.venueGateway!.applyFill({ id: 1, name: 'BINANCE', adapter: undefined as never }, { clientOrderId: `kestrel-${child.id}`, venueExecutionId: 'BTCUSDT:9002', priceTicks: 2_712_344, quantityLots: 50, timestampNs: 1n, receivedAtNs: 2n, liquidity: 'taker', commission: null });
    assert.equal((await harness.outbox()).length, before);

    const metrics = (await harness.app.inject({ method: 'GET', url: '/metrics' })).body;
    for (const series of ['kestrel_venue_connected{venue="BINANCE"} 1', 'kestrel_venue_orders_total{venue="BINANCE",outcome="sent"} 1', 'kestrel_venue_reports_total{venue="BINANCE",kind="fill"} 2', 'kestrel_venue_reports_total{venue="BINANCE",kind="duplicate"} 1']) {
      assert.ok(metrics.split('\n').includes(series), `${series} in ${metrics.split('\n').filter((l) => l.startsWith('kestrel_venue')).join(' | ')}`);
    }
  });

  it('the venue\'s streamed depth drives the router: a better quoted ask gets the order', async () => {
    const applied = harness.venueGateway!.depthUpdates;
    fixture.depth('BTCUSDT', [['27120.00000000', '1.00000000']], [['27121.00000000', '0.00020000'], ['27121.50000000', '0.00010000']]);
    await until('the depth applied', async () => (harness.venueGateway!.depthUpdates > applied ? true : undefined));
    const bid = order({ accountId: taker, side: 'buy', quantityLots: 25, limitPriceTicks: 2_712_150, symbol: 'BTCUSD', timeInForce: 'IOC' });
    await submit(bid);
    await harness.venueGateway!.settled();
    const sent = [...fixture.orders.values()].at(-1)!;
    assert.deepEqual([sent.side, sent.timeInForce, sent.price, sent.quantity], ['BUY', 'IOC', '27121.50', '0.00025'], 'one take child, limit = worst price taken, 20 + 5 lots');
    fixture.trade(sent, 9400, '27121.00', '0.00020', '0.00020', false);
    fixture.trade(sent, 9401, '27121.50', '0.00005', '0.00025', true);
    const executed = await until('the venue fills', async () => {
      const rows = (await harness.outbox()).filter((r) => r.topic === 'orders.executed' && (r.payload as { execution: { orderId: string } }).execution.orderId === bid.id);
      return rows.length === 2 ? rows : undefined;
    });
    assert.deepEqual(
      executed.map((r) => (r.payload as { execution: { priceTicks: number; quantityLots: number } }).execution).map((e) => [e.priceTicks, e.quantityLots]),
      [
        [2_712_100, 20],
        [2_712_150, 5],
      ],
    );
    // Empty the venue's quote again so later orders are not routed there by this stream's last frame.
    fixture.depth('BTCUSDT', [], []);
    await until('the depth emptied', async () => (harness.venueGateway!.depthUpdates > applied + 1 ? true : undefined));
  });

  it('cancelling a routed order cancels its child at the venue; the venue\'s CANCELED ends the order with the unfilled rest', async () => {
    harness.shards.get('main')!.setVenueDepth(1, engineSymbol, { bids: [], asks: [{ price: 2_712_250, quantity: 40 }] });
    const bid = order({ accountId: taker, side: 'buy', quantityLots: 40, limitPriceTicks: 2_712_250, symbol: 'BTCUSD', timeInForce: 'IOC' });
    await submit(bid);
    await harness.venueGateway!.settled();
    const sent = [...fixture.orders.values()].at(-1)!;
    fixture.trade(sent, 9600, '27122.50', '0.00015', '0.00015', false);
    await until('the partial fill', async () => ((await harness.outbox()).some((r) => r.topic === 'orders.executed' && (r.payload as { execution: { orderId: string } }).execution.orderId === bid.id) ? true : undefined));
    await harness.send({ kind: 'cancel', commandId: randomUUID(), orderId: bid.id, accountId: taker, symbol: 'BTCUSD' }, taker);
    const cancelled = await until('the cancelled report', async () => {
      await harness.venueGateway!.settled();
      return reports(await harness.outbox(), bid.id).find((p) => p.kind === 'cancelled');
    });
    const cancelRequest = fixture.requests.filter((r) => r.method === 'DELETE').at(-1)!;
    assert.deepEqual([cancelRequest.signatureValid, cancelRequest.params.get('origClientOrderId')], [true, sent.clientOrderId]);
    assert.deepEqual(reports(await harness.outbox(), bid.id).map((p) => p.kind), ['accepted', 'fill', 'cancelled']);
    assert.equal(cancelled.reason, 'BOOK_USER_CANCELLED');
    assert.equal(cancelled.cancelledQuantityLots, 25);
    assert.deepEqual(harness.shards.get('main')!.engine.routedParents(), []);
  });

  it('a venue rejection ends the routed order: cancelled for the unfilled rest with the venue reason logged on the child', async () => {
    harness.shards.get('main')!.setVenueDepth(1, engineSymbol, { bids: [], asks: [{ price: 2_712_300, quantity: 50 }] });
    fixture.refuseNextOrder = 'insufficientBalance';
    const bid = order({ accountId: taker, side: 'buy', quantityLots: 50, limitPriceTicks: 2_712_300, symbol: 'BTCUSD', timeInForce: 'IOC' });
    await submit(bid);
    const cancelled = await until('the cancelled report', async () => {
      await harness.venueGateway!.settled();
      return reports(await harness.outbox(), bid.id).find((p) => p.kind === 'cancelled');
    });
    assert.deepEqual(reports(await harness.outbox(), bid.id).map((p) => p.kind), ['accepted', 'cancelled']);
    assert.equal(cancelled.reason, 'ROUTE_VENUE_UNAVAILABLE');
    assert.equal(cancelled.cancelledQuantityLots, 50);
    const { rows } = await harness.deps.db.query<{ state: string; done_reason: string }>('SELECT state, done_reason FROM execution_venue_children ORDER BY id DESC LIMIT 1');
    assert.equal(rows[0]!.state, 'done');
    assert.match(rows[0]!.done_reason, /rejected: .*-2010 Account has insufficient balance/);
    assert.deepEqual(harness.shards.get('main')!.engine.routedParents(), []);
  });

  it('after a restart, a child still open at the venue is reconciled: fills missed while down are booked once', async () => {
    harness.shards.get('main')!.setVenueDepth(1, engineSymbol, { bids: [], asks: [{ price: 2_712_200, quantity: 30 }] });
    const bid = order({ accountId: taker, side: 'buy', quantityLots: 30, limitPriceTicks: 2_712_200, symbol: 'BTCUSD', timeInForce: 'IOC' });
    await submit(bid);
    await harness.venueGateway!.settled();
    const sent = [...fixture.orders.values()].at(-1)!;
    assert.equal(sent.quantity, '0.00030');
    await harness.stop();
    assert.equal(fixture.connections, 0);
    // The venue fills it while Kestrel is down: the report reaches nobody.
    fixture.trade(sent, 9500, '27122.00000000', '0.00030000', '0.00030000', true, 1_772_461_900_000, '0.08000000', 'USDT');
    await harness.boot();
    const executed = await until('the reconciled fill', async () => {
      await harness.venueGateway!.settled();
      const rows = (await harness.outbox()).filter((r) => r.topic === 'orders.executed' && (r.payload as { execution: { orderId: string } }).execution.orderId === bid.id);
      return rows.length > 0 ? rows : undefined;
    });
    const execution = (executed[0]!.payload as { execution: Record<string, unknown> }).execution;
    assert.deepEqual([execution.venue, execution.venueExecutionId, execution.priceTicks, execution.quantityLots], ['BINANCE', 'BTCUSDT:9500', 2_712_200, 30]);
    assert.deepEqual([execution.executedAt, execution.feeMinor], ['2026-03-02T14:31:40.000Z', 8], 'a reconciled fill (myTrades) keeps the venue time and commission too');
    assert.deepEqual(reports(await harness.outbox(), bid.id).map((p) => p.kind), ['accepted', 'fill']);
    const { rows } = await harness.deps.db.query<{ state: string }>("SELECT state FROM execution_venue_children WHERE state = 'open'");
    assert.deepEqual(rows, [], 'no child left open');
    assert.deepEqual(harness.shards.get('main')!.engine.routedParents(), []);
    // A child committed in the engine but never recorded or sent (the process stopped in between):
    // simulated by removing its row before stopping; the next start ends it so its order finishes.
    harness.shards.get('main')!.setVenueDepth(1, engineSymbol, { bids: [], asks: [{ price: 2_712_150, quantity: 10 }] });
    const lost = order({ accountId: taker, side: 'buy', quantityLots: 10, limitPriceTicks: 2_712_150, symbol: 'BTCUSD', timeInForce: 'IOC' });
    await submit(lost);
    await harness.venueGateway!.settled();
    await harness.deps.db.query('DELETE FROM execution_venue_children WHERE parent_order_id = $1', [lost.id]);
    await harness.stop();
    await harness.boot();
    assert.deepEqual(reports(await harness.outbox(), lost.id).map((p) => [p.kind, p.reason ?? null]), [['accepted', null], ['cancelled', 'ROUTE_VENUE_UNAVAILABLE']]);
    assert.deepEqual(harness.shards.get('main')!.engine.routedParents(), []);

    // Reconciling again (another restart) books nothing new.
    const before = (await harness.outbox()).length;
    await harness.stop();
    await harness.boot();
    await harness.venueGateway!.settled();
    assert.equal((await harness.outbox()).length, before);
  });
});
