// Order-service throughput on the full in-process stack (gateway + auth + portfolio + order, real
// PostgreSQL, the engine-backed test venue): sequential and concurrent POST /v1/orders (each one a
// portfolio account lookup, one transaction, a buying-power check and a routing transaction), and
// how fast execution reports are applied. Baseline in the same run: GET /v1/accounts/:id, the
// cheapest authenticated request that reads the database. Prints numbers; asserts nothing.
// Run: eval "$(bash scripts/test-services.sh env)" && node --import tsx server/cli/test/orders/orders.bench.ts [N]
import { performance } from 'node:perf_hooks';
import { postgresDurability } from '@kestrel/server-common';
import { OrderHarness, stock } from './support/harness.js';

const N = Number(process.argv[2] ?? 300);

function stats(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(2);
  return `p50 ${at(0.5)} ms, p99 ${at(0.99)} ms`;
}

const h = await OrderHarness.start();
try {
  console.log(`# PostgreSQL ${(await postgresDurability(h.deps.db)).text}`);
  const trader = await h.user('trader');
  const account = await h.account(trader, 900_000_000_000);
  await h.instrument(stock('BENCH'));
  let serial = 0;
  const place = () =>
    h.call('POST', '/v1/orders', {
      as: trader,
      body: { clientOrderId: `b-${++serial}`, accountId: account, symbol: 'BENCH', side: 'buy', type: 'limit', timeInForce: 'GTC', quantityLots: 1, limitPriceTicks: 1_000 },
    });

  for (let i = 0; i < 20; i += 1) {
    await h.call('GET', `/v1/accounts/${account}`, { as: trader });
    await place();
  }

  const timed = async (label: string, run: () => Promise<unknown>, concurrency = 1): Promise<number> => {
    const latencies: number[] = [];
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < N) {
          next += 1;
          const t = performance.now();
          await run();
          latencies.push(performance.now() - t);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const rate = N / seconds;
    console.log(`${label}: ${N} in ${seconds.toFixed(2)} s = ${rate.toFixed(0)}/s (${stats(latencies)})`);
    return rate;
  };

  const baseline = await timed('baseline GET /v1/accounts/:id, sequential', () => h.call('GET', `/v1/accounts/${account}`, { as: trader }));
  const sequential = await timed('POST /v1/orders, sequential', place);
  const concurrent = await timed('POST /v1/orders, 8 in flight', place, 8);
  console.log(`ratio order placement / baseline: sequential ${(sequential / baseline).toFixed(3)}, concurrent ${(concurrent / baseline).toFixed(3)}`);

  await h.settle();
  await h.waitFor(async () => (await h.deps.db.query("SELECT 1 FROM order_orders WHERE status = 'new'")).rowCount === 0, 'every order accepted', 60_000);
  const open = (await h.deps.db.query<{ n: number }>("SELECT count(*)::int AS n FROM order_orders WHERE status = 'accepted'")).rows[0]!.n;
  const started = performance.now();
  await h.venue.trade('BENCH', 'sell', 1_000, open);
  await h.waitFor(async () => (await h.deps.db.query("SELECT 1 FROM order_orders WHERE status = 'accepted'")).rowCount === 0, 'every fill applied', 120_000);
  const seconds = (performance.now() - started) / 1000;
  console.log(`execution reports: ${open} fills applied in ${seconds.toFixed(2)} s = ${(open / seconds).toFixed(0)} fills/s`);
} finally {
  await h.close();
}
