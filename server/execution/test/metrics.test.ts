// The execution service's Prometheus metrics on a real PostgreSQL and engine: a crossing trade
// counts one execution per side in kestrel_fills_total, and each submit and cancel the engine
// answered is one observation of kestrel_engine_command_duration_seconds, served on GET /metrics.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import { ExecutionHarness, STOCK, order } from './support/harness.js';

let harness: ExecutionHarness;
before(async () => {
  harness = await ExecutionHarness.start();
});
after(async () => {
  await harness?.close();
});

/** The value of one series on GET /metrics, or undefined when absent. */
async function sample(series: string): Promise<number | undefined> {
  const response = await harness.app.inject({ method: 'GET', url: '/metrics' });
  assert.equal(response.statusCode, 200);
  const line = response.body.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/**
 * The value of one series once it reaches `expected`, or what it was after 5 s. A command counts
 * as handled once its row is committed, and its metrics are recorded just after that commit.
 */
async function settled(series: string, expected: number): Promise<number | undefined> {
  const deadline = Date.now() + 5_000;
  let value = await sample(series);
  while (value !== expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    value = await sample(series);
  }
  return value;
}

it('counts fills by symbol and observes engine latency per command', async () => {
  const maker = randomUUID();
  const taker = randomUUID();
  const ask = order({ accountId: maker, side: 'sell', quantityLots: 10, limitPriceTicks: 10_010 });
  await harness.submit(ask);
  assert.equal(await sample(`kestrel_fills_total{symbol="${STOCK.symbol}"}`), undefined, 'no fill yet');
  await harness.submit(order({ accountId: taker, side: 'buy', quantityLots: 4, limitPriceTicks: 10_020 }));
  assert.equal(await settled(`kestrel_fills_total{symbol="${STOCK.symbol}"}`, 2), 2, 'one execution per side of the trade');
  await harness.send({ kind: 'cancel', commandId: randomUUID(), orderId: ask.id, accountId: maker, symbol: STOCK.symbol }, maker);
  assert.equal(await settled('kestrel_engine_command_duration_seconds_count{command="submit"}', 2), 2);
  assert.equal(await settled('kestrel_engine_command_duration_seconds_count{command="cancel"}', 1), 1);
  const sum = await sample('kestrel_engine_command_duration_seconds_sum{command="submit"}');
  assert.ok(sum !== undefined && sum > 0 && sum < 10, `a plausible total engine time (${sum} s)`);
  assert.equal(await sample('kestrel_engine_command_duration_seconds_bucket{le="0.1",command="submit"}'), 2, 'buckets end at 100 ms (+Inf beyond)');
});
