// Recovery of routed orders when the service rebuilds a shard from its stored inputs (PostgreSQL
// execution_engine_inputs) instead of the engine's own journal: (a) the journal lost its tail (an OS
// crash before the sync reached the disk: the engine is BEHIND the database and the missing inputs
// are re-applied) and (b) the journal holds a request the database never committed (the engine is
// AHEAD: the shard is rebuilt from every stored input). The router's plan depends on venue
// configuration and quotes that are not journaled, so each routed submit is stored with what the
// router planned against; without it, a re-applied routed order re-plans against no venues and the
// shard cannot be aligned (or rests the whole order on the internal book). A record that does not
// reproduce its plan stops the shard from opening rather than letting it diverge.
// Real PostgreSQL, the real engine, the Binance Spot order adapter against the loopback fixture.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Order } from '@kestrel/shared';
import { BinanceSpotFixture } from './support/binance-spot-fixture.js';
import { BTC, ExecutionHarness, order, until } from './support/harness.js';

const maker = randomUUID();
const taker = randomUUID();

describe('routed orders survive a shard rebuilt from the stored inputs', () => {
  let fixture: BinanceSpotFixture;
  let harness: ExecutionHarness;
  let engineSymbol: number;
  let shardDir: string;
  const submit = (o: Order) => harness.send({ kind: 'submit', commandId: randomUUID(), order: o, instrument: BTC }, o.accountId);
  const shard = () => harness.shards.get('main')!;
  const filledLots = async (orderId: string) => Number((await harness.deps.db.query<{ filled_lots: string }>('SELECT filled_lots FROM execution_orders WHERE order_id = $1', [orderId])).rows[0]!.filled_lots);
  const engineView = () => {
    const hashes = shard().engine.stateHashes();
    return { matching: hashes.matching, router: hashes.router, parents: shard().engine.routedParents(), book: shard().engine.openOrders(engineSymbol) };
  };

  before(async () => {
    fixture = await BinanceSpotFixture.start();
    harness = await ExecutionHarness.start({
      KESTREL_EXECUTION_VENUES: '1=BINANCE:binance-spot:10:5',
      KESTREL_EXECUTION_BINANCE_REST_URL: fixture.restUrl,
      KESTREL_EXECUTION_BINANCE_STREAM_URL: fixture.streamUrl,
      KESTREL_EXECUTION_BINANCE_SYMBOLS: 'BTCUSD=BTCUSDT:0.00001:0.01',
      KESTREL_EXECUTION_BINANCE_API_KEY: fixture.apiKey,
      KESTREL_EXECUTION_BINANCE_API_SECRET: fixture.apiSecret,
    });
    await submit(order({ accountId: maker, side: 'sell', quantityLots: 10, limitPriceTicks: 2_712_350, symbol: 'BTCUSD' }));
    engineSymbol = Number((await harness.deps.db.query<{ engine_symbol: number }>("SELECT engine_symbol FROM execution_symbols WHERE symbol = 'BTCUSD'")).rows[0]!.engine_symbol);
    const database = (await harness.deps.db.query<{ name: string }>('SELECT current_database() AS name')).rows[0]!.name;
    shardDir = path.join(harness.dataDir, 'engine', database, 'main');
  });
  after(async () => {
    await harness.close();
    await fixture.close();
  });

  it('(a) journal lost: the routed order is re-applied with its recorded plan; the open child still books its venue fill', async () => {
    // The venue quotes a better ask than the book's 10 lots: the router takes 150 there, 10 here.
    await shard().run(async () => shard().setVenueDepth(1, engineSymbol, { bids: [], asks: [{ price: 2_712_345, quantity: 150 }] }));
    const bid = order({ accountId: taker, side: 'buy', quantityLots: 160, limitPriceTicks: 2_712_350, symbol: 'BTCUSD', timeInForce: 'GTC' });
    await submit(bid);
    await harness.venueGateway!.settled();
    const sent = [...fixture.orders.values()].at(-1)!;
    fixture.trade(sent, 7001, '27123.45', '0.00100', '0.00100', false);
    await until('the first venue fill', async () => ((await filledLots(bid.id)) === 110 ? true : undefined));
    // The venue's quote moves on; the recorded plan must not depend on it.
    await shard().run(async () => shard().setVenueDepth(1, engineSymbol, { bids: [], asks: [{ price: 2_712_100, quantity: 5 }] }));
    const before = engineView();
    const hashesBefore = shard().engine.stateHashes();
    assert.equal(before.parents.length, 1, 'one routed parent open');
    const external = before.parents[0]!.children.find((c) => c.venue === 1)!;
    assert.deepEqual([external.kind, external.quantity, external.filled, external.done], ['take', 150, 100, false]);
    await harness.stop();
    // An OS crash took the journal's unsynced tail with it: here, everything.
    renameSync(shardDir, `${shardDir}.lost`);
    await harness.boot();
    assert.equal(shard().recovery.action, 'reapplied');
    assert.deepEqual(engineView(), before, 'matching, router and book state as before the crash');
    assert.deepEqual(shard().engine.stateHashes(), hashesBefore, 'risk state too: the whole engine is as before');
    await harness.venueGateway!.settled();

    fixture.trade(sent, 7002, '27123.45', '0.00050', '0.00150', true);
    await until('the last venue fill after the rebuild', async () => ((await filledLots(bid.id)) === 160 ? true : undefined));
    await harness.venueGateway!.settled();
    assert.deepEqual(shard().engine.routedParents(), [], 'the parent finished');
    const { rows } = await harness.deps.db.query<{ state: string }>("SELECT state FROM execution_venue_children WHERE state = 'open'");
    assert.deepEqual(rows, []);
  });

  it('(b) journal ahead of the database: the shard is rebuilt from every stored input with the recorded plans', async () => {
    await shard().run(async () => shard().setVenueDepth(1, engineSymbol, { bids: [], asks: [{ price: 2_712_200, quantity: 30 }] }));
    const bid = order({ accountId: taker, side: 'buy', quantityLots: 40, limitPriceTicks: 2_712_200, symbol: 'BTCUSD', timeInForce: 'GTC' });
    await submit(bid);
    await harness.venueGateway!.settled();
    const sent = [...fixture.orders.values()].at(-1)!;
    await shard().run(async () => shard().setVenueDepth(1, engineSymbol, { bids: [], asks: [] }));
    const before = engineView();
    assert.equal(before.parents.length, 1);
    // A request the engine journaled but whose database commit never happened (crash in between).
    const position = BigInt((await harness.deps.db.query<{ p: string }>("SELECT last_journal_sequence AS p FROM execution_shards WHERE shard = 'main'")).rows[0]!.p);
    await harness.send({ kind: 'set-kill-switch', commandId: randomUUID(), scope: 'global', accountId: null, mode: 'off' }, 'risk');
    await harness.deps.db.query("DELETE FROM execution_engine_inputs WHERE shard = 'main' AND journal_sequence > $1", [position.toString()]);
    await harness.deps.db.query("UPDATE execution_shards SET last_journal_sequence = $1 WHERE shard = 'main'", [position.toString()]);
    await harness.stop();
    await harness.boot();
    assert.equal(shard().recovery.action, 'rebuilt');
    assert.ok(existsSync(shardDir));
    assert.deepEqual(engineView(), before, 'matching, router and book state as before the lost request');

    fixture.trade(sent, 7101, '27122.00', '0.00030', '0.00030', true);
    await until('the venue fill after the rebuild', async () => ((await filledLots(bid.id)) === 30 ? true : undefined));
    await harness.venueGateway!.settled();
    const parents = shard().engine.routedParents();
    assert.equal(parents.length, 1, 'the forwarded rest still rests on the internal book');
    assert.equal(parents[0]!.filled, 30);
  });

  it('(c) a stored routing record that does not reproduce its plan stops the shard from opening instead of diverging', async () => {
    const { rows } = await harness.deps.db.query<{ journal_sequence: string; input: { routing?: { quotes: { asks: { quantity: number }[] }[]; plan: unknown[] } } }>(
      "SELECT journal_sequence, input FROM execution_engine_inputs WHERE shard = 'main' AND input ? 'routing' ORDER BY journal_sequence",
    );
    assert.equal(rows.length, 2, 'the two routed submits carry their routing record');
    const stored = rows[0]!;
    const original = structuredClone(stored.input);
    // The venue quoted 150 lots; a record claiming 149 cannot give the recorded 150-lot child.
    stored.input.routing!.quotes[0]!.asks[0]!.quantity = 149;
    await harness.deps.db.query("UPDATE execution_engine_inputs SET input = $2 WHERE shard = 'main' AND journal_sequence = $1", [stored.journal_sequence, JSON.stringify(stored.input)]);
    await harness.stop();
    renameSync(shardDir, `${shardDir}.kept`);
    await assert.rejects(harness.boot(), /routed order .* planned .* the record says/);
    // Put everything back so the suite ends on a working service.
    await harness.deps.db.query("UPDATE execution_engine_inputs SET input = $2 WHERE shard = 'main' AND journal_sequence = $1", [stored.journal_sequence, JSON.stringify(original)]);
    await harness.deps.lifecycle.close(10_000);
    rmSync(shardDir, { recursive: true, force: true });
    renameSync(`${shardDir}.kept`, shardDir);
    await harness.boot();
    assert.equal(shard().recovery.action, 'none');
  });
});
