// Group commit of orders.commands: the same commands, sent one at a time to one execution module
// and published at once (a backlog of one partition) to another, each on its own database, give
// exactly the same reports, fills, order totals, open quantities and book — and the backlog is applied as
// one batch: one stored-inputs insert, one handled-commands insert and one handled-commands query
// for all of it, against one of each per command when sent one at a time. The scenario mixes what
// a batch must get right: crossing submits, a replace of an order an earlier command of the same
// batch partly filled, a cancel of a filled order and of a resting one, a duplicate command id, a
// re-sent submit, a malformed payload, a risk limit and the submit it refuses, a replace of an
// unknown order, and an order whose values the engine refuses. And the failure between the journal
// sync and the commit: the shard is realigned (rebuilt from the stored inputs, as recovery does
// after a crash there) before the bus delivers the batch again, which is then applied once.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { countStatements, createEnvelope } from '@kestrel/server-common';
import type { OrderCommandPayload } from '@kestrel/shared';
import { ExecutionHarness, STOCK, order } from './support/harness.js';

/** Statements sent while counting (every pooled connection of this process). */
const statements = countStatements();
const WATCHED = ['INSERT INTO execution_engine_inputs', 'INSERT INTO execution_commands', 'SELECT command_id FROM execution_commands'];

const KEY = 'one-partition';
const maker = randomUUID();
const taker = randomUUID();
const id = () => randomUUID();

function scenario(): unknown[] {
  const ask1 = order({ accountId: maker, side: 'sell', quantityLots: 10, limitPriceTicks: 10_010 });
  const ask2 = order({ accountId: maker, side: 'sell', quantityLots: 5, limitPriceTicks: 10_020 });
  const bid1 = order({ accountId: taker, side: 'buy', quantityLots: 12, limitPriceTicks: 10_020 });
  const bid2 = order({ accountId: taker, side: 'buy', quantityLots: 3, limitPriceTicks: 9_990 });
  const bid3 = order({ accountId: taker, side: 'buy', quantityLots: 9, limitPriceTicks: 9_980 });
  const far = order({ accountId: taker, side: 'buy', quantityLots: 1, limitPriceTicks: 9_000, timeInForce: 'GTD', expireAt: '9999-12-31T00:00:00.000Z' });
  const submit = (o: typeof ask1): OrderCommandPayload => ({ kind: 'submit', commandId: id(), order: o, instrument: STOCK });
  const bid2Submit = submit(bid2);
  return [
    submit(ask1),
    submit(ask2),
    submit(bid1),
    // ask2 was filled 2 lots by bid1 in this same batch: the replace must see that.
    { kind: 'replace', commandId: id(), orderId: ask2.id, accountId: maker, symbol: STOCK.symbol, quantityLots: 8, limitPriceTicks: 10_030, stopPriceTicks: null },
    { kind: 'cancel', commandId: id(), orderId: bid1.id, accountId: taker, symbol: STOCK.symbol },
    bid2Submit,
    bid2Submit,
    { ...bid2Submit, commandId: id() },
    { kind: 'cancel', commandId: id(), orderId: bid2.id, accountId: taker, symbol: STOCK.symbol },
    { kind: 'nonsense', commandId: id() },
    { kind: 'set-risk-limits', commandId: id(), scope: 'default', accountId: null, limits: { maxOrderQuantityLots: 5 } },
    submit(bid3),
    { kind: 'replace', commandId: id(), orderId: randomUUID(), accountId: taker, symbol: STOCK.symbol, quantityLots: 2, limitPriceTicks: 9_000, stopPriceTicks: null },
    submit(far),
  ];
}

/** What a module committed, with the only field that may differ (the wall-clock recording time) removed. */
async function committed(harness: ExecutionHarness) {
  const strip = (value: unknown): unknown => JSON.parse(JSON.stringify(value, (key, v: unknown) => (key === 'recordedAt' ? undefined : v)));
  const outbox = (await harness.outbox()).map((row) => ({ topic: row.topic, key: row.key, payload: strip(row.payload) }));
  const fills = (await harness.deps.db.query('SELECT id, order_id, journal_sequence, engine_sequence, execution FROM execution_fills ORDER BY id')).rows.map(strip);
  // Engine numbers may differ (one at a time, ON CONFLICT spends identity values on already-known
  // accounts and orders): the engine is compared through the orders' ids instead of its state hash.
  const engine = harness.shards.get('main')!.engine;
  const orders = (await harness.deps.db.query<{ order_id: string; engine_order_id: string }>('SELECT order_id, engine_order_id, quantity_lots, filled_lots, filled_notional, submitted FROM execution_orders ORDER BY order_id')).rows.map(
    ({ engine_order_id: engineOrderId, ...row }) => ({ ...row, open: engine.findOrder(1, BigInt(engineOrderId))?.open ?? null }),
  );
  const commands = (await harness.deps.db.query('SELECT command_id, kind FROM execution_commands ORDER BY command_id')).rows;
  const position = (await harness.deps.db.query('SELECT shard, last_journal_sequence FROM execution_shards ORDER BY shard')).rows;
  return { outbox, fills, orders, commands, position, book: [engine.depth(1, 'buy', 10), engine.depth(1, 'sell', 10)] };
}

async function handledAll(harness: ExecutionHarness, commands: readonly unknown[]): Promise<void> {
  const ids = [...new Set(commands.flatMap((c) => ((c as { kind: string }).kind === 'nonsense' ? [] : [(c as { commandId: string }).commandId])))];
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const { rowCount } = await harness.deps.db.query('SELECT 1 FROM execution_commands WHERE command_id = ANY($1::uuid[])', [ids]);
    if (rowCount === ids.length) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`the commands were not all handled within 60 s; log: ${harness.logs.text().slice(-2000)}`);
}

describe('orders.commands group commit', () => {
  let single: ExecutionHarness;
  let batched: ExecutionHarness;
  before(async () => {
    single = await ExecutionHarness.start();
    batched = await ExecutionHarness.start();
  });
  after(async () => {
    await single?.close();
    await batched?.close();
  });

  it('applies a backlog as one batch with exactly the outcome of one command at a time', async () => {
    const commands = scenario();
    statements.start();
    for (const command of commands) {
      await single.deps.bus.publish(createEnvelope('orders.commands', KEY, command as OrderCommandPayload));
      await handledAll(single, commands.slice(0, commands.indexOf(command) + 1));
    }
    statements.stop();
    const one = new Map(WATCHED.map((prefix) => [prefix, statements.startingWith(prefix)]));

    statements.start();
    await batched.deps.bus.publishBatch(commands.map((command) => createEnvelope('orders.commands', KEY, command as OrderCommandPayload)));
    await handledAll(batched, commands);
    statements.stop();
    const many = new Map(WATCHED.map((prefix) => [prefix, statements.startingWith(prefix)]));

    const a = await committed(single);
    const b = await committed(batched);
    assert.deepEqual(b, a, 'the batch committed exactly what one command at a time committed');
    const kinds = a.outbox.filter((row) => row.topic === 'orders.reports').map((row) => (row.payload as { kind: string }).kind);
    assert.deepEqual(kinds, [
      'accepted', 'accepted', 'accepted', 'fill', 'fill', 'fill', 'fill', 'replaced', 'cancel-rejected', 'accepted', 'cancelled', 'risk-applied', 'rejected', 'replace-rejected', 'rejected',
    ], 'the scenario exercises what it says');
    const replaced = a.outbox.find((row) => (row.payload as { kind: string }).kind === 'replaced')!.payload as { quantityLots: number };
    assert.equal(replaced.quantityLots, 8);
    const ask2 = (commands[1] as { order: { id: string } }).order.id;
    const engineId = (await batched.deps.db.query<{ engine_order_id: string }>('SELECT engine_order_id FROM execution_orders WHERE order_id = $1', [ask2])).rows[0]!.engine_order_id;
    assert.equal(batched.shards.get('main')!.engine.findOrder(1, BigInt(engineId))?.open, 6, 'replaced to 8 lots after 2 were filled earlier in the batch: 6 open');

    assert.ok((one.get('INSERT INTO execution_engine_inputs') ?? 0) >= 6, 'one at a time: one stored-inputs insert per journaled request');
    assert.equal(many.get('INSERT INTO execution_engine_inputs'), 1, 'batched: one for the whole backlog');
    assert.equal(many.get('INSERT INTO execution_commands'), 1);
    assert.equal(many.get('SELECT command_id FROM execution_commands'), 1);
    assert.ok((one.get('SELECT command_id FROM execution_commands') ?? 0) >= 13);
  });

  it('a batch journaled and synced whose commit fails realigns its shard; redelivered, it is applied once', async () => {
    const harness = await ExecutionHarness.start();
    try {
      const resting = order({ accountId: maker, side: 'sell', quantityLots: 10, limitPriceTicks: 10_010 });
      await harness.submit(resting);
      const shard = harness.shards.get('main')!;
      const hash = shard.engine.stateHashes().combined;
      const position = async () => BigInt((await harness.deps.db.query<{ p: string }>('SELECT last_journal_sequence AS p FROM execution_shards WHERE shard = $1', ['main'])).rows[0]!.p);
      const committedAt = await position();
      // What a crash between the journal sync and the commit leaves, without the crash: the batch's transaction fails.
      // (A sequence counts the failures: it is not rolled back with the transaction.)
      await harness.deps.db.query('CREATE SEQUENCE failed_commits');
      await harness.deps.db.query(`CREATE FUNCTION fail_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM nextval('failed_commits'); RAISE EXCEPTION 'simulated failure before the commit'; END $$`);
      await harness.deps.db.query('CREATE TRIGGER fail_commit BEFORE INSERT ON execution_commands FOR EACH STATEMENT EXECUTE FUNCTION fail_commit()');
      const bids = [4, 3, 2].map((quantityLots) => order({ accountId: taker, side: 'buy', quantityLots, limitPriceTicks: 10_010 }));
      const commands: OrderCommandPayload[] = bids.map((o) => ({ kind: 'submit', commandId: id(), order: o, instrument: STOCK }));
      await harness.deps.bus.publishBatch(commands.map((command) => createEnvelope('orders.commands', KEY, command)));
      const failed = async () => (await harness.deps.db.query<{ is_called: boolean }>('SELECT is_called FROM failed_commits')).rows[0]!.is_called;
      for (const deadline = Date.now() + 60_000; !(await failed()) && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 10));
      assert.ok(await failed(), 'the batch reached its commit, which failed');
      assert.ok(shard.engine.sequences().durable >= committedAt + 3n, 'the three submits were journaled and synced');
      assert.equal(await position(), committedAt, 'and nothing of them committed');

      // The database recovers; the bus delivers the batch again, to a shard realigned first.
      await harness.deps.db.query('DROP TRIGGER fail_commit ON execution_commands');
      await handledAll(harness, commands);
      assert.equal(shard.recovery.action, 'rebuilt', 'the engine was rebuilt from the stored inputs before the redelivery');
      const rows = await harness.outbox();
      for (const bid of bids) {
        const kinds = rows.filter((row) => row.topic === 'orders.reports' && row.payload.orderId === bid.id).map((row) => row.payload.kind);
        assert.deepEqual(kinds, ['accepted', 'fill'], `bid of ${bid.quantityLots}: accepted and filled once`);
      }
      const { rows: totals } = await harness.deps.db.query<{ filled_lots: string }>('SELECT filled_lots FROM execution_orders WHERE order_id = $1', [resting.id]);
      assert.equal(totals[0]!.filled_lots, '9');
      assert.equal(rows.filter((row) => row.topic === 'orders.executed').length, 6, 'one orders.executed per side of each of the three trades');
      assert.equal(shard.engine.sequences().last, await position(), 'engine and database at the same journal position');

      // A restart finds them aligned, and the book the database describes.
      const live = shard.engine.stateHashes().combined;
      assert.notEqual(live, hash);
      await harness.stop();
      await harness.boot();
      const reopened = harness.shards.get('main')!;
      assert.equal(reopened.recovery.action, 'none');
      assert.equal(reopened.engine.stateHashes().combined, live);
    } finally {
      await harness.close();
    }
  });
});

