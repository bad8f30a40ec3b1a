// Backtests end to end, through the UI, against a real `kestrel serve --all` with the strategy
// service: a trader opens the Backtests panel, runs the built-in SMA crossover over the imported
// GOOG daily history, sees the job finish, and the panel's equity curve, drawdown and trade list
// match the result the strategy service stored for that job (GET /v1/backtests/{id}).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { SuiteApi } from './support/api.js';
import { launchChromium, watchedContext, type PageProblems } from './support/browser.js';
import { buildRenderer } from './support/build-renderer.js';
import { pixelStats } from './support/png.js';
import { startTestSuite, type TestSuite } from './support/suite.js';

const TRADER = { email: 'backtests@kestrel.test', password: 'backtest-desk-pass-6620' };

interface Job {
  id: string;
  status: string;
  result: { tradeList?: unknown[]; openTradeList?: unknown[]; equityCurve?: Array<{ time: string }>; closedTrades?: number } | null;
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
    const admin = new SuiteApi(suite.url);
    await admin.login(suite.adminEmail, suite.adminOneTimePassword);
    await admin.changePassword(suite.adminEmail, suite.adminOneTimePassword, 'backtest-admin-pass-3307');
    await admin.importGoogDaily();
    await admin.call('POST', '/v1/admin/users', { email: TRADER.email, role: 'trader', password: TRADER.password });
    trader = new SuiteApi(suite.url);
    await trader.login(TRADER.email, TRADER.password);
    browser = await launchChromium();
    const context = await watchedContext(browser, problems);
    page = await context.newPage();
    await page.goto(suite.url);
    await page.fill('input[name=email]', TRADER.email);
    await page.fill('input[name=password]', TRADER.password);
    await page.click('[data-testid=login-form] button[type=submit]');
    await page.waitForSelector('[data-testid=workstation]');
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

  it('ran without a CSP violation or an uncaught error', () => {
    assert.deepEqual(problems, { cspViolations: [], pageErrors: [] });
  });
});
