// Worker threads start correctly however the process was launched: `node --import tsx`, the tsx
// CLI, and inside this test runner; a worker-side failure surfaces with its code; module
// strategies load inside workers.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readOhlcvCsv } from '@kestrel/shared';
import { barSeries, optimise } from '../src/index.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SCRIPT = fileURLToPath(new URL('./support/parallel-optimise.ts', import.meta.url));
const GOOG = barSeries('GOOG', readOhlcvCsv(readFileSync(new URL('../../../../shared/data/ohlcv/GOOG.csv', import.meta.url), 'utf8')).bars);

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd: ROOT, timeout: 120_000 }, (error, stdout, stderr) => (error ? reject(new Error(`${command} ${args.join(' ')}: ${stderr}`)) : resolve(stdout)));
  });
}

test('workers start under `node --import tsx` and under the tsx CLI, with the serial results', async () => {
  const serial = await run('node', ['--import', 'tsx', SCRIPT, '1']);
  const viaImport = await run('node', ['--import', 'tsx', SCRIPT, '2']);
  const viaCli = await run(`${ROOT}node_modules/.bin/tsx`, [SCRIPT, '2']);
  assert.equal(viaImport, serial);
  assert.equal(viaCli, serial);
  assert.equal((JSON.parse(serial) as unknown[]).length, 4);
});

test('a strategy failure inside a worker rejects with BACKTEST_STRATEGY_FAILED', async () => {
  const module = new URL('./support/failing-strategy.ts', import.meta.url).href;
  const request = { strategy: { module }, series: [GOOG], config: { initialCashMinor: 1_000_000, moneyDecimals: 2 }, space: { n: { values: [1, 2, 3] } }, method: 'grid' as const };
  for (const workers of [1, 2]) {
    await assert.rejects(optimise(request, { workers }), (e: unknown) => (e as { code?: string }).code === 'BACKTEST_STRATEGY_FAILED' && /deliberate failure/.test((e as Error).message), `workers ${workers}`);
  }
});

test('an unknown module strategy fails the pool start with BACKTEST_STRATEGY_UNKNOWN', async () => {
  const request = { strategy: { module: new URL('./support/nothing-here.ts', import.meta.url).href }, series: [GOOG], config: { initialCashMinor: 1_000_000, moneyDecimals: 2 }, space: { n: { values: [1] } }, method: 'grid' as const };
  await assert.rejects(optimise(request, { workers: 2 }), (e: unknown) => (e as { code?: string }).code === 'BACKTEST_STRATEGY_UNKNOWN');
});
