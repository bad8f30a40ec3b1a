// Backtest, optimisation and walk-forward jobs through the strategy service's API, on the real
// service registry: a backtest over the market-data service's bar history (GOOG daily bars
// imported through the market-data import route) gives exactly the result of the same backtest
// over the CSV file (runCsvBacktest, what `kestrel backtest` runs); progress is reported; an
// optimisation can be cancelled; a walk-forward runs its windows; a user strategy that throws
// fails its job with the backtester's code; other users cannot see a job.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { builtinStrategy, runCsvBacktest, walkForwardWindows } from '@kestrel/server-strategy';
import { OrderHarness, stock, type TestUser } from '../orders/support/harness.js';

const GOOG = readFileSync(new URL('../../../../../shared/data/ohlcv/GOOG.csv', import.meta.url), 'utf8');

let h: OrderHarness;
let alice: TestUser;
let bob: TestUser;

async function finished(user: TestUser, path: string, timeoutMs = 60_000): Promise<Record<string, unknown>> {
  let job: Record<string, unknown> = {};
  await h.waitFor(async () => {
    job = (await h.call('GET', path, { as: user })).json();
    return ['completed', 'failed', 'cancelled'].includes(job.status as string);
  }, () => `job ${path} to finish (last: ${JSON.stringify(job).slice(0, 500)})`, timeoutMs);
  return job;
}

before(async () => {
  h = await OrderHarness.start({ env: { KESTREL_STRATEGY_JOB_WORKERS: '2', KESTREL_STRATEGY_MAX_JOBS_PER_USER: '5' } });
  alice = await h.user('trader');
  bob = await h.user('trader');
  const created = await h.call('POST', '/v1/admin/market-data/instruments', { as: h.admin, body: stock('GOOG') });
  // The market-data service may already define GOOG (its seeded instruments).
  assert.ok([201, 409].includes(created.statusCode), created.body);
  const imported = await h.call('POST', '/v1/admin/market-data/imports/ohlcv', { as: h.admin, body: { symbol: 'GOOG', interval: '1d', csv: GOOG } });
  assert.equal(imported.statusCode, 201, imported.body);
});
after(() => h?.close());

describe('backtest jobs', () => {
  it('a backtest over the bar history equals the same backtest over the CSV file', async () => {
    const params = { fast: 10, slow: 30, size: 10 };
    const submitted = await h.call('POST', '/v1/backtests', {
      as: alice,
      body: { strategy: { builtin: 'sma-cross' }, params, cash: '10000', data: { source: 'history', symbol: 'GOOG', interval: '1d', from: '2004-01-01T00:00:00Z', to: '2030-01-01T00:00:00Z' } },
    });
    assert.equal(submitted.statusCode, 202, submitted.body);
    const job = await finished(alice, `/v1/backtests/${submitted.json().id}`);
    assert.equal(job.status, 'completed', JSON.stringify(job.error));
    const expected = runCsvBacktest({ csv: GOOG, source: 'GOOG.csv', strategy: builtinStrategy('sma-cross'), params, cash: '10000' }).result;
    const result = job.result as { finalValue: number; closedTrades: number; fills: number };
    assert.equal(result.finalValue, Number((expected.finalValueMinor / 100).toFixed(2)));
    assert.equal(result.closedTrades, expected.trades.length);
    assert.ok(result.closedTrades > 5);
    assert.deepEqual(job.progress, { completed: 1, total: 1 });
    // The same from an uploaded CSV.
    const csv = await h.call('POST', '/v1/backtests', { as: alice, body: { strategy: { builtin: 'sma-cross' }, params, data: { source: 'csv', csv: GOOG, symbol: 'GOOG' } } });
    const fromCsv = await finished(alice, `/v1/backtests/${csv.json().id}`);
    assert.equal((fromCsv.result as { finalValue: number }).finalValue, result.finalValue);
    assert.equal((await h.call('GET', `/v1/backtests/${csv.json().id}`, { as: bob })).statusCode, 404);
    const listed = (await h.call('GET', '/v1/backtests', { as: alice })).json().jobs as { id: string }[];
    assert.ok(listed.some((entry) => entry.id === csv.json().id));
  });

  it('a user strategy that throws fails the job with the backtester code', async () => {
    const strategy = await h.call('POST', '/v1/strategies', {
      as: alice,
      body: {
        name: 'thrower',
        source: "import { defineParams, defineStrategy } from '@kestrel/shared';\nexport default defineStrategy({ name: 'thrower', description: 'x', params: defineParams({}), create: () => ({ onBar() { throw new Error('bad bar'); } }) });",
      },
    });
    assert.equal(strategy.statusCode, 201, strategy.body);
    const submitted = await h.call('POST', '/v1/backtests', { as: alice, body: { strategy: { strategyId: strategy.json().strategy.id }, data: { source: 'csv', csv: GOOG, symbol: 'GOOG' } } });
    const job = await finished(alice, `/v1/backtests/${submitted.json().id}`);
    assert.equal(job.status, 'failed');
    assert.equal((job.error as { code: string }).code, 'BACKTEST_STRATEGY_FAILED');
  });

  it('an optimisation reports progress and can be cancelled; a walk-forward completes its windows', async () => {
    const big = await h.call('POST', '/v1/optimisations', {
      as: alice,
      body: { strategy: { builtin: 'sma-cross' }, data: { source: 'csv', csv: GOOG, symbol: 'GOOG' }, space: { fast: { min: 2, max: 60 }, slow: { min: 10, max: 200 } } },
    });
    assert.equal(big.statusCode, 202, big.body);
    const path = `/v1/optimisations/${big.json().id}`;
    await h.waitFor(async () => ((await h.call('GET', path, { as: alice })).json().progress.completed as number) > 0, 'the first trials', 60_000);
    const cancelled = await h.call('DELETE', path, { as: alice });
    assert.equal(cancelled.json().status, 'cancelled');
    assert.equal((await h.call('DELETE', path, { as: alice })).json().error.code, 'STRATEGY_JOB_FINISHED');

    const walk = await h.call('POST', '/v1/optimisations', {
      as: alice,
      body: {
        strategy: { builtin: 'sma-cross' },
        data: { source: 'csv', csv: GOOG, symbol: 'GOOG' },
        space: { fast: { values: [5, 10] }, slow: { values: [20, 40] } },
        walkForward: { inSampleBars: 500, outOfSampleBars: 250 },
      },
    });
    const job = await finished(alice, `/v1/optimisations/${walk.json().id}`);
    assert.equal(job.status, 'completed', JSON.stringify(job.error));
    assert.equal(job.kind, 'walk-forward');
    const windows = (job.result as { windows: unknown[] }).windows;
    // 2,148 bars: windows start every 250 bars while a full in-sample and some out-of-sample fit.
    assert.equal(windows.length, walkForwardWindows(2148, 500, 250).length);
    assert.ok(windows.length >= 6);
  });

  it('accepts an uploaded CSV larger than the default 1 MiB body limit', async () => {
    // GOOG.csv and ~1.8 MB of hourly bars after it (the job's own body limit is 32 MiB).
    const start = Date.parse('2020-01-01T00:00:00Z');
    const rows = Array.from({ length: 40_000 }, (_, i) => `${new Date(start + i * 3_600_000).toISOString()},100,101,99,100.5,1000`);
    const big = [GOOG.trimEnd(), ...rows].join('\n');
    assert.ok(big.length > 1.5 * 1024 * 1024);
    const submitted = await h.call('POST', '/v1/backtests', { as: alice, body: { strategy: { builtin: 'sma-cross' }, data: { source: 'csv', csv: big, symbol: 'BIG' } } });
    assert.equal(submitted.statusCode, 202, submitted.body.slice(0, 300));
    const job = await finished(alice, `/v1/backtests/${submitted.json().id}`);
    assert.ok(['completed', 'failed'].includes(job.status as string));
  });

  it('refuses unknown strategies and bad parameters with stable codes', async () => {
    const unknown = await h.call('POST', '/v1/backtests', { as: alice, body: { strategy: { builtin: 'nope' }, data: { source: 'csv', csv: GOOG } } });
    assert.equal(unknown.json().error.code, 'STRATEGY_BUILTIN_UNKNOWN');
    const params = await h.call('POST', '/v1/backtests', { as: alice, body: { strategy: { builtin: 'sma-cross' }, params: { fast: 0 }, data: { source: 'csv', csv: GOOG } } });
    assert.equal(params.json().error.code, 'STRATEGY_PARAMS_INVALID');
  });
});
