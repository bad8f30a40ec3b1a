// Backtests end to end, through the UI, against a real `kestrel serve --all` with the strategy
// service: a trader opens the Backtests panel, runs the built-in SMA crossover over the imported
// GOOG daily history, sees the job finish, and the panel's equity curve, drawdown and trade list
// match the result the strategy service stored for that job (GET /v1/backtests/{id}); then, in
// the panel's Walk-forward mode, a small walk-forward of the same crossover (2 x 2 grid) whose
// windows table and combined out-of-sample figures match the stored job (GET /v1/optimisations/{id})
// and whose chart draws the stored combined curve (GET /v1/optimisations/{id}/curve) bar by bar,
// with its drawdown pane and one mark per window.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { SuiteApi } from './support/api.js';
import { launchChromium, watchedContext, type PageProblems } from './support/browser.js';
import { buildRenderer } from './support/build-renderer.js';
import { PNG } from 'pngjs';
import { pixelStats } from './support/png.js';
import { startTestSuite, type TestSuite } from './support/suite.js';
import { createUser, firstAdmin, signIn } from './support/session.js';

const TRADER = { email: 'backtests@kestrel.test', password: 'backtest-desk-pass-6620' };

interface Job {
  id: string;
  status: string;
  result: { tradeList?: unknown[]; openTradeList?: unknown[]; equityCurve?: Array<{ time: string }>; closedTrades?: number } | null;
}

interface WalkForwardJob {
  status: string;
  request: Record<string, unknown>;
  result: {
    windows: Array<{
      index: number;
      inSample: { from: string; to: string };
      outOfSample: { from: string; to: string };
      best: { params: Record<string, unknown> };
      inSampleObjective: number | null;
      outOfSampleObjective: number | null;
      startValue: number | null;
      endValue: number | null;
    }>;
    combined: { finalValue: number; trades: number };
  } | null;
}

interface WalkForwardCurve {
  points: number;
  decimated: boolean;
  windows: Array<{ index: number; firstPoint: number; from: string }>;
  timesMs: number[];
  values: number[];
  drawdowns: number[];
}

/** Pixels of a screenshot region that are red-dominant (the drawdown histogram's colour). */
function redPixels(buffer: Buffer): number {
  const png = PNG.sync.read(buffer);
  let count = 0;
  for (let i = 0; i < png.data.length; i += 4) if (png.data[i]! > png.data[i + 1]! + 40 && png.data[i]! > png.data[i + 2]! + 40) count += 1;
  return count;
}

interface OptimisationJob {
  request: Record<string, unknown>;
  result: {
    trials: number;
    top: Array<{ index: number; params: Record<string, unknown>; finalValue: number | null; statistics: { sharpe: number | null; closedTrades: number } | null }>;
  } | null;
}

describe('backtests end to end', { timeout: 600_000 }, () => {
  let suite: TestSuite;
  let browser: Browser;
  let page: Page;
  let trader: SuiteApi;
  const problems: PageProblems = { cspViolations: [], pageErrors: [] };

  before(async () => {
    buildRenderer();
    suite = await startTestSuite({ KESTREL_EXECUTION_SIMULATION: 'off' });
    const admin = await firstAdmin(suite, 'backtest-admin-pass-3307');
    await admin.importGoogDaily();
    trader = (await createUser(admin, suite.url, TRADER)).api;
    browser = await launchChromium();
    const context = await watchedContext(browser, problems);
    page = await context.newPage();
    await signIn(page, TRADER, suite.url);
  });

  after(async () => {
    await browser?.close();
    await suite?.stop();
  });

  it('runs the SMA crossover over GOOG from the panel and shows the stored result', async () => {
    await page.click('[data-testid=add-panel]');
    await page.click('[data-testid=add-panel-backtests]');
    const panel = page.locator('[data-testid=backtests]');
    await panel.waitFor();
    await panel.locator('[data-testid=backtest-strategy]').selectOption('sma-cross');
    await panel.locator('[data-testid=backtest-symbol]').fill('GOOG');
    await panel.locator('[data-testid=backtest-from]').fill('2005-01-01');
    await panel.locator('[data-testid=backtest-to]').fill('2013-03-02');
    await panel.locator('[data-testid=run-backtest]').click();
    const summary = panel.locator('[data-testid=backtest-summary]');
    await page.waitForFunction(() => ['completed', 'failed', 'cancelled'].includes(document.querySelector('[data-testid=backtest-summary]')?.getAttribute('data-status') ?? ''), undefined, { timeout: 120_000 });
    assert.equal(await summary.getAttribute('data-status'), 'completed', await summary.innerText());

    const { jobs } = await trader.call<{ jobs: Array<{ id: string }> }>('GET', '/v1/backtests');
    assert.equal(jobs.length, 1);
    const job = await trader.call<Job>('GET', `/v1/backtests/${jobs[0]!.id}`);
    assert.equal(job.status, 'completed');
    const trades = (job.result?.tradeList?.length ?? 0) + (job.result?.openTradeList?.length ?? 0);
    assert.ok(trades > 5, `the crossover traded ${trades} times`);
    assert.equal(Number(await summary.getAttribute('data-trades')), trades);
    const seconds = new Set((job.result?.equityCurve ?? []).map((sample) => Math.floor(Date.parse(sample.time) / 1000)));
    assert.ok(seconds.size > 1000, `${seconds.size} equity samples`);
    assert.equal(Number(await summary.getAttribute('data-equity-points')), seconds.size);
    assert.match(await summary.innerText(), new RegExp(`trades ${job.result?.closedTrades}\\b`));
    await page.locator('[data-testid=backtest-trades] .ag-row').first().waitFor();
    const stats = pixelStats(await panel.locator('[data-testid=backtest-chart]').screenshot());
    assert.ok(stats.distinctColours > 5 && stats.nonBackground > 500, `the equity chart is drawn (${stats.nonBackground} pixels)`);
  });

  it('runs a 2 x 2 walk-forward of the SMA crossover and shows the stored windows', async () => {
    const panel = page.locator('[data-testid=backtests]');
    await panel.locator('[data-testid=backtest-mode-walk-forward]').click();
    await panel.locator('[data-testid=optimise-strategy]').selectOption('sma-cross');
    await panel.locator('[data-testid=optimise-symbol]').fill('GOOG');
    await panel.locator('[data-testid=optimise-from]').fill('2005-01-01');
    await panel.locator('[data-testid=optimise-to]').fill('2013-03-02');
    await panel.locator('[data-testid=optimise-objective]').selectOption('finalValue');
    await panel.locator('[data-testid=optimise-in-sample]').fill('500');
    await panel.locator('[data-testid=optimise-out-of-sample]').fill('250');
    const summary = panel.locator('[data-testid=optimise-summary]');
    // A space the form refuses is reported in the panel and queues nothing.
    await panel.locator('[data-testid=optimise-space]').fill('fast=20:5');
    await panel.locator('[data-testid=run-optimise]').click();
    await summary.getByText('min 20 is above max 5').waitFor();
    await panel.locator('[data-testid=optimise-space]').fill('fast=5,10\nslow=30,50');
    await panel.locator('[data-testid=run-optimise]').click();
    await page.waitForFunction(() => ['completed', 'failed', 'cancelled'].includes(document.querySelector('[data-testid=optimise-summary]')?.getAttribute('data-status') ?? ''), undefined, { timeout: 180_000 });
    assert.equal(await summary.getAttribute('data-status'), 'completed', await summary.innerText());

    const { jobs } = await trader.call<{ jobs: Array<{ id: string; kind: string }> }>('GET', '/v1/optimisations');
    assert.equal(jobs.length, 1, 'the refused space queued nothing');
    assert.equal(jobs[0]!.kind, 'walk-forward');
    assert.equal(await summary.getAttribute('data-job'), jobs[0]!.id);
    const job = await trader.call<WalkForwardJob>('GET', `/v1/optimisations/${jobs[0]!.id}`);
    assert.equal(job.status, 'completed');
    const sent = job.request['optimise'] as { space: unknown; method: string; objective: string; walkForward: unknown };
    assert.deepEqual(sent.space, { fast: { values: [5, 10] }, slow: { values: [30, 50] } });
    assert.deepEqual([sent.method, sent.objective, sent.walkForward], ['grid', 'finalValue', { inSampleBars: 500, outOfSampleBars: 250 }]);
    const windows = job.result!.windows;
    assert.ok(windows.length >= 5, `${windows.length} windows over ~2000 daily bars`);
    assert.equal(Number(await summary.getAttribute('data-rows')), windows.length);
    const fixed = (value: number | null, digits: number) => (value === null ? '–' : value.toFixed(digits));
    for (const window of windows) {
      const row = panel.locator(`[data-testid=walk-forward-windows] .ag-row[row-id="window-${window.index}"]`, { has: page.locator('[col-id=params]') });
      const cell = async (column: string) => (await row.locator(`[col-id=${column}]`).innerText()).trim();
      assert.equal(await cell('inSampleFrom'), window.inSample.from.slice(0, 10));
      assert.equal(await cell('inSampleTo'), window.inSample.to.slice(0, 10));
      assert.equal(await cell('outOfSampleFrom'), window.outOfSample.from.slice(0, 10));
      assert.equal(await cell('outOfSampleTo'), window.outOfSample.to.slice(0, 10));
      assert.equal(await cell('params'), Object.entries(window.best.params).map(([name, value]) => `${name} ${String(value)}`).join(', '));
      assert.ok([5, 10].includes(window.best.params['fast'] as number) && [30, 50].includes(window.best.params['slow'] as number), JSON.stringify(window.best.params));
      assert.equal(await cell('inSampleObjective'), fixed(window.inSampleObjective, 4));
      assert.equal(await cell('outOfSampleObjective'), fixed(window.outOfSampleObjective, 4));
      assert.equal(await cell('startValue'), fixed(window.startValue, 2));
      assert.equal(await cell('endValue'), fixed(window.endValue, 2));
    }
    assert.equal(windows[0]!.startValue, 10000);
    assert.equal(windows[windows.length - 1]!.endValue, job.result!.combined.finalValue);
    assert.match(await summary.innerText(), new RegExp(`Out of sample: final ${job.result!.combined.finalValue.toFixed(2)} .* trades ${job.result!.combined.trades}\\b`));
    // The chart draws the stored per-bar curve (daily bars: one point per second-distinct bar).
    await page.waitForFunction(() => (document.querySelector('[data-testid=optimise-summary]')?.getAttribute('data-curve-points') ?? '') !== '', undefined, { timeout: 60_000 });
    const curve = await trader.call<WalkForwardCurve>('GET', `/v1/optimisations/${jobs[0]!.id}/curve?maxPoints=4000`);
    assert.equal(curve.decimated, false);
    assert.ok(curve.points > windows.length * 200, `${curve.points} out-of-sample bars`);
    assert.equal(curve.values[curve.values.length - 1], job.result!.combined.finalValue);
    assert.deepEqual(curve.windows.map((window) => window.from), windows.map((window) => window.outOfSample.from));
    for (const window of curve.windows) assert.equal(curve.timesMs[window.firstPoint], Date.parse(window.from), `window ${window.index} starts at its first point`);
    const seconds = new Set(curve.timesMs.map((ms) => Math.floor(ms / 1000)));
    assert.equal(Number(await summary.getAttribute('data-curve-points')), curve.points);
    assert.equal(await summary.getAttribute('data-decimated'), 'false');
    assert.equal(Number(await summary.getAttribute('data-points')), seconds.size);
    assert.equal(Number(await summary.getAttribute('data-drawdown-points')), seconds.size);
    assert.equal(Number(await summary.getAttribute('data-marks')), windows.length);
    assert.ok(curve.drawdowns.some((down) => down > 0), 'the curve has drawdowns to draw');
    const chart = panel.locator('[data-testid=walk-forward-chart]');
    const shot = await chart.screenshot();
    const stats = pixelStats(shot);
    assert.ok(stats.distinctColours > 5 && stats.nonBackground > 2000, `the out-of-sample chart is drawn (${stats.nonBackground} pixels)`);
    // The drawdown pane (lower half, left of the price scale) holds the red histogram.
    const box = (await chart.boundingBox())!;
    const pane = await page.screenshot({ clip: { x: box.x, y: box.y + box.height / 2, width: box.width - 80, height: box.height / 2 - 30 } });
    const red = redPixels(pane);
    assert.ok(red > 3000, `the drawdown pane is drawn (${red} red pixels)`);
  });

  it('runs a 2 x 2 grid optimisation of a stored strategy and ranks the stored trials', async () => {
    const { strategy } = await trader.call<{ strategy: { id: string } }>('POST', '/v1/strategies', { name: 'Slow crossover', builtin: 'sma-cross', params: { slow: 40 } });
    const panel = page.locator('[data-testid=backtests]');
    await panel.locator('[data-testid=backtest-mode-optimise]').click();
    await panel.locator(`[data-testid=optimise-strategy] option[value="stored:${strategy.id}"]`).waitFor({ state: 'attached' });
    await panel.locator('[data-testid=optimise-strategy]').selectOption(`stored:${strategy.id}`);
    // The declared parameters (in the order the service stores them), with the stored version's own
    // value for slow, prefill the space.
    await page.waitForFunction(() => (document.querySelector('[data-testid=optimise-space]') as HTMLTextAreaElement | null)?.value === 'fast=10\nsize=1\nslow=40');
    await panel.locator('[data-testid=optimise-symbol]').fill('GOOG');
    await panel.locator('[data-testid=optimise-from]').fill('2005-01-01');
    await panel.locator('[data-testid=optimise-to]').fill('2013-03-02');
    await panel.locator('[data-testid=optimise-objective]').selectOption('sharpe');
    await panel.locator('[data-testid=optimise-space]').fill('fast=5:10:5\nslow=30,50');
    await panel.locator('[data-testid=run-optimise]').click();
    const summary = panel.locator('[data-testid=optimise-summary]');
    await page.waitForFunction(() => ['completed', 'failed', 'cancelled'].includes(document.querySelector('[data-testid=optimise-summary]')?.getAttribute('data-status') ?? ''), undefined, { timeout: 180_000 });
    assert.equal(await summary.getAttribute('data-status'), 'completed', await summary.innerText());

    const { jobs } = await trader.call<{ jobs: Array<{ id: string; kind: string }> }>('GET', '/v1/optimisations');
    assert.deepEqual(jobs.map((each) => each.kind), ['optimisation', 'walk-forward']);
    const job = await trader.call<OptimisationJob>('GET', `/v1/optimisations/${jobs[0]!.id}`);
    assert.deepEqual(job.request['strategy'], { strategyId: strategy.id });
    assert.equal(job.result!.trials, 4);
    assert.equal(job.result!.top.length, 4);
    assert.equal(Number(await summary.getAttribute('data-rows')), 4);
    assert.match(await summary.innerText(), /4 trials ranked by sharpe/);
    const fixed = (value: number | null, digits: number) => (value === null ? '–' : value.toFixed(digits));
    for (const [rank, trial] of job.result!.top.entries()) {
      const row = panel.locator(`[data-testid=optimise-trials] .ag-row[row-id="trial-${trial.index}"]`, { has: page.locator('[col-id=params]') });
      const cell = async (column: string) => (await row.locator(`[col-id=${column}]`).innerText()).trim();
      assert.equal(await cell('rank'), String(rank + 1));
      assert.equal(await cell('params'), Object.entries(trial.params).map(([name, value]) => `${name} ${String(value)}`).join(', '));
      assert.equal(await cell('objective'), fixed(trial.statistics?.sharpe ?? null, 4));
      assert.equal(await cell('finalValue'), fixed(trial.finalValue, 2));
      assert.equal(await cell('trades'), String(trial.statistics?.closedTrades ?? ''));
    }
    const sharpes = job.result!.top.map((trial) => trial.statistics?.sharpe ?? -Infinity);
    assert.deepEqual(sharpes, [...sharpes].sort((a, b) => b - a), 'the service ranks best first');
  });

  it('cancels a long optimisation from the panel', async () => {
    const panel = page.locator('[data-testid=backtests]');
    await panel.locator('[data-testid=optimise-strategy]').selectOption('sma-cross');
    await panel.locator('[data-testid=optimise-space]').fill('fast=2:60:1\nslow=30:200:5');
    await panel.locator('[data-testid=run-optimise]').click();
    const summary = panel.locator('[data-testid=optimise-summary]');
    await panel.locator('[data-testid=cancel-optimise]').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=optimise-summary]')?.getAttribute('data-status') === 'cancelled', undefined, { timeout: 60_000 });
    const id = await summary.getAttribute('data-job');
    const job = await trader.call<{ status: string; progress: { completed: number; total: number } }>('GET', `/v1/optimisations/${id}`);
    assert.equal(job.status, 'cancelled');
    assert.ok(job.progress.completed < 59 * 35, `cancelled after ${job.progress.completed} of ${job.progress.total} trials`);
  });

  it('ran without a CSP violation or an uncaught error', () => {
    assert.deepEqual(problems, { cspViolations: [], pageErrors: [] });
  });
});
