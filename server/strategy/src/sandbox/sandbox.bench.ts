// Live-runtime throughput: how many bars per second a deployment's sandbox worker can take — each
// bar posted to the worker (structured clone), fed to MarketData and sma-cross(10, 30) through the
// live StrategyContext, with the busy clock stamped around the hook — compared in the same run
// with the in-process backtester (runBacktest) running the same strategy over the same bars. The
// ratio is the price of isolation per bar; orders are not placed (the sandbox's order channel is
// the order service's HTTP API, measured by the order benchmarks). Also: time to start a sandbox
// worker and load a compiled source strategy (what a deployment start and a strategy creation pay).
// Usage: npx tsx server/strategy/src/sandbox/sandbox.bench.ts [--bars <n>]
import { parseArgs } from 'node:util';
import { loadavg } from 'node:os';
import { runBacktest } from '../domain/backtest/backtest-engine.js';
import { barSeries } from '../domain/backtest/bar-series.js';
import { syntheticBars } from '../domain/backtest/synthetic-bars.js';
import { smaCross } from '../domain/strategies/sma-cross.js';
import { compileStrategy } from './compile.js';
import { describeStrategy, StrategySandbox } from './strategy-sandbox.js';

const { values: args } = parseArgs({ options: { bars: { type: 'string', default: '200000' } } });
const count = Number(args.bars);
const bars = syntheticBars(count, { seed: 7 }).map((bar) => ({ ...bar, symbol: 'SYN' }));
const LIMITS = { memoryMb: 256, hookTimeoutMs: 5_000 };

/** Bars per second through a sandbox running sma-cross (the worker logs once it has seen them all). */
async function sandboxRate(): Promise<number> {
  const code = await compileStrategy(
    `import { defineParams, defineStrategy } from '@kestrel/shared';
     export default defineStrategy({ name: 'counting-sma', description: 'sma-cross signal, counting bars', params: defineParams({ total: { type: 'integer', default: 1 } }),
       create: () => { let seen = 0; let fast; let slow; let sign = 0;
         return { onStart(ctx) { fast = ctx.sma(10); slow = ctx.sma(30); },
           onBar(ctx) { if (fast.ready && slow.ready) { const s = Math.sign(fast.value - slow.value); if (s !== 0) sign = s; } if (++seen === ctx.params.total) ctx.log.warn('done', { sign }); } }; } });`,
    'typescript',
  );
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (done = resolve));
  let loaded: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (loaded = resolve));
  const sandbox = new StrategySandbox(
    {
      mode: 'run',
      strategy: { code },
      params: { total: count },
      runMode: 'paper',
      accountId: '00000000-0000-4000-8000-000000000001',
      symbols: ['SYN'],
      instruments: [{ symbol: 'SYN', tickSize: '0.01', multiplier: 1 }],
      tickValueMinor: { SYN: 1 },
      account: { cashMinor: 1_000_000, positions: {} },
      orderPrefix: 'b-',
      nextOrderSeq: 1,
      seed: 1,
    },
    LIMITS,
    {
      onMessage: (message) => {
        if (message.type === 'loaded') loaded();
        if (message.type === 'log' && message.message === 'done') done();
      },
      onFailure: (failure) => {
        console.error(`the benchmark strategy failed: ${failure.code}: ${failure.message}`);
        process.exit(1);
      },
    },
  );
  await ready;
  sandbox.send({ type: 'start' });
  const started = process.hrtime.bigint();
  for (const bar of bars) sandbox.send({ type: 'bar', bar });
  await finished;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await sandbox.kill();
  return count / seconds;
}

/** Bars per second of the in-process backtester with sma-cross on the same bars. */
function backtestRate(): number {
  const series = barSeries('SYN', bars, '0.01');
  const started = process.hrtime.bigint();
  runBacktest({ definition: smaCross, params: { fast: 10, slow: 30, size: 1 } }, [series], { initialCashMinor: 1_000_000_00, moneyDecimals: 2 });
  return count / (Number(process.hrtime.bigint() - started) / 1e9);
}

async function loadMs(): Promise<number> {
  const code = await compileStrategy("import { defineParams, defineStrategy } from '@kestrel/shared';\nexport default defineStrategy({ name: 'x', description: 'x', params: defineParams({}), create: () => ({}) });", 'typescript');
  const started = process.hrtime.bigint();
  await describeStrategy({ code }, LIMITS);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const best = (values: number[]): number => Math.max(...values);
const sandbox: number[] = [];
const inProcess: number[] = [];
for (let run = 0; run < 3; run++) {
  sandbox.push(await sandboxRate());
  inProcess.push(backtestRate());
}
const loads: number[] = [];
for (let run = 0; run < 3; run++) loads.push(await loadMs());
const sandboxBest = best(sandbox);
const inProcessBest = best(inProcess);
console.log(
  JSON.stringify(
    {
      bars: count,
      loadAverage: loadavg().map((value) => Number(value.toFixed(2))),
      sandboxBarsPerSecond: Math.round(sandboxBest),
      backtestBarsPerSecond: Math.round(inProcessBest),
      isolationCostRatio: Number((inProcessBest / sandboxBest).toFixed(1)),
      workerStartAndLoadMs: Math.round(Math.min(...loads)),
    },
    null,
    2,
  ),
);
