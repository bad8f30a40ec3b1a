// Backtest throughput: sma-cross(10, 30, size 10) over (a) a large synthetic random walk and (b)
// the GOOG daily file repeated end to end, on one core, next-open fills, no commission. Reports
// bars/s as the best of 3 runs (wall clock and process CPU time), the whole runBacktest call
// included (statistics, equity curve). Baseline in the same run: backtesting.py (PyPI
// `backtesting`) on the same bars and the same strategy semantics (bench/backtesting_py_sma_cross.py),
// on a subset because it is far slower; both must produce the same number of trades and the same
// final value, and Kestrel is timed on that subset too for the ratio.
// Also: level-2 replays (LOBSTER AMZN level-1 book snapshots and executions, repeated) with a
// strategy attached, on the pure-TypeScript book model and on the matching engine (engine book),
// in events/s.
// Usage: npx tsx server/strategy/src/domain/backtest/backtest.bench.ts [--python <python3 with backtesting>]
//        [--synthetic <bars>] [--repeat <GOOG copies>] [--l2-repeat <AMZN copies>]
//        (scripts/bench-backtest.sh sets up the venv).

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { defineParams, defineStrategy, readOhlcvCsv, type MarketBar, type StrategyDefinition } from '@kestrel/shared';
import { marketMaker } from '../strategies/market-maker.js';
import { smaCross } from '../strategies/sma-cross.js';
import { runBacktest, type BacktestResult } from './backtest-engine.js';
import { barSeries, seriesBar, seriesLength, sliceByTime, seriesTime, type ArrayBarSeries, type BarSeries } from './bar-series.js';
import { BookFillModel } from './book-fill-model.js';
import { EngineBookFillModel } from './engine-book-fill-model.js';
import type { EventSeries, ReplayEvent } from './event-series.js';
import type { FillModel } from './fill-model.js';
import { lobsterSeries } from './lobster-book.js';
import { syntheticSeries } from './synthetic-bars.js';

const { values: args } = parseArgs({
  options: {
    python: { type: 'string' },
    synthetic: { type: 'string', default: '5000000' },
    repeat: { type: 'string', default: '500' },
    'python-synthetic': { type: 'string', default: '200000' },
    'python-repeat': { type: 'string', default: '50' },
    'l2-repeat': { type: 'string', default: '20' },
  },
});

const PARAMS = { fast: 10, slow: 30, size: 10 };
const CASH_MINOR = 100_000_000; // 1,000,000.00: enough that backtesting.py never refuses an order for margin
const DAY = 86_400_000;

/** GOOG's bars `copies` times in a row, timestamps shifted so they keep increasing. */
function repeatGoog(copies: number): ArrayBarSeries {
  const goog = barSeries('GOOG', readOhlcvCsv(readFileSync(new URL('../../../../../../shared/data/ohlcv/GOOG.csv', import.meta.url), 'utf8')).bars);
  const span = goog.bars.at(-1)!.timestamp - goog.bars[0]!.timestamp + DAY;
  const bars: MarketBar[] = [];
  for (let c = 0; c < copies; c++) for (const bar of goog.bars) bars.push({ ...bar, timestamp: bar.timestamp + c * span });
  return { symbol: 'GOOG', tickSize: '0.01', bars };
}

interface Timing {
  barsPerSecond: number;
  cpuBarsPerSecond: number;
  result: BacktestResult;
}

function timeKestrel(series: BarSeries): Timing {
  let best = Infinity;
  let bestCpu = Infinity;
  let result: BacktestResult | undefined;
  for (let run = 0; run < 3; run++) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    result = runBacktest({ definition: smaCross, params: PARAMS }, [series], { initialCashMinor: CASH_MINOR, moneyDecimals: 2, recordFills: false });
    best = Math.min(best, (performance.now() - started) / 1000);
    const used = process.cpuUsage(cpu);
    bestCpu = Math.min(bestCpu, (used.user + used.system) / 1e6);
  }
  return { barsPerSecond: seriesLength(series) / best, cpuBarsPerSecond: seriesLength(series) / bestCpu, result: result! };
}

interface PythonRun {
  bars: number;
  seconds: number;
  finalValue: number;
  trades: number;
}

function timePython(python: string, series: BarSeries, dir: string): PythonRun {
  const file = join(dir, `${series.symbol}-${seriesLength(series)}.csv`);
  const lines = ['Date,Open,High,Low,Close,Volume'];
  for (let i = 0; i < seriesLength(series); i++) {
    const bar = seriesBar(series, i);
    lines.push(`${new Date(bar.timestamp).toISOString().slice(0, 19)},${bar.open},${bar.high},${bar.low},${bar.close},${bar.volume}`);
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  const script = new URL('../../../bench/backtesting_py_sma_cross.py', import.meta.url).pathname;
  const out = execFileSync(python, [script, file, String(PARAMS.fast), String(PARAMS.slow), String(PARAMS.size), String(CASH_MINOR / 100), '2'], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out) as PythonRun;
}

const M = (n: number): string => `${(n / 1e6).toFixed(2)} M`;
const K = (n: number): string => `${(n / 1e3).toFixed(1)} k`;

const large = [
  { name: `synthetic random walk, ${Number(args.synthetic).toLocaleString('en')} bars (columns)`, series: syntheticSeries(Number(args.synthetic), { startTicks: 100_000, stepTicks: 20 }) as BarSeries },
  { name: `GOOG daily x ${args.repeat} (bar objects)`, series: repeatGoog(Number(args.repeat)) as BarSeries },
];

console.log(`Node ${process.version}, sma-cross ${JSON.stringify(PARAMS)}, next-open fills, best of 3\n`);
console.log('| data | bars | Kestrel bars/s (wall) | Kestrel bars/s (CPU) | fills | closed trades |');
console.log('|---|---|---|---|---|---|');
for (const { name, series } of large) {
  const timing = timeKestrel(series);
  console.log(`| ${name} | ${seriesLength(series).toLocaleString('en')} | ${M(timing.barsPerSecond)} | ${M(timing.cpuBarsPerSecond)} | ${timing.result.fillCount.toLocaleString('en')} | ${timing.result.trades.length.toLocaleString('en')} |`);
}

{
  const dir = new URL('../../../../../../shared/data/lobster/', import.meta.url);
  const amzn = lobsterSeries(
    readFileSync(new URL('AMZN_2012-06-21_34200000_57600000_message_1.csv', dir), 'utf8'),
    readFileSync(new URL('AMZN_2012-06-21_34200000_57600000_orderbook_1.csv', dir), 'utf8'),
    { symbol: 'AMZN', day: '2012-06-21', utcOffsetMinutes: -240 },
  );
  const copies = Number(args['l2-repeat']);
  const events: ReplayEvent[] = [];
  for (let c = 0; c < copies; c++) for (const event of amzn.events) events.push({ ...event, timeMicros: event.timeMicros + c * DAY * 1000 });
  const series: EventSeries = { symbol: 'AMZN', tickSize: amzn.tickSize, events };
  // A light strategy: reads the top of book on every snapshot, trades on queue imbalance every
  // 1,000th snapshot (the harness cost); the market maker re-quotes on every snapshot (order-heavy).
  const imbalance = defineStrategy({
    name: 'book-imbalance',
    description: 'bench only',
    params: defineParams({}),
    create: () => {
      let seen = 0;
      return {
        onBook(ctx, book) {
          const bid = book.bids[0];
          const ask = book.asks[0];
          if (bid === undefined || ask === undefined || ++seen % 1000 !== 0) return;
          const position = ctx.position();
          if (bid[1] > 2 * ask[1] && position <= 0) ctx.buy(100 - position);
          else if (ask[1] > 2 * bid[1] && position >= 0) ctx.sell(100 + position);
        },
      };
    },
  }) as unknown as StrategyDefinition;
  const runs: [string, StrategyDefinition, Record<string, number>, () => FillModel][] = [
    ['book-imbalance (light)', imbalance, {}, () => new BookFillModel()],
    ['book-imbalance (light)', imbalance, {}, () => new EngineBookFillModel()],
    ['market-maker (re-quotes every snapshot)', marketMaker as unknown as StrategyDefinition, { halfSpread: 2, size: 100, maxPosition: 300, skew: 1 }, () => new BookFillModel()],
    ['market-maker (re-quotes every snapshot)', marketMaker as unknown as StrategyDefinition, { halfSpread: 2, size: 100, maxPosition: 300, skew: 1 }, () => new EngineBookFillModel()],
  ];
  console.log(`\nL2 replay: LOBSTER AMZN 2012-06-21 level 1 x ${copies} (${events.length.toLocaleString('en')} book snapshots + executions), best of 3\n`);
  console.log('| strategy | fill model | events/s (wall) | events/s (CPU) | orders | fills |');
  console.log('|---|---|---|---|---|---|');
  for (const [name, definition, params, fill] of runs) {
    let best = Infinity;
    let bestCpu = Infinity;
    let result: BacktestResult | undefined;
    for (let run = 0; run < 3; run++) {
      const cpu = process.cpuUsage();
      const started = performance.now();
      result = runBacktest({ definition, params }, [series], { initialCashMinor: CASH_MINOR, moneyDecimals: 2, recordFills: false, fill: fill() });
      best = Math.min(best, (performance.now() - started) / 1000);
      const used = process.cpuUsage(cpu);
      bestCpu = Math.min(bestCpu, (used.user + used.system) / 1e6);
    }
    console.log(`| ${name} | ${result!.fillModel} | ${M(events.length / best)} | ${M(events.length / bestCpu)} | ${result!.orderCount.toLocaleString('en')} | ${result!.fillCount.toLocaleString('en')} |`);
  }
}

if (args.python === undefined) {
  console.log('\n(no --python given: the backtesting.py baseline was skipped; scripts/bench-backtest.sh sets it up)');
} else {
  const version = execFileSync(args.python, ['-c', 'import backtesting, pandas, numpy, sys; print(backtesting.__version__, pandas.__version__, numpy.__version__, sys.version.split()[0])'], { encoding: 'utf8' }).trim().split(' ');
  console.log(`\nBaseline: backtesting.py ${version[0]} (pandas ${version[1]}, numpy ${version[2]}, Python ${version[3]}), best of 2, timed around Backtest.run()\n`);
  console.log('| data | bars | Kestrel bars/s | backtesting.py bars/s | ratio | trades (Kestrel / backtesting.py) | final value (Kestrel / backtesting.py) | same result |');
  console.log('|---|---|---|---|---|---|---|---|');
  const dir = mkdtempSync(join(tmpdir(), 'kestrel-bench-'));
  try {
    const subsets = [
      { name: 'synthetic random walk (first bars)', series: sliceByTime(large[0]!.series, -Infinity, seriesTime(large[0]!.series, Number(args['python-synthetic']))) },
      { name: `GOOG daily x ${args['python-repeat']}`, series: repeatGoog(Number(args['python-repeat'])) },
      { name: 'GOOG daily (the file)', series: repeatGoog(1) },
    ];
    for (const { name, series } of subsets) {
      const ours = timeKestrel(series);
      const theirs = timePython(args.python, series, dir);
      const finalValue = ours.result.finalValueMinor / 100;
      const same = ours.result.trades.length === theirs.trades && Math.abs(finalValue - theirs.finalValue) < 1e-6 * Math.max(1, finalValue);
      const pythonRate = theirs.bars / theirs.seconds;
      console.log(
        `| ${name} | ${seriesLength(series).toLocaleString('en')} | ${M(ours.barsPerSecond)} | ${K(pythonRate)} | ${(ours.barsPerSecond / pythonRate).toFixed(0)}x | ${ours.result.trades.length} / ${theirs.trades} | ${finalValue} / ${theirs.finalValue} | ${same ? 'yes' : 'NO'} |`,
      );
      if (!same) process.exitCode = 1;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
