// `npx kestrel optimise` end to end from the repository root on the real GOOG file: the grid's
// ranking is reproduced point by point by separate `kestrel backtest` runs (final value and the
// objective), serial and parallel runs print the same ranking, a walk-forward analysis chains its
// windows (each starts with the value the previous one ended with; the combined final value is the
// last window's), a random search is deterministic for its seed, bad command lines exit 64 with a
// stable code, and SIGINT cancels a running search with exit 130.

import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const GOOG = '../shared/data/ohlcv/GOOG.csv';
const COMMON = ['--data', GOOG, '--strategy', 'sma-cross', '--size', '10', '--cash', '10000'];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function kestrel(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile('node', ['server/cli/bin/kestrel.js', ...args], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024, timeout: 300_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

async function json(...args: string[]): Promise<Record<string, unknown>> {
  const run = await kestrel(...args, '--json');
  assert.equal(run.code, 0, run.stderr);
  return JSON.parse(run.stdout) as Record<string, unknown>;
}

interface Ranked {
  params: Record<string, number>;
  objective: number | null;
  finalValue: number | null;
  error: { code: string } | null;
}

describe('kestrel optimise', { timeout: 900_000 }, () => {
  it('ranks a grid whose points kestrel backtest reproduces; serial and parallel agree', async () => {
    const grid = ['--space', 'fast=5:15:5', '--space', 'slow=30,50', '--objective', 'finalValue', '--top', '6'];
    const cli = (workers: string) => json('optimise', ...COMMON, ...grid, '--workers', workers);
    const [serial, parallel] = [await cli('1'), await cli('2')];
    assert.equal(serial.points, 6);
    assert.equal(serial.failedPoints, 0);
    assert.deepEqual(parallel.ranking, serial.ranking, 'worker threads give the serial result');
    const ranking = serial.ranking as Ranked[];
    assert.equal(ranking.length, 6);
    for (let i = 1; i < ranking.length; i++) assert.ok(ranking[i - 1]!.finalValue! >= ranking[i]!.finalValue!, 'best first');
    for (const point of ranking) {
      const single = await json('backtest', ...COMMON, '--param', `fast=${point.params.fast}`, '--param', `slow=${point.params.slow}`);
      assert.equal(point.finalValue, single.finalValue, `fast=${point.params.fast} slow=${point.params.slow}`);
      assert.equal(point.objective, single.finalValue);
    }
    assert.deepEqual((serial.best as Ranked).params, ranking[0]!.params);
  });

  it('walk-forward windows chain their capital into the combined out-of-sample result', async () => {
    const out = await json('optimise', ...COMMON, '--space', 'fast=5:15:5', '--space', 'slow=30,50', '--in-sample', '500', '--out-of-sample', '250', '--workers', '2');
    const windows = out.windows as Array<{ index: number; startValue: number; endValue: number; params: Record<string, number>; outOfSample: { from: string; to: string } }>;
    const bars = (out.data as { bars: number }).bars;
    assert.equal(windows.length, Math.ceil((bars - 500) / 250), `${bars} bars in windows of 500 + 250`);
    assert.equal(windows[0]!.startValue, 10_000);
    for (let i = 1; i < windows.length; i++) {
      assert.equal(windows[i]!.startValue, windows[i - 1]!.endValue, `window ${i} starts where ${i - 1} ended`);
      assert.ok(windows[i]!.outOfSample.from > windows[i - 1]!.outOfSample.from);
    }
    assert.equal((out.combined as { finalValue: number }).finalValue, windows[windows.length - 1]!.endValue);
  });

  it('a random search is deterministic for its seed', async () => {
    const args = ['optimise', ...COMMON, '--space', 'fast=3:20', '--space', 'slow=25:120', '--method', 'random', '--samples', '8', '--seed', '7', '--workers', '2'];
    const [a, b] = [await json(...args), await json(...args)];
    assert.equal(a.points, 8);
    assert.deepEqual(a.ranking, b.ranking);
  });

  it('refuses bad command lines with exit 64 and a stable code', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['optimise', ...COMMON], /USAGE: optimise needs at least one --space/],
      [['optimise', ...COMMON, '--space', 'nope=1:3'], /OPTIMISE_INVALID_SPACE: sma-cross has no parameter "nope"/],
      [['optimise', ...COMMON, '--space', 'fast=1:x'], /USAGE: --space fast: "1:x" is not min:max\[:step\]/],
      [['optimise', ...COMMON, '--space', 'fast=5:10', '--trades'], /USAGE: --trades is a kestrel backtest option/],
      [['optimise', ...COMMON, '--space', 'fast=5:10', '--in-sample', '100'], /USAGE: a walk-forward analysis needs both/],
      [['optimise', ...COMMON, '--space', 'fast=5:10', '--objective', 'luck'], /USAGE: --objective must be one of/],
      [['optimise', ...COMMON, '--space', 'size=1:3', '--size', '10'], /USAGE: size is both varied/],
    ];
    for (const [args, message] of cases) {
      const run = await kestrel(...args);
      assert.equal(run.code, 64, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, message);
    }
  });

  it('SIGINT cancels a running search: workers stop, exit 130', async () => {
    const child = spawn('node', ['server/cli/bin/kestrel.js', 'optimise', ...COMMON, '--space', 'fast=2:60', '--space', 'slow=61:400', '--workers', '2'], { cwd: ROOT });
    let stderr = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no progress line: ${stderr}`)), 120_000);
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (/optimise: \d+\/\d+ trials/.test(stderr)) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    child.kill('SIGINT');
    assert.equal(await exited, 130, stderr);
    assert.match(stderr, /kestrel optimise: BACKTEST_CANCELLED/);
  });
});
