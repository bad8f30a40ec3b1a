// The combined out-of-sample equity curve of a walk-forward job, through the strategy service's API
// on the real service registry and PostgreSQL: the stored curve (every page of
// GET /v1/optimisations/{id}/curve) equals, point for point, the chain of per-window out-of-sample
// backtests computed here independently with runCsvBacktest (what `kestrel backtest` runs) — each
// window's best parameters over its in-sample + out-of-sample bars, trading from the out-of-sample
// start, with the cash the previous window ended with — and its drawdown is measured from the
// chain's running peak. Also: paging, decimation to real points, window marks, and the refusals
// (not a walk-forward, someone else's job, schema violations).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { builtinStrategy, minorToText, runCsvBacktest } from '@kestrel/server-strategy';
import type { WalkForwardCurvePage } from '@kestrel/shared';
import { OrderHarness, type TestUser } from '../orders/support/harness.js';

const GOOG = readFileSync(new URL('../../../../../shared/data/ohlcv/GOOG.csv', import.meta.url), 'utf8');

type Curve = WalkForwardCurvePage;

interface WalkForwardResult {
  windows: Array<{ index: number; inSample: { from: string; to: string }; outOfSample: { from: string; to: string }; best: { params: Record<string, number> }; startValue: number; endValue: number }>;
  combined: { finalValue: number; points: number };
}

let h: OrderHarness;
let alice: TestUser;
let bob: TestUser;

async function finished(user: TestUser, path: string): Promise<Record<string, unknown>> {
  let job: Record<string, unknown> = {};
  await h.waitFor(async () => {
    job = (await h.call('GET', path, { as: user })).json();
    return ['completed', 'failed', 'cancelled'].includes(job.status as string);
  }, () => `job ${path} to finish (last: ${JSON.stringify(job).slice(0, 500)})`, 120_000);
  return job;
}

async function curve(path: string, user = alice): Promise<Curve> {
  const response = await h.call('GET', path, { as: user });
  assert.equal(response.statusCode, 200, response.body.slice(0, 500));
  return response.json();
}

before(async () => {
  h = await OrderHarness.start({ env: { KESTREL_STRATEGY_JOB_WORKERS: '2' } });
  alice = await h.user('trader');
  bob = await h.user('trader');
});
after(() => h?.close());

describe('walk-forward combined curve', () => {
  let id: string;
  let result: WalkForwardResult;

  before(async () => {
    const submitted = await h.call('POST', '/v1/optimisations', {
      as: alice,
      body: {
        strategy: { builtin: 'sma-cross' },
        data: { source: 'csv', csv: GOOG, symbol: 'GOOG' },
        cash: '10000',
        params: { size: 10 },
        space: { fast: { values: [5, 10] }, slow: { values: [20, 40] } },
        objective: 'finalValue',
        walkForward: { inSampleBars: 500, outOfSampleBars: 250 },
      },
    });
    assert.equal(submitted.statusCode, 202, submitted.body);
    id = submitted.json().id;
    const job = await finished(alice, `/v1/optimisations/${id}`);
    assert.equal(job.status, 'completed', JSON.stringify(job.error));
    result = job.result as WalkForwardResult;
  });

  it('equals the chain of per-window out-of-sample backtests, point for point', async () => {
    // Every exact point, 400 at a time.
    const pages: Curve[] = [];
    for (let offset: number | null = 0; offset !== null; offset = pages[pages.length - 1]!.nextOffset) pages.push(await curve(`/v1/optimisations/${id}/curve?offset=${offset}&limit=400&maxPoints=400`));
    assert.ok(pages.length >= 4);
    for (const page of pages) assert.equal(page.decimated, false);
    const times = pages.flatMap((page) => page.timesMs);
    const minor = pages.flatMap((page) => page.valuesMinor);
    const values = pages.flatMap((page) => page.values);
    const drawdowns = pages.flatMap((page) => page.drawdowns);
    assert.deepEqual(pages.flatMap((page) => page.indices), minor.map((_, i) => i));
    assert.equal(minor.length, pages[0]!.points);
    assert.equal(minor.length, result.combined.points);

    // The independent chain: one `kestrel backtest` equivalent per window, cash carried over.
    let cash = '10000';
    const expectedTimes: number[] = [];
    const expectedMinor: number[] = [];
    const starts: number[] = [];
    for (const window of result.windows) {
      const run = runCsvBacktest({
        csv: GOOG,
        source: 'GOOG.csv',
        symbol: 'GOOG',
        strategy: builtinStrategy('sma-cross'),
        params: window.best.params,
        cash,
        from: Date.parse(window.inSample.from),
        to: Date.parse(window.outOfSample.to),
        options: { startTime: Date.parse(window.outOfSample.from) },
      }).result;
      assert.equal(run.equity.timestamps[0], Date.parse(window.outOfSample.from), `window ${window.index} trades from its out-of-sample start`);
      starts.push(expectedMinor.length);
      expectedTimes.push(...run.equity.timestamps);
      expectedMinor.push(...run.equity.valuesMinor);
      assert.equal(window.endValue, Number(minorToText(run.finalValueMinor, 2)), `window ${window.index} end value`);
      cash = minorToText(run.finalValueMinor, 2);
    }
    assert.deepEqual(times, expectedTimes);
    assert.deepEqual(minor, expectedMinor);
    assert.deepEqual(values, expectedMinor.map((value) => Number(minorToText(value, 2))));
    assert.equal(pages[0]!.finalValue, Number(cash));
    assert.equal(pages[0]!.finalValue, result.combined.finalValue);
    assert.equal(pages[0]!.initialValue, 10000);
    let peak = 1_000_000;
    const expectedDrawdowns = expectedMinor.map((value) => {
      peak = Math.max(peak, value);
      return 1 - value / peak;
    });
    assert.deepEqual(drawdowns, expectedDrawdowns);
    assert.ok(drawdowns.some((down) => down > 0.05), 'the chain has real drawdowns');

    // The windows mark their segments.
    assert.deepEqual(
      pages[0]!.windows.map((window) => [window.firstPoint, window.from, window.to]),
      result.windows.map((window, w) => [starts[w], window.outOfSample.from, window.outOfSample.to]),
    );
    assert.equal(pages[0]!.windows[pages[0]!.windows.length - 1]!.lastPoint, minor.length - 1);
  });

  it('decimates a long range to real points, keeping the extremes and window boundaries', async () => {
    const exact = await curve(`/v1/optimisations/${id}/curve?maxPoints=10000`);
    assert.equal(exact.decimated, false);
    assert.equal(exact.nextOffset, null);
    assert.equal(exact.indices.length, exact.points);
    const overview = await curve(`/v1/optimisations/${id}/curve?maxPoints=100`);
    assert.equal(overview.decimated, true);
    assert.ok(overview.indices.length <= 100 && overview.indices.length > 40, String(overview.indices.length));
    overview.indices.forEach((index, i) => {
      assert.equal(overview.timesMs[i], exact.timesMs[index]);
      assert.equal(overview.valuesMinor[i], exact.valuesMinor[index]);
      assert.equal(overview.drawdowns[i], exact.drawdowns[index]);
    });
    assert.ok(overview.indices.includes(exact.valuesMinor.indexOf(Math.min(...exact.valuesMinor))), 'the lowest value is kept');
    assert.ok(overview.indices.includes(exact.valuesMinor.indexOf(Math.max(...exact.valuesMinor))), 'the highest value is kept');
    for (const window of exact.windows) assert.ok(overview.indices.includes(window.firstPoint), `window ${window.index} starts at a kept point`);
    // A range past the end is empty, not an error.
    const past = await curve(`/v1/optimisations/${id}/curve?offset=${exact.points + 10}`);
    assert.deepEqual([past.indices, past.nextOffset, past.offset], [[], null, exact.points]);
  });

  it('refuses jobs without a curve and callers who may not see the job', async () => {
    const optimisation = await h.call('POST', '/v1/optimisations', {
      as: alice,
      body: { strategy: { builtin: 'sma-cross' }, data: { source: 'csv', csv: GOOG, symbol: 'GOOG' }, space: { fast: { values: [5] }, slow: { values: [20] } } },
    });
    assert.equal(optimisation.statusCode, 202, optimisation.body);
    await finished(alice, `/v1/optimisations/${optimisation.json().id}`);
    const notWalk = await h.call('GET', `/v1/optimisations/${optimisation.json().id}/curve`, { as: alice });
    assert.equal(notWalk.statusCode, 409);
    assert.equal(notWalk.json().error.code, 'STRATEGY_CURVE_UNAVAILABLE');
    const backtest = await h.call('POST', '/v1/backtests', { as: alice, body: { strategy: { builtin: 'sma-cross' }, data: { source: 'csv', csv: GOOG, symbol: 'GOOG' } } });
    assert.equal((await h.call('GET', `/v1/optimisations/${backtest.json().id}/curve`, { as: alice })).json().error.code, 'STRATEGY_JOB_NOT_FOUND');
    const other = await h.call('GET', `/v1/optimisations/${id}/curve`, { as: bob });
    assert.equal(other.statusCode, 404);
    for (const query of ['maxPoints=5', 'limit=0', 'offset=-1', 'offset=x', 'extra=1']) {
      const bad = await h.call('GET', `/v1/optimisations/${id}/curve?${query}`, { as: alice });
      assert.equal(bad.statusCode, 400, `${query}: ${bad.body}`);
    }
    assert.equal((await h.call('GET', '/v1/optimisations/not-a-uuid/curve', { as: alice })).statusCode, 400);
  });
});
