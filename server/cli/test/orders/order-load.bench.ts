// Open-loop HTTP benchmark of order entry (docs/benchmarks.md, "Orders"): the full in-process
// stack (gateway + auth + portfolio + order, real PostgreSQL, the engine-backed test venue
// answering every command) listening on a loopback port, driven by support/open-loop-client.ts
// in a child process. Measures (1) submit→ack latency of POST /v1/orders at a constant rate
// (default 1,000/s), timed from each request's scheduled send time, next to two baselines at the
// same rate in the same run: GET /health/live (HTTP floor) and GET /v1/orders/:id (authenticated
// read of one row); then the same POST at the same rate with `Prefer: respond-async` (answered
// once the order is recorded, its check and routing after the answer); (2) the highest sustained
// rate of a ladder of constant rates, where "sustained" means every request answered 2xx, the step
// finished within 10 % of its duration and p99 stayed under 100 ms (no queue build-up). Orders are
// limit buys below the market spread over ACCOUNTS accounts (one owner each), so they rest in the
// book. Because the machine is shared, each order step also prints the CPU time spent per order,
// from the first request until every order is accepted and the outbox is drained: this process
// (server, relay, venue) plus the PostgreSQL backends of the test database (/proc, so PostgreSQL
// must run on this machine). Two cores divided by that cost is the rate the stack could carry on
// an idle 2-core machine.
// PostgreSQL must be durable (fsync, synchronous commit, full-page writes: start the test services
// with KESTREL_TEST_PG_DURABLE=1), since the targets are with persistence; DURABLE=0 measures
// anyway and says so in the header. Prints numbers; asserts nothing.
// Run: KESTREL_TEST_PG_DURABLE=1 bash scripts/test-services.sh start && eval "$(bash scripts/test-services.sh env)" && node --import tsx server/cli/test/orders/order-load.bench.ts
// Env: RATE (1000), SECONDS (10), ACCOUNTS (20), LADDER ("500,1000,2000,3000,4000,5000,6000"), STEP_SECONDS (5),
// POOL_MAX (the process's PostgreSQL pool, KESTREL_DATABASE_POOL_MAX; default the product default, 10),
// ENGINE=1 (the real execution service — C++ engine shards, journal, orders.commands consumer — in
// place of the engine-backed test venue; its CPU is counted with the rest of this process),
// PROFILE=<file> (a V8 CPU profile of this process over the POST step at RATE, until drained),
// LOG_LEVEL (the server's log level, default silent; `info` is the product default: its JSON lines
// go to stdout, so filter them out, e.g. `| grep -v '^{'`), LADDER_ASYNC=1 (the ladder's orders
// with `Prefer: respond-async`).
// With the engine: ENGINE=1 RATE=1000 SECONDS=5 LADDER=100,200,400,600 STEP_SECONDS=5 node --import tsx server/cli/test/orders/order-load.bench.ts
import { writeFile } from 'node:fs/promises';
import inspector from 'node:inspector/promises';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { cpuBetween, cpuSnapshot, postgresDurability, type CpuSnapshot } from '@kestrel/server-common';
import { OrderHarness, stock, type TestUser } from './support/harness.js';
import type { LoadResult, LoadStep, LoadVariant } from './support/open-loop-client.js';

const RATE = Number(process.env.RATE ?? 1000);
const SECONDS = Number(process.env.SECONDS ?? 10);
const ACCOUNTS = Number(process.env.ACCOUNTS ?? 20);
const LADDER = (process.env.LADDER ?? '500,1000,2000,3000,4000,5000,6000').split(',').map(Number).filter((rate) => rate > 0);
const STEP_SECONDS = Number(process.env.STEP_SECONDS ?? 5);
const POOL_MAX = process.env.POOL_MAX;
const ENGINE = process.env.ENGINE === '1';
const PROFILE = process.env.PROFILE;
const LOG_LEVEL = process.env.LOG_LEVEL;
const LADDER_ASYNC = process.env.LADDER_ASYNC === '1';
const REQUIRE_DURABLE = process.env.DURABLE !== '0';

function quantile(sorted: number[], q: number): number {
  return sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function summary(result: LoadResult): { p50: number; p99: number; text: string } {
  const sorted = [...result.latenciesMs].sort((a, b) => a - b);
  const p50 = quantile(sorted, 0.5);
  const p99 = quantile(sorted, 0.99);
  const achieved = (result.completed / result.elapsedMs) * 1000;
  const text =
    `${result.completed}/${result.scheduled} ok, ${result.failed} failed ${JSON.stringify(result.statuses)}, ${achieved.toFixed(0)}/s achieved; ` +
    `p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms, p99.9 ${quantile(sorted, 0.999).toFixed(2)} ms, max ${(sorted.at(-1) ?? Number.NaN).toFixed(2)} ms`;
  return { p50, p99, text };
}

function load(step: LoadStep): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL('./support/open-loop-client.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'] });
    child.once('message', (result) => resolve(result as LoadResult));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the load client exited with ${code}`));
    });
    child.send(step);
  });
}

/** CPU ms per order (or other request) between two snapshots (node, PostgreSQL, total). */
function cpuPerOrder(before: CpuSnapshot, after: CpuSnapshot, orders: number, noun = 'order'): string {
  const { nodeMs, postgresMs } = cpuBetween(before, after);
  const total = (nodeMs + postgresMs) / orders;
  return `CPU per ${noun}: node ${(nodeMs / orders).toFixed(2)} ms + PostgreSQL ${(postgresMs / orders).toFixed(2)} ms = ${total.toFixed(2)} ms (2 idle cores: ~${Math.floor(2000 / total)} ${noun}s/s)`;
}

/** A started V8 CPU profiler of this process (the server side: the load client is another process). */
async function startProfiler(): Promise<inspector.Session> {
  const session = new inspector.Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return session;
}

/** Sum (s) and count of each order-entry stage so far (kestrel_order_entry_stage_seconds). */
async function stageTotals(registry: OrderHarness['deps']['metrics']['registry']): Promise<Map<string, { sum: number; count: number }>> {
  const totals = new Map<string, { sum: number; count: number }>();
  const metric = registry.getSingleMetric('kestrel_order_entry_stage_seconds');
  for (const value of metric ? (await metric.get()).values : []) {
    const name = (value as { metricName?: string }).metricName;
    const stage = String(value.labels.stage);
    const entry = totals.get(stage) ?? { sum: 0, count: 0 };
    if (name?.endsWith('_sum')) entry.sum = value.value;
    else if (name?.endsWith('_count')) entry.count = value.value;
    else continue;
    totals.set(stage, entry);
  }
  return totals;
}

/** The mean time of each stage between two stageTotals. */
function stageMeans(before: Map<string, { sum: number; count: number }>, after: Map<string, { sum: number; count: number }>): string {
  return ['record', 'check', 'route']
    .map((stage) => {
      const a = after.get(stage) ?? { sum: 0, count: 0 };
      const b = before.get(stage) ?? { sum: 0, count: 0 };
      return `${stage} ${a.count === b.count ? '-' : (((a.sum - b.sum) / (a.count - b.count)) * 1000).toFixed(1)} ms`;
    })
    .join(', ');
}

const loadAverage = () => os.loadavg().map((value) => value.toFixed(2)).join(' ');

const env: Record<string, string> = {};
if (POOL_MAX !== undefined) env.KESTREL_DATABASE_POOL_MAX = POOL_MAX;
if (LOG_LEVEL !== undefined) env.KESTREL_LOG_LEVEL = LOG_LEVEL;
const h = await OrderHarness.start({ engine: ENGINE, env });
try {
  const durability = await postgresDurability(h.deps.db);
  if (REQUIRE_DURABLE && !durability.durable) {
    throw new Error(`PostgreSQL runs with ${durability.text}: a commit is not on disk when it returns. Restart the test services with KESTREL_TEST_PG_DURABLE=1, or pass DURABLE=0 to measure anyway.`);
  }
  await h.instrument(stock('BENCH'));
  const owners: { user: TestUser; account: string }[] = [];
  for (let i = 0; i < ACCOUNTS; i += 1) {
    const user = await h.user('trader');
    owners.push({ user, account: await h.account(user, 900_000_000_000) });
  }
  const origin = await h.app.listen({ host: '127.0.0.1', port: 0 }).then(() => `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`);
  const auth = (user: TestUser) => ({ authorization: `Bearer ${user.accessToken}` });
  const orderVariants: LoadVariant[] = owners.map(({ user, account }) => ({
    path: '/v1/orders',
    headers: auth(user),
    body: { clientOrderId: 'bench-{n}', accountId: account, symbol: 'BENCH', side: 'buy', type: 'limit', timeInForce: 'GTC', quantityLots: 1, limitPriceTicks: 1_000 },
  }));
  const database = (await h.deps.db.query<{ name: string }>('SELECT current_database() AS name')).rows[0]!.name;
  let steps = 0;
  const step = (method: 'GET' | 'POST', variants: LoadVariant[], ratePerSecond: number, seconds: number) =>
    load({ origin, method, variants, ratePerSecond, durationMs: seconds * 1000, connections: 64, maxInFlight: 4096, tag: `s${++steps}` });
  /** Lets the venue's reports and the outbox catch up so one step's backlog does not land on the next. */
  // Polled every 250 ms: the check scans the open orders, and polling it faster would be counted
  // in the CPU per order of a step that left a backlog.
  const quiesce = async () => {
    await h.waitFor(
      async () =>
        (await h.deps.db.query('SELECT 1 FROM outbox WHERE published_at IS NULL LIMIT 1')).rowCount === 0 &&
        (await h.deps.db.query("SELECT 1 FROM order_orders WHERE status = 'new' LIMIT 1")).rowCount === 0,
      'the outbox to drain and every order to be accepted',
      120_000,
      250,
    );
  };

  /**
   * Waits until a step's `orders` got through, then prints the rate at which they did (the POST
   * answers before the venue, or execution, has seen an order: this is the rate through the whole
   * path, backlog included) and their CPU per order since `cpuBefore`.
   */
  const reportThroughPath = async (startedMs: number, orders: number, cpuBefore: CpuSnapshot, indent: string) => {
    await quiesce();
    const seconds = (performance.now() - startedMs) / 1000;
    console.log(`${indent}every order accepted and the outbox drained ${seconds.toFixed(1)} s after the step began: ${(orders / seconds).toFixed(0)} orders/s end to end`);
    console.log(`${indent}${cpuPerOrder(cpuBefore, await cpuSnapshot(h.deps.db, database), orders)}`);
  };

  await step('POST', orderVariants, 200, 2);
  await quiesce();
  const probe = await h.call('POST', '/v1/orders', { as: owners[0]!.user, body: { ...orderVariants[0]!.body, clientOrderId: 'probe' } });
  const probeId = probe.json().id as string;

  console.log(`# order entry, open loop over HTTP on ${origin}, ${ACCOUNTS} accounts, ${ENGINE ? 'execution service (engine)' : 'test venue'}, PostgreSQL pool ${POOL_MAX ?? 'default (10)'}, ${os.cpus().length} cores`);
  console.log(`PostgreSQL: ${durability.text} (${durability.durable ? 'durable' : 'NOT durable: a commit may be lost in a crash'})`);
  console.log(`load average before: ${loadAverage()}`);
  let cpuMark = await cpuSnapshot(h.deps.db, database);
  const liveResult = await step('GET', [{ path: '/health/live', headers: {} }], RATE, SECONDS);
  const live = summary(liveResult);
  console.log(`baseline GET /health/live at ${RATE}/s: ${live.text}`);
  console.log(`  ${cpuPerOrder(cpuMark, (cpuMark = await cpuSnapshot(h.deps.db, database)), liveResult.completed, 'request')}`);
  const readResult = await step('GET', [{ path: `/v1/orders/${probeId}`, headers: auth(owners[0]!.user) }], RATE, SECONDS);
  const read = summary(readResult);
  console.log(`baseline GET /v1/orders/:id at ${RATE}/s: ${read.text}`);
  console.log(`  ${cpuPerOrder(cpuMark, await cpuSnapshot(h.deps.db, database), readResult.completed, 'request')}`);
  const profiler = PROFILE === undefined ? undefined : await startProfiler();
  const cpuBefore = await cpuSnapshot(h.deps.db, database);
  const stagesBefore = await stageTotals(h.deps.metrics.registry);
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  const stepStarted = performance.now();
  const ordersResult = await step('POST', orderVariants, RATE, SECONDS);
  loopDelay.disable();
  const ms = (ns: number) => (ns / 1e6).toFixed(1);
  const delays = (histogram: typeof loopDelay) => `p50 ${ms(histogram.percentile(50))} ms, p99 ${ms(histogram.percentile(99))} ms, max ${ms(histogram.max)} ms`;
  const orders = summary(ordersResult);
  console.log(`POST /v1/orders at ${RATE}/s: ${orders.text}`);
  console.log(`  event-loop delay of the server during the step: ${delays(loopDelay)}`);
  console.log(`  mean time per order-entry stage: ${stageMeans(stagesBefore, await stageTotals(h.deps.metrics.registry))}`);
  console.log(`ratio p99 order / p99 health: ${(orders.p99 / live.p99).toFixed(1)}; order / authenticated read: ${(orders.p99 / read.p99).toFixed(1)}`);
  console.log(`load average after: ${loadAverage()}`);
  await reportThroughPath(stepStarted, ordersResult.completed, cpuBefore, '');
  if (profiler && PROFILE !== undefined) {
    await writeFile(PROFILE, JSON.stringify((await profiler.post('Profiler.stop')).profile));
    profiler.disconnect();
    console.log(`CPU profile of this process over the step (until drained): ${PROFILE}`);
  }

  // The same orders answered once recorded: the check and routing run after the answer.
  const asyncVariants = orderVariants.map((variant) => ({ ...variant, headers: { ...variant.headers, prefer: 'respond-async' } }));
  const asyncCpuBefore = await cpuSnapshot(h.deps.db, database);
  const asyncStagesBefore = await stageTotals(h.deps.metrics.registry);
  const asyncStarted = performance.now();
  const asyncResult = await step('POST', asyncVariants, RATE, SECONDS);
  console.log(`POST /v1/orders with Prefer: respond-async at ${RATE}/s: ${summary(asyncResult).text}`);
  console.log(`  mean time per order-entry stage: ${stageMeans(asyncStagesBefore, await stageTotals(h.deps.metrics.registry))}`);
  await reportThroughPath(asyncStarted, asyncResult.completed, asyncCpuBefore, '  ');

  let sustained = 0;
  for (const rate of LADDER) {
    const before = await cpuSnapshot(h.deps.db, database);
    const stagesAtStart = await stageTotals(h.deps.metrics.registry);
    const stepDelay = monitorEventLoopDelay({ resolution: 1 });
    stepDelay.enable();
    const result = await step('POST', LADDER_ASYNC ? asyncVariants : orderVariants, rate, STEP_SECONDS);
    stepDelay.disable();
    const { p99, text } = summary(result);
    const kept = result.failed === 0 && result.completed === result.scheduled && result.elapsedMs <= STEP_SECONDS * 1100 && p99 < 100;
    console.log(`ladder ${rate}/s for ${STEP_SECONDS} s: ${text} -> ${kept ? 'sustained' : 'NOT sustained'} (load ${loadAverage()})`);
    console.log(`  event-loop delay: ${delays(stepDelay)}; mean per stage: ${stageMeans(stagesAtStart, await stageTotals(h.deps.metrics.registry))}`);
    await quiesce();
    console.log(`  ${cpuPerOrder(before, await cpuSnapshot(h.deps.db, database), result.completed)}`);
    if (!kept) break;
    sustained = rate;
  }
  console.log(`maximum sustained order entry${LADDER_ASYNC ? ' (Prefer: respond-async)' : ''}: ${sustained}/s`);
} finally {
  await h.close();
}
