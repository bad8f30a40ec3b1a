// Cost of storing and reading a walk-forward's combined curve (job-curve-store.ts) on PostgreSQL,
// for a long synthetic curve (default 1,000,000 points): the write (one INSERT of three float64
// columns), an exact page of 5,000 points from the middle, the last page, and a decimated
// overview of the whole curve (5,000 points). Baseline in the same run: the curve kept inside the
// job's jsonb result as arrays of numbers (what storing it "with the result" naively costs) —
// its write, and reading the same 5,000-point page (jsonb has to be detoasted whole to slice it).
// Reports the median of 5 reads, the stored bytes, and the load average (the machine is shared).
// Usage: eval "$(bash scripts/test-services.sh env)";
//        npx tsx server/strategy/src/jobs/job-curve-store.bench.ts [--points 1000000]
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createLogger, migrateAll } from '@kestrel/server-common';
import { insertCurve, readCurve, type CurveColumns } from './job-curve-store.js';

const { values: args } = parseArgs({ options: { points: { type: 'string', default: '1000000' } } });
const points = Number(args.points);
const adminUrl = process.env['KESTREL_TEST_DATABASE_URL'];
if (!adminUrl) throw new Error('KESTREL_TEST_DATABASE_URL is not set: run eval "$(bash scripts/test-services.sh env)"');

function curveOf(n: number): CurveColumns {
  const timestamps = new Float64Array(n);
  const valuesMinor = new Float64Array(n);
  const drawdown = new Float64Array(n);
  let value = 1_000_000;
  let peak = value;
  let seed = 1;
  for (let i = 0; i < n; i++) {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    value = Math.max(1, value + Math.round((seed / 2_147_483_648 - 0.5) * 2_000));
    peak = Math.max(peak, value);
    timestamps[i] = Date.UTC(2000, 0, 1) + i * 60_000;
    valuesMinor[i] = value;
    drawdown[i] = 1 - value / peak;
  }
  const windowStarts = Array.from({ length: Math.ceil(n / 10_000) }, (_, w) => w * 10_000);
  return { timestamps, valuesMinor, drawdown, windowStarts, initialValueMinor: 1_000_000, moneyDecimals: 2 };
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

async function median(fn: () => Promise<unknown>): Promise<number> {
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) runs.push((await timed(fn)).ms);
  return runs.sort((a, b) => a - b)[2]!;
}

const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
const database = `kestrel_curve_bench_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
await admin.query(`CREATE DATABASE ${database}`);
const url = new URL(adminUrl);
url.pathname = `/${database}`;
const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
try {
  await migrateAll([{ name: 'strategy', migrationsDir: fileURLToPath(new URL('../../migrations', import.meta.url)) }], { pool, logger: createLogger({ level: 'silent' }) });
  const curve = curveOf(points);
  const [stored, naive] = [randomUUID(), randomUUID()];
  for (const id of [stored, naive]) await pool.query("INSERT INTO strategy_jobs (id, owner_user_id, kind, request, status) VALUES ($1, $2, 'walk-forward', '{}', 'completed')", [id, randomUUID()]);

  const write = await timed(async () => {
    const client = await pool.connect();
    try {
      await insertCurve(client, stored, curve);
    } finally {
      client.release();
    }
  });
  const naiveResult = { combined: { times: Array.from(curve.timestamps), values: Array.from(curve.valuesMinor), drawdowns: Array.from(curve.drawdown) } };
  const naiveWrite = await timed(() => pool.query('UPDATE strategy_jobs SET result = $2 WHERE id = $1', [naive, JSON.stringify(naiveResult)]));
  const { rows: sizes } = await pool.query<{ columns: string; jsonb: string }>(
    'SELECT (SELECT pg_column_size(times_ms) + pg_column_size(values_minor) + pg_column_size(drawdowns) FROM strategy_job_curves WHERE job_id = $1) AS columns, (SELECT pg_column_size(result) FROM strategy_jobs WHERE id = $2) AS jsonb',
    [stored, naive],
  );

  const middle = Math.floor(points / 2);
  const page = await median(() => readCurve(pool, stored, { offset: middle, limit: 5000, maxPoints: 5000 }));
  const last = await median(() => readCurve(pool, stored, { offset: Math.max(0, points - 5000), limit: 5000, maxPoints: 5000 }));
  const overview = await median(() => readCurve(pool, stored, { offset: 0, maxPoints: 5000 }));
  const naivePage = await median(() =>
    pool.query(
      "SELECT jsonb_path_query_array(result, '$.combined.values[$from to $to]', jsonb_build_object('from', $2::int, 'to', $3::int)) AS values FROM strategy_jobs WHERE id = $1",
      [naive, middle, middle + 4999],
    ),
  );
  const check = await readCurve(pool, stored, { offset: middle, limit: 5000, maxPoints: 5000 });
  if (check === null || check.valuesMinor[0] !== curve.valuesMinor[middle] || check.indices.length !== 5000) throw new Error('the page read back differs from the curve written');

  const mb = (bytes: string | number) => (Number(bytes) / 1024 / 1024).toFixed(1);
  console.log(`combined curve of ${points.toLocaleString('en')} points, load average ${loadavg().map((each) => each.toFixed(2)).join(' ')}`);
  console.log(`  stored columns: ${mb(sizes[0]!.columns)} MiB; as jsonb in the result: ${mb(sizes[0]!.jsonb)} MiB`);
  console.log(`  write: ${write.ms.toFixed(0)} ms (jsonb baseline ${naiveWrite.ms.toFixed(0)} ms, ratio ${(naiveWrite.ms / write.ms).toFixed(1)}x)`);
  console.log(`  exact page of 5,000 from the middle: ${page.toFixed(1)} ms (jsonb baseline ${naivePage.toFixed(1)} ms, ratio ${(naivePage / page).toFixed(1)}x); last page ${last.toFixed(1)} ms`);
  console.log(`  decimated overview of the whole curve (<= 5,000 points): ${overview.toFixed(0)} ms`);
} finally {
  await pool.end();
  await admin.query(`DROP DATABASE ${database}`);
  await admin.end();
}
