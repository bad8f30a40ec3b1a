// How many PostgreSQL statements one placed order costs on the full in-process stack (the numbers
// in docs/orders.md, "Performance"): every statement any pooled connection of this process sends
// while N orders are placed — one at a time, then CONCURRENCY in flight — and for 1.5 s after, so
// the venue's acceptance, the report handling and the outbox relay are counted too. Prints the
// statements per order, grouped by their text; asserts nothing. Counting (countStatements) wraps
// pg.Client's query method in this process only (no pg_stat_statements needed).
// Run: eval "$(bash scripts/test-services.sh env)" && node --import tsx server/cli/test/orders/order-statements.bench.ts
// Env: N (200), CONCURRENCY (32).
import { countStatements } from '@kestrel/server-common';
import { OrderHarness, stock } from './support/harness.js';

const N = Number(process.env.N ?? 200);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 32);

const statements = countStatements();

const h = await OrderHarness.start();
try {
  const trader = await h.user('trader');
  const account = await h.account(trader, 900_000_000_000);
  await h.instrument(stock('COUNT'));
  let serial = 0;
  const place = async () => {
    const response = await h.call('POST', '/v1/orders', {
      as: trader,
      body: { clientOrderId: `q-${++serial}`, accountId: account, symbol: 'COUNT', side: 'buy', type: 'limit', timeInForce: 'GTC', quantityLots: 1, limitPriceTicks: 1_000 },
    });
    if (response.statusCode !== 201) throw new Error(`order refused: ${response.body}`);
  };
  for (let i = 0; i < 20; i += 1) await place();
  await h.settle();

  for (const inFlight of [1, CONCURRENCY]) {
    statements.start();
    let started = 0;
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (started < N) {
          started += 1;
          await place();
        }
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const counts = statements.stop();
    console.log(`# ${N} orders, ${inFlight} in flight: ${(statements.total() / N).toFixed(1)} statements per order`);
    for (const [text, n] of [...counts].sort((a, b) => b[1] - a[1])) console.log(`${(n / N).toFixed(2).padStart(6)}  ${text.slice(0, 100)}`);
    await h.settle();
  }
} finally {
  await h.close();
}
