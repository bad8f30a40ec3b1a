// `npx kestrel backtest` end to end from the repository root, on the real sample files, checked
// against an independent straightforward calculation written here: its own CSV split, integer-cent
// prices, SMAs as windowed sums per bar, crosses by the last non-zero sign, fills at the next bar's
// open, value = cash + position x last close. Statistics are re-derived from the printed equity
// curve with textbook formulas. Also: the pre-flight check (the minute file's no-trade minutes and
// early close pass, a real hole is refused), exit codes and usage errors.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const GOOG = '../shared/data/ohlcv/GOOG.csv';
const MINUTES = '../shared/data/ohlcv/2006-01-02-volume-min-001.txt';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function kestrel(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile('npx', ['kestrel', ...args], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

async function json(...args: string[]): Promise<Record<string, unknown>> {
  const run = await kestrel(...args, '--json');
  assert.equal(run.code, 0, run.stderr);
  const lines = run.stdout.trim().split('\n');
  assert.equal(lines.length, 1, 'exactly one JSON object');
  return JSON.parse(lines[0]!) as Record<string, unknown>;
}

/** Decimal text to integer hundredths, without floats. */
function cents(text: string): number {
  const [whole = '0', fraction = ''] = text.trim().split('.');
  return Number(whole) * 100 + Number((fraction + '00').slice(0, 2));
}

/** Opens and closes in cents, read with a plain split (GOOG: date,o,h,l,c,v; minute file: date,time,o,h,l,c,v,oi). */
function readBars(path: string): { open: number[]; close: number[] } {
  const lines = readFileSync(join(ROOT, path), 'utf8').split(/\r?\n/).filter((line) => line.trim() !== '');
  const open: number[] = [];
  const close: number[] = [];
  for (const line of lines.slice(1)) {
    const fields = line.split(',');
    const offset = fields.length === 8 ? 2 : 1;
    open.push(cents(fields[offset]!));
    close.push(cents(fields[offset + 3]!));
  }
  return { open, close };
}

/** The reference sma-cross: returns the final value in cents, closed trades and fills. */
function reference(path: string, fast: number, slow: number, size: number, cashCents: number) {
  const { open, close } = readBars(path);
  const mean = (i: number, n: number): [number, number] => {
    let sum = 0;
    for (let k = i - n + 1; k <= i; k++) sum += close[k]!;
    return [sum, n];
  };
  let cash = cashCents;
  let position = 0;
  let pending = 0;
  let lastSign = 0;
  let fills = 0;
  let closedTrades = 0;
  for (let i = 0; i < close.length; i++) {
    if (pending !== 0) {
      cash -= pending * open[i]!;
      if (position !== 0 && position + pending === 0) closedTrades++;
      position += pending;
      pending = 0;
      fills++;
    }
    if (i < Math.max(fast, slow) - 1) continue;
    const [fastSum] = mean(i, fast);
    const [slowSum] = mean(i, slow);
    // Compare the means exactly: fastSum / fast vs slowSum / slow.
    const sign = Math.sign(fastSum * slow - slowSum * fast);
    if (sign === 0) continue;
    const previous = lastSign;
    lastSign = sign;
    if (previous === 0 || previous === sign) continue;
    if (sign > 0 && position === 0) pending = size;
    else if (sign < 0 && position > 0) pending = -position;
  }
  return { finalValueCents: cash + position * close.at(-1)!, closedTrades, fills };
}

test('the brief command on GOOG equals the independent calculation', async () => {
  const out = await json('backtest', '--data', GOOG, '--strategy', 'sma-cross', '--param', 'fast=10', '--param', 'slow=30', '--size', '10', '--cash', '10000', '--fill', 'next-open');
  const expected = reference(GOOG, 10, 30, 10, 1_000_000);
  assert.equal(out.finalValue, expected.finalValueCents / 100);
  assert.equal(out.closedTrades, expected.closedTrades);
  assert.equal(out.fills, expected.fills);
  assert.equal(out.finalValue, 17739.4, 'the same as backtesting.py (see docs/benchmarks.md)');
  for (const key of ['totalReturn', 'annualReturn', 'volatility', 'sharpe', 'sortino', 'maxDrawdown', 'maxDrawdownDurationBars', 'calmar', 'winRate', 'profitFactor', 'expectancy', 'exposure']) {
    assert.equal(typeof out[key], 'number', key);
    assert.equal((out.statistics as Record<string, unknown>)[key], out[key], `statistics.${key}`);
  }
});

test('other parameters on GOOG, equal windows never trade, and the minute file (no --allow-gaps needed)', async () => {
  const cases: [string, number, number, number, string][] = [
    [GOOG, 5, 20, 7, '2500.50'],
    [GOOG, 30, 30, 1, '10000'],
    [GOOG, 50, 10, 3, '10000'],
    [MINUTES, 10, 30, 1, '10000'],
    [MINUTES, 60, 240, 2, '100000'],
  ];
  for (const [path, fast, slow, size, cash] of cases) {
    const args = ['backtest', '--data', path, '--strategy', 'sma-cross', '--param', `fast=${fast}`, '--param', `slow=${slow}`, '--size', String(size), '--cash', cash, '--fill', 'next-open'];
    const out = await json(...args);
    const expected = reference(path, fast, slow, size, cents(cash));
    const label = `${path} ${fast}/${slow}`;
    assert.equal(out.finalValue, expected.finalValueCents / 100, label);
    assert.equal(out.closedTrades, expected.closedTrades, label);
    assert.equal(out.fills, expected.fills, label);
    if (fast === slow) assert.equal(out.fills, 0);
    else assert.ok((out.fills as number) > 3, label);
  }
});

test('the brief command runs on the minute file by default: no-trade minutes counted, early close warned', async () => {
  const out = await json('backtest', '--data', MINUTES, '--strategy', 'sma-cross', '--param', 'fast=10', '--param', 'slow=30', '--size', '10', '--cash', '10000', '--fill', 'next-open');
  const expected = reference(MINUTES, 10, 30, 10, 1_000_000);
  assert.equal(out.finalValue, expected.finalValueCents / 100);
  assert.equal(out.closedTrades, expected.closedTrades);
  assert.equal(out.fills, expected.fills);
  const data = out.data as Record<string, unknown>;
  assert.equal(data.gaps, 0);
  assert.equal(data.missingBars, 0);
  assert.equal(data.idleIntervals, 551);
  assert.equal(data.idleBars, 644);
  // On every weekday (2006-01-02 is an NYSE holiday under the default calendar) the early close is named.
  const weekdays = await json('backtest', '--data', MINUTES, '--strategy', 'sma-cross', '--size', '1', '--calendar', 'weekdays');
  assert.match((weekdays.warnings as string[]).join('\n'), /2006-01-02 ends 20:04, session ends 22:00/);
  const strict = await kestrel('backtest', '--data', MINUTES, '--strategy', 'sma-cross', '--size', '1', '--calendar', 'weekdays', '--strict-sessions');
  assert.equal(strict.code, 65);
  assert.match(strict.stderr, /BACKTEST_DATA_GAPS: .*2006-01-02 20:05:00 \.\. 2006-01-02 22:00:00 \(116 bars\)/);
  const noIdle = await kestrel('backtest', '--data', MINUTES, '--strategy', 'sma-cross', '--size', '1', '--json', '--max-idle-bars', '0');
  assert.equal(noIdle.code, 65);
  assert.equal(noIdle.stdout, '');
  assert.match(noIdle.stderr, /BACKTEST_DATA_GAPS: 2006-01-02-VOLUME-MIN-001: 551 gaps with 644 missing bars/);
  assert.match(noIdle.stderr, /2006-01-03 11:24:00 \(1 bar\)/);
  assert.match(noIdle.stderr, /--allow-gaps/);
});

test('real holes are refused: minute data with a 60-minute hole, GOOG with a month removed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kestrel-gaps-'));
  const [header, ...rows] = readFileSync(join(ROOT, MINUTES), 'utf8').trim().split(/\r?\n/);
  // Rows are date,time,...: drop 2006-01-03 15:00 .. 15:59 (the file has a bar for each of them and the minutes around).
  const inHole = (row: string) => row.startsWith('2006-01-03,15:');
  assert.equal(rows.filter(inHole).length, 60, 'the hole removes 60 bars');
  const minuteFile = join(dir, 'minutes-hole.txt');
  writeFileSync(minuteFile, [header, ...rows.filter((row) => !inHole(row))].join('\n'));
  const minuteRun = await kestrel('backtest', '--data', minuteFile, '--strategy', 'sma-cross', '--size', '1', '--json');
  assert.equal(minuteRun.code, 65, minuteRun.stderr);
  assert.equal(minuteRun.stdout, '');
  assert.match(minuteRun.stderr, /BACKTEST_DATA_GAPS: .*: 1 gap with 60 missing bars/);
  assert.match(minuteRun.stderr, /2006-01-03 15:00:00 \.\. 2006-01-03 15:59:00 \(60 bars\)/);
  assert.equal((await kestrel('backtest', '--data', minuteFile, '--strategy', 'sma-cross', '--size', '1', '--json', '--max-idle-bars', '60')).code, 0);

  const [googHeader, ...googRows] = readFileSync(join(ROOT, GOOG), 'utf8').trim().split(/\r?\n/);
  const googFile = join(dir, 'goog-hole.csv');
  writeFileSync(googFile, [googHeader, ...googRows.filter((row) => !row.startsWith('2009-03-'))].join('\n'));
  const googRun = await kestrel('backtest', '--data', googFile, '--strategy', 'sma-cross', '--size', '1');
  assert.equal(googRun.code, 65);
  assert.match(googRun.stderr, /BACKTEST_DATA_GAPS: .*1 gap with 22 missing bars.*2009-03-02 \.\. 2009-03-31 \(22 bars\)/);
});

test('extra columns (Adj Close) and header case do not matter; cash is exact', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kestrel-backtest-'));
  const lines = readFileSync(join(ROOT, GOOG), 'utf8').trim().split('\n');
  const rows = lines.slice(1).map((line) => {
    const [date, o, h, l, c, v] = line.split(',');
    return `${date},${o},${h},${l},${c},${c},${v}`;
  });
  const file = join(dir, 'goog-adj.csv');
  writeFileSync(file, ['DATE,open,HIGH,Low,close,Adj Close,Volume', ...rows].join('\n'));
  const out = await json('backtest', '--data', file, '--strategy', 'sma-cross', '--param', 'fast=10', '--param', 'slow=30', '--size', '10', '--cash', '10000.07');
  assert.equal(out.finalValue, (reference(GOOG, 10, 30, 10, 1_000_007).finalValueCents) / 100);
  assert.deepEqual((out.data as { ignoredColumns: string[] }).ignoredColumns, ['Adj Close']);
});

test('statistics equal textbook formulas over the printed equity curve', async () => {
  const out = await json('backtest', '--data', GOOG, '--strategy', 'sma-cross', '--size', '10', '--equity', '--trades');
  const curve = (out.equityCurve as { value: number }[]).map((point) => point.value);
  const values = [out.initialCash as number, ...curve];
  const returns = curve.map((v, i) => v / values[i]! - 1);
  const n = returns.length;
  const mean = returns.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(returns.reduce((a, r) => a + (r - mean) ** 2, 0) / (n - 1));
  const downside = Math.sqrt(returns.reduce((a, r) => a + Math.min(0, r) ** 2, 0) / n);
  let peak = values[0]!;
  let maxDrawdown = 0;
  for (const v of curve) {
    peak = Math.max(peak, v);
    maxDrawdown = Math.max(maxDrawdown, 1 - v / peak);
  }
  const pnl = (out.tradeList as { pnl: number }[]).map((trade) => trade.pnl);
  const near = (a: unknown, b: number, what: string) => assert.ok(Math.abs((a as number) - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${what}: ${String(a)} vs ${b}`);
  near(out.sharpe, (mean / sd) * Math.sqrt(252), 'sharpe');
  near(out.sortino, (mean / downside) * Math.sqrt(252), 'sortino');
  near(out.volatility, sd * Math.sqrt(252), 'volatility');
  near(out.maxDrawdown, maxDrawdown, 'max drawdown');
  near(out.totalReturn, curve.at(-1)! / values[0]! - 1, 'total return');
  near(out.annualReturn, (curve.at(-1)! / values[0]!) ** (252 / n) - 1, 'annual return');
  near(out.winRate, pnl.filter((p) => p > 0).length / pnl.length, 'win rate');
  near(out.expectancy, pnl.reduce((a, b) => a + b, 0) / pnl.length, 'expectancy');
  near(out.profitFactor, pnl.filter((p) => p > 0).reduce((a, b) => a + b, 0) / -pnl.filter((p) => p < 0).reduce((a, b) => a + b, 0), 'profit factor');
});

test('help, usage errors (64) and missing data (65)', async () => {
  const help = await kestrel('--help');
  assert.equal(help.code, 0);
  assert.match(help.stdout, /backtest --data <csv> --strategy <name>/);
  const backtestHelp = await kestrel('backtest', '--help');
  assert.equal(backtestHelp.code, 0);
  assert.match(backtestHelp.stdout, /--allow-gaps/);
  const cases: [string[], number, RegExp][] = [
    [['--strategy', 'sma-cross'], 64, /needs --data/],
    [['--data', GOOG, '--strategy', 'nope'], 64, /BACKTEST_STRATEGY_UNKNOWN/],
    [['--data', GOOG, '--strategy', 'sma-cross', '--param', 'fast=ten'], 64, /STRATEGY_PARAM_INVALID: fast/],
    [['--data', GOOG, '--strategy', 'sma-cross', '--param', 'speed=1'], 64, /STRATEGY_PARAM_UNKNOWN/],
    [['--data', GOOG, '--strategy', 'sma-cross', '--fill', 'mid'], 64, /--fill must be next-open or close/],
    [['--data', GOOG, '--strategy', 'sma-cross', '--commission', 'per-lot:1'], 64, /kind must be/],
    [['--data', 'no/such/file.csv', '--strategy', 'sma-cross'], 65, /BACKTEST_DATA_MISSING/],
    [['--data', GOOG, '--strategy', 'sma-cross', '--from', '2001-01-01'], 65, /BACKTEST_DATA_MISSING: GOOG: no data for 2001-01-01/],
  ];
  for (const [args, code, message] of cases) {
    const run = await kestrel('backtest', ...args);
    assert.equal(run.code, code, `${args.join(' ')}: ${run.stderr}`);
    assert.match(run.stderr, message);
  }
});
