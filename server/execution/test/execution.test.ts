// The execution boundary end to end on real PostgreSQL and the real engine: a contract limit order
// crossing resting liquidity is filled once, persisted, and published on orders.reports and
// orders.executed with everything the portfolio needs; a restart on the same data dir and database
// recovers the engine (same state hash, the book still there) and never duplicates a fill, even
// for re-sent commands; a journal ahead of the database is rebuilt from the stored inputs; risk
// limits and kill switches are applied by the engine's risk manager and refusals carry its code.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Value } from '@sinclair/typebox/value';
import { ExecutionReportPayloadSchema, OrderExecutedPayloadSchema, type OrderCommandPayload } from '@kestrel/shared';
import { ExecutionHarness, STOCK, order, type OutboxRow } from './support/harness.js';

const maker = randomUUID();
const taker = randomUUID();

function reports(rows: OutboxRow[], orderId: string): string[] {
  return rows.filter((row) => row.topic === 'orders.reports' && row.payload.orderId === orderId).map((row) => String(row.payload.kind));
}

describe('execution service', () => {
  let harness: ExecutionHarness;
  before(async () => {
    harness = await ExecutionHarness.start();
  });
  after(async () => {
    await harness.close();
  });

  it('fills a crossing limit order once and publishes reports and orders.executed', async () => {
    const ask = order({ accountId: maker, side: 'sell', quantityLots: 10, limitPriceTicks: 10_010 });
    await harness.submit(ask);
    const bid = order({ accountId: taker, side: 'buy', quantityLots: 4, limitPriceTicks: 10_020, lotSelection: { method: 'fifo' } });
    await harness.submit(bid);

    const rows = await harness.outbox();
    for (const row of rows.filter((r) => r.topic === 'orders.reports')) assert.ok(Value.Check(ExecutionReportPayloadSchema, row.payload), JSON.stringify(row.payload));
    assert.deepEqual(reports(rows, ask.id), ['accepted', 'fill']);
    assert.deepEqual(reports(rows, bid.id), ['accepted', 'fill']);
    const executed = rows.filter((row) => row.topic === 'orders.executed');
    assert.equal(executed.length, 2);
    for (const row of executed) assert.ok(Value.Check(OrderExecutedPayloadSchema, row.payload), JSON.stringify([...Value.Errors(OrderExecutedPayloadSchema, row.payload)].slice(0, 2)));
    const buy = executed.find((row) => row.key === taker)!.payload as unknown as { execution: Record<string, unknown>; order: Record<string, unknown>; instrument: unknown; lotSelection: unknown };
    assert.equal(buy.execution.priceTicks, 10_010, 'trades at the resting price');
    assert.equal(buy.execution.quantityLots, 4);
    assert.equal(buy.execution.liquidity, 'taker');
    assert.equal(buy.execution.venue, 'KESTREL');
    assert.deepEqual(buy.order, { id: bid.id, status: 'filled', filledQuantityLots: 4, remainingQuantityLots: 0, averageFillPrice: { numerator: '40040', denominator: '4' } });
    assert.deepEqual(buy.instrument, STOCK);
    assert.deepEqual(buy.lotSelection, { method: 'fifo' });
    const sell = executed.find((row) => row.key === maker)!.payload as unknown as { order: Record<string, unknown> };
    assert.equal(sell.order.status, 'partially_filled');
    assert.equal(sell.order.remainingQuantityLots, 6);
    const { rows: fills } = await harness.deps.db.query('SELECT order_id FROM execution_fills');
    assert.equal(fills.length, 2);
    assert.deepEqual(harness.shards.get('main')!.engine.depth(1, 'sell', 5), [{ price: 10_010, quantity: 6n, orderCount: 1 }]);
  });

  it('survives a restart: engine recovered, re-sent commands are no-ops, no fill duplicated', async () => {
    const before = harness.shards.get('main')!.engine.stateHashes().combined;
    const resting = order({ accountId: taker, side: 'buy', quantityLots: 3, limitPriceTicks: 9_990 });
    const submit: OrderCommandPayload = { kind: 'submit', commandId: randomUUID(), order: resting, instrument: STOCK };
    await harness.send(submit, taker);
    const hashWithResting = harness.shards.get('main')!.engine.stateHashes().combined;
    assert.notEqual(hashWithResting, before);
    const outboxBefore = (await harness.outbox()).length;

    await harness.stop();
    await harness.boot();
    const shard = harness.shards.get('main')!;
    assert.equal(shard.engine.stateHashes().combined, hashWithResting, 'the engine state is recovered');
    assert.equal(shard.recovery.action, 'none');
    assert.equal(shard.engine.findOrder(1, BigInt((await harness.deps.db.query<{ engine_order_id: string }>('SELECT engine_order_id FROM execution_orders WHERE order_id = $1', [resting.id])).rows[0]!.engine_order_id))?.open, 3);

    // The order service re-sends what it never saw answered: same command id -> nothing happens;
    // another command id for the same order -> still nothing (the order is known).
    await harness.deps.bus.publish((await import('@kestrel/server-common')).createEnvelope('orders.commands', taker, submit));
    await harness.send({ ...submit, commandId: randomUUID() }, taker);
    assert.equal((await harness.outbox()).length, outboxBefore);

    // Trading continues after the restart with the recovered book.
    const sweep = order({ accountId: maker, side: 'sell', quantityLots: 3, limitPriceTicks: 9_990, timeInForce: 'IOC' });
    await harness.submit(sweep);
    const rows = await harness.outbox();
    assert.deepEqual(reports(rows, resting.id), ['accepted', 'fill']);
    const { rows: fills } = await harness.deps.db.query<{ n: string }>('SELECT count(*) AS n FROM execution_fills');
    assert.equal(Number(fills[0]!.n), 4);
    const ids = rows.filter((row) => row.topic === 'orders.executed').map((row) => (row.payload as { execution: { id: string } }).execution.id);
    assert.equal(new Set(ids).size, ids.length, 'no execution published twice');
  });

  it('rebuilds the engine from the stored inputs when its journal is ahead of the database', async () => {
    const shard = harness.shards.get('main')!;
    const hash = shard.engine.stateHashes().combined;
    // A request journaled by the engine whose transaction never committed (crash in between).
    shard.apply({ kind: 'command', command: { type: 'new_order', symbol: 1, orderId: 999_999, account: 5, side: 'buy', price: 9_000, quantity: 1, timestamp: shard.timestamp() } });
    assert.notEqual(shard.engine.stateHashes().combined, hash);
    await harness.stop();
    await harness.boot();
    const rebuilt = harness.shards.get('main')!;
    assert.equal(rebuilt.recovery.action, 'rebuilt');
    assert.equal(rebuilt.engine.stateHashes().combined, hash, 'state equals what the database describes');
    assert.equal(rebuilt.engine.findOrder(1, 999_999), null);
  });

  it('applies risk limits and kill switches; denials carry the engine code by name', async () => {
    const limit: OrderCommandPayload = { kind: 'set-risk-limits', commandId: randomUUID(), scope: 'default', accountId: null, limits: { maxOrderQuantityLots: 5 } };
    await harness.send(limit, 'risk');
    const big = order({ accountId: taker, side: 'buy', quantityLots: 6, limitPriceTicks: 9_000 });
    await harness.submit(big);
    let rows = await harness.outbox();
    const applied = rows.find((row) => row.topic === 'orders.reports' && row.payload.commandId === limit.commandId)!;
    assert.equal(applied.key, 'risk');
    assert.deepEqual({ kind: applied.payload.kind, applied: applied.payload.applied, reason: applied.payload.reason }, { kind: 'risk-applied', applied: true, reason: null });
    const rejected = rows.find((row) => row.topic === 'orders.reports' && row.payload.orderId === big.id)!;
    assert.equal(rejected.payload.kind, 'rejected');
    assert.equal(rejected.payload.reason, 'RISK_MAX_ORDER_QUANTITY');
    assert.match(String(rejected.payload.message), /max_order_quantity/);

    const small = order({ accountId: taker, side: 'buy', quantityLots: 2, limitPriceTicks: 9_000 });
    await harness.submit(small);
    await harness.send({ kind: 'set-kill-switch', commandId: randomUUID(), scope: 'account', accountId: taker, mode: 'cancel_all' }, taker);
    rows = await harness.outbox();
    const cancelled = rows.filter((row) => row.topic === 'orders.reports' && row.payload.orderId === small.id).map((row) => row.payload);
    assert.deepEqual(cancelled.map((p) => [p.kind, p.reason ?? null]), [['accepted', null], ['cancelled', 'RISK_KILL_SWITCH_CANCELLED']]);
    const blocked = order({ accountId: taker, side: 'buy', quantityLots: 1, limitPriceTicks: 9_000 });
    await harness.submit(blocked);
    rows = await harness.outbox();
    const refused = rows.find((row) => row.topic === 'orders.reports' && row.payload.orderId === blocked.id)!;
    assert.equal(refused.payload.kind, 'rejected');
    assert.match(String(refused.payload.reason), /^RISK_KILL_SWITCH/);
  });

  it('answers cancels and replaces per the contract', async () => {
    const resting = order({ accountId: maker, side: 'sell', quantityLots: 5, limitPriceTicks: 10_500 });
    await harness.submit(resting);
    const replace: OrderCommandPayload = { kind: 'replace', commandId: randomUUID(), orderId: resting.id, accountId: maker, symbol: STOCK.symbol, quantityLots: 4, limitPriceTicks: 10_400, stopPriceTicks: null };
    await harness.send(replace, maker);
    const cancel: OrderCommandPayload = { kind: 'cancel', commandId: randomUUID(), orderId: resting.id, accountId: maker, symbol: STOCK.symbol };
    await harness.send(cancel, maker);
    const again: OrderCommandPayload = { kind: 'cancel', commandId: randomUUID(), orderId: resting.id, accountId: maker, symbol: STOCK.symbol };
    await harness.send(again, maker);
    const rows = (await harness.outbox()).filter((row) => row.topic === 'orders.reports' && row.payload.orderId === resting.id).map((row) => row.payload);
    assert.deepEqual(rows.map((p) => p.kind), ['accepted', 'replaced', 'cancelled', 'cancel-rejected']);
    assert.deepEqual([rows[1]!.quantityLots, rows[1]!.limitPriceTicks, rows[1]!.commandId], [4, 10_400, replace.commandId]);
    assert.deepEqual([rows[2]!.reason, rows[2]!.cancelledQuantityLots], ['BOOK_USER_CANCELLED', 4]);
    assert.deepEqual([rows[3]!.reason, rows[3]!.commandId], ['BOOK_UNKNOWN_ORDER', again.commandId]);
  });

  it('rejects an order whose values the engine cannot represent instead of retrying it forever', async () => {
    const far = order({ accountId: taker, side: 'buy', quantityLots: 1, limitPriceTicks: 9_000, timeInForce: 'GTD', expireAt: '9999-12-31T00:00:00.000Z' });
    await harness.submit(far);
    const rows = (await harness.outbox()).filter((row) => row.topic === 'orders.reports' && row.payload.orderId === far.id).map((row) => row.payload);
    assert.deepEqual(rows.map((p) => [p.kind, p.reason]), [['rejected', 'BOOK_INVALID_ORDER']]);
    assert.ok(Value.Check(ExecutionReportPayloadSchema, rows[0]));
  });
});
