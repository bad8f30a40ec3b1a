// The simulation venue on the real engine and PostgreSQL: agents trade through the same path as
// users (journal, stored inputs), a user's limit order crosses the simulated liquidity and is filled
// and published like any fill, the same seed and clock give the same engine state on a fresh
// database and data dir, and a restart recovers the simulated book.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { ExecutionHarness, order } from './support/harness.js';

const SIM = { KESTREL_EXECUTION_SIMULATION: 'on', KESTREL_EXECUTION_SIMULATION_SYMBOLS: 'ACME=10000', KESTREL_EXECUTION_SIMULATION_SEED: '7' };

async function runTicks(harness: ExecutionHarness, ticks: number): Promise<void> {
  for (let i = 0; i < ticks; i++) {
    harness.nowMs += 100;
    await harness.simulation!.tick();
  }
}

describe('simulation venue', () => {
  const harnesses: ExecutionHarness[] = [];
  after(async () => {
    for (const harness of harnesses) await harness.close();
  });

  it('makes a real book and trades; a user order crosses simulated liquidity and is filled once', async () => {
    const harness = await ExecutionHarness.start(SIM);
    harnesses.push(harness);
    await runTicks(harness, 50);
    const engine = harness.shards.get('main')!.engine;
    assert.equal(harness.simulation!.submitted > 50, true, `agents submitted ${harness.simulation!.submitted} orders`);
    const top = engine.topOfBook(1);
    assert.ok(top.bidPrice !== null && top.askPrice !== null && top.bidPrice < top.askPrice, `two-sided, uncrossed book: ${JSON.stringify({ bid: top.bidPrice, ask: top.askPrice })}`);
    const { rows: inputs } = await harness.deps.db.query<{ n: string }>('SELECT count(*) AS n FROM execution_engine_inputs');
    assert.ok(Number(inputs[0]!.n) > 50, 'agent requests are journaled and stored like users\'');
    assert.equal((await harness.outbox()).length, 0, 'agents produce no reports');

    const account = randomUUID();
    const buy = order({ accountId: account, side: 'buy', quantityLots: 5, limitPriceTicks: top.askPrice!, timeInForce: 'IOC' });
    await harness.submit(buy);
    const rows = await harness.outbox();
    const executed = rows.filter((row) => row.topic === 'orders.executed');
    assert.ok(executed.length >= 1);
    const filled = executed.reduce((sum, row) => sum + Number((row.payload as { execution: { quantityLots: number } }).execution.quantityLots), 0);
    assert.equal(filled, 5);
    for (const row of executed) assert.equal((row.payload as { execution: { priceTicks: number } }).execution.priceTicks, top.askPrice);

    const hash = engine.stateHashes().combined;
    await harness.stop();
    await harness.boot();
    assert.equal(harness.shards.get('main')!.engine.stateHashes().combined, hash, 'the simulated book is recovered');
    assert.equal(harness.shards.get('main')!.recovery.action, 'none');
  });

  it('is deterministic for a seed and a clock', async () => {
    const hashes: bigint[] = [];
    for (let i = 0; i < 2; i++) {
      const harness = await ExecutionHarness.start(SIM);
      harnesses.push(harness);
      await runTicks(harness, 30);
      hashes.push(harness.shards.get('main')!.engine.stateHashes().combined);
    }
    assert.equal(hashes[0], hashes[1]);
    const other = await ExecutionHarness.start({ ...SIM, KESTREL_EXECUTION_SIMULATION_SEED: '8' });
    harnesses.push(other);
    await runTicks(other, 30);
    assert.notEqual(other.shards.get('main')!.engine.stateHashes().combined, hashes[0]);
  });
});
