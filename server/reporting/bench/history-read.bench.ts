// What reading an account's fills through the portfolio's internal history routes costs reporting
// (keyset pages of 1,000 over HTTP from a real portfolio child process, schema-checked), against a
// baseline in the same run: the one SQL query reporting used to run on the portfolio's tables for
// the same rows. Also the whole trade-history CSV generation (POST /v1/reports) on top of the read.
// Needs the test services (scripts/test-services.sh); prints the load average with the numbers.
// Run: node --import tsx server/reporting/bench/history-read.bench.ts [fills=20000]
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { PortfolioClient, httpTransport } from '../src/clients/portfolio-client.js';
import { startHarness } from '../test/support/harness.js';

const count = Number(process.argv[2] ?? 20_000);
const h = await startHarness({ smtp: false, env: { KESTREL_REPORTING_MAX_ROWS: String(count + 1) } });
try {
  const owner = h.user();
  const accountId = randomUUID();
  await h.pool.query(
    `INSERT INTO portfolio_accounts (id, owner_user_id, name, currency, type, long_margin_bps, short_margin_bps, allow_short_selling)
     VALUES ($1, $2, 'Bench', 'USD', 'cash', 10000, 10000, true)`,
    [accountId, owner.id],
  );
  await h.pool.query(`INSERT INTO portfolio_instruments (symbol, currency, tick_size, lot_size, contract_multiplier) VALUES ('GOOG', 'USD', '0.01', 1, 1)`);
  await h.pool.query(
    `INSERT INTO portfolio_fills_applied (execution_id, event_id, account_id, order_id, symbol, side, price_ticks, quantity_lots, fee_minor,
       notional_minor, cash_delta_minor, realised_pnl_minor, lot_selection_fallback, executed_at)
     SELECT gen_random_uuid(), gen_random_uuid(), $1, gen_random_uuid(), 'GOOG', CASE WHEN i % 2 = 0 THEN 'buy' ELSE 'sell' END,
            10000 + i % 500, 1 + i % 100, 100, (10000 + i % 500) * (1 + i % 100), 0, 0, false,
            timestamptz '2024-01-02T14:30:00Z' + i * interval '1 minute'
       FROM generate_series(0, $2::int - 1) AS i`,
    [accountId, count],
  );
  const from = new Date('2024-01-01T00:00:00Z');
  const to = new Date('2030-01-01T00:00:00Z');
  const env = (name: string) => h.deps.config.sections['reporting']?.[name] as string;
  const client = new PortfolioClient(httpTransport(env('portfolioUrl'), 60_000), env('portfolioServiceToken'));

  const time = async (fn: () => Promise<number>): Promise<{ ms: number; rows: number }> => {
    const t0 = performance.now();
    const rows = await fn();
    return { ms: performance.now() - t0, rows };
  };
  const direct = () =>
    time(async () => {
      const { rows } = await h.pool.query(
        `SELECT f.*, i.tick_size, i.lot_size FROM portfolio_fills_applied f JOIN portfolio_instruments i ON i.symbol = f.symbol
          WHERE f.account_id = $1 AND f.executed_at >= $2 AND f.executed_at < $3 ORDER BY f.executed_at, f.applied_at, f.execution_id LIMIT $4`,
        [accountId, from, to, count + 1],
      );
      return rows.length;
    });
  const paged = () => time(async () => (await client.fills(accountId, from, to, count + 1)).length);
  const report = () =>
    time(async () => {
      const response = await h.call('POST', '/v1/reports', { as: owner, body: { definition: { kind: 'trade-history', format: 'csv', accountId, period: { from: from.toISOString(), to: to.toISOString() } } } });
      if (response.statusCode !== 201) throw new Error(response.body);
      return response.json().versions[0].rows as number;
    });
  await direct();
  await paged();
  const best = async (run: () => Promise<{ ms: number; rows: number }>) => {
    const results = [await run(), await run(), await run()];
    return results.reduce((a, b) => (b.ms < a.ms ? b : a));
  };
  const baseline = await best(direct);
  const http = await best(paged);
  const whole = await best(report);
  console.log(`load average ${os.loadavg().map((value) => value.toFixed(2)).join(' ')}; ${count} fills; best of 3`);
  console.log(`baseline: one SQL query on the tables  ${baseline.ms.toFixed(0).padStart(6)} ms  (${baseline.rows} rows)`);
  console.log(`history routes, pages of 1,000 (HTTP)  ${http.ms.toFixed(0).padStart(6)} ms  (${http.rows} rows)  ${(http.ms / baseline.ms).toFixed(1)}x baseline`);
  console.log(`trade-history CSV report, end to end   ${whole.ms.toFixed(0).padStart(6)} ms  (${whole.rows} rows)  ${(whole.ms / baseline.ms).toFixed(1)}x baseline`);
} finally {
  await h.close();
}
