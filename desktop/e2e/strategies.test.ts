// Strategies end to end, through the UI, against a real `kestrel serve --all` with the strategy,
// order, execution (simulation venue quoting AAPL) and portfolio services: a trader creates a
// strategy from the built-in SMA crossover in the Strategies panel, starts it on their account for
// AAPL 1-minute bars, sees the deployment with its live P&L, then pauses, resumes and stops it —
// each step checked against the strategy service's own state.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { SuiteApi } from './support/api.js';
import { launchChromium, watchedContext, type PageProblems } from './support/browser.js';
import { buildRenderer } from './support/build-renderer.js';
import type { TestSuite } from './support/suite.js';
import { startTradingDesk, TRADER } from './support/trading-desk.js';
import { signIn } from './support/session.js';

interface DeploymentState {
  id: string;
  status: string;
  mode: string;
  symbols: string[];
  barInterval: string;
  accountId: string;
}

describe('strategies end to end', { timeout: 600_000 }, () => {
  let suite: TestSuite;
  let browser: Browser;
  let page: Page;
  let trader: SuiteApi;
  let accountId: string;
  const problems: PageProblems = { cspViolations: [], pageErrors: [] };

  before(async () => {
    buildRenderer();
    ({ suite, trader, accountId } = await startTradingDesk());
    browser = await launchChromium();
    const context = await watchedContext(browser, problems);
    page = await context.newPage();
    await signIn(page, TRADER, suite.url);
  });

  after(async () => {
    await browser?.close();
    await suite?.stop();
  });

  async function deployments(): Promise<DeploymentState[]> {
    return (await trader.call<{ deployments: DeploymentState[] }>('GET', '/v1/strategy-deployments')).deployments;
  }

  async function until(what: string, done: (list: DeploymentState[]) => boolean): Promise<DeploymentState[]> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const list = await deployments();
      if (done(list)) return list;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(list)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  it('creates a strategy from a built-in and starts it on the account', async () => {
    await page.click('[data-testid=add-panel]');
    await page.click('[data-testid=add-panel-strategies]');
    const panel = page.locator('[data-testid=strategies]');
    await panel.waitFor();
    await panel.locator('[data-testid=new-strategy-builtin]').selectOption('sma-cross');
    await panel.locator('[data-testid=new-strategy-name]').fill('AAPL crossover');
    await panel.locator('[data-testid=create-strategy]').click();
    await panel.locator('[data-testid=strategy-select] option', { hasText: 'AAPL crossover (v1)' }).waitFor({ state: 'attached' });
    await page.waitForFunction(() => /fast|slow/i.test(document.querySelector('[data-testid=strategy-params]')?.textContent ?? ''));
    const { strategies } = await trader.call<{ strategies: Array<{ name: string; latestVersion: number }> }>('GET', '/v1/strategies');
    assert.deepEqual(
      strategies.map((each) => [each.name, each.latestVersion]),
      [['AAPL crossover', 1]],
    );

    await panel.locator('[data-testid=account-select]').selectOption(accountId);
    await panel.locator('[data-testid=deploy-symbols]').fill('AAPL');
    await panel.locator('[data-testid=start-deployment]').click();
    const [deployment] = await until('the running deployment', (list) => list.length === 1 && list[0]!.status === 'running');
    assert.deepEqual([deployment!.symbols, deployment!.barInterval, deployment!.accountId, deployment!.mode], [['AAPL'], '1m', accountId, 'live']);
    const row = page.locator(`[data-testid=deployments] .ag-row[row-id="${deployment!.id}"]`, { has: page.locator('[col-id=strategyName]') });
    await row.waitFor();
    assert.match(await row.innerText(), /AAPL crossover[\s\S]*live[\s\S]*AAPL[\s\S]*running/);
    // The live P&L comes from the deployment's performance (before its first fill: zero).
    const pnlCell = `[data-testid=deployments] .ag-row[row-id="${deployment!.id}"] [col-id=pnlText]`;
    await page.waitForFunction((selector) => /^-?[\d,]+\.\d{2}$/.test(document.querySelector(selector)?.textContent?.trim() ?? ''), pnlCell);
    const performance = await trader.call<{ pnlMinor: number; fills: number }>('GET', `/v1/strategy-deployments/${deployment!.id}/performance`);
    if (performance.fills === 0) assert.equal((await page.locator(pnlCell).innerText()).trim(), (performance.pnlMinor / 100).toFixed(2));
  });

  it('pauses, resumes and stops the deployment', async () => {
    const [deployment] = await deployments();
    const actions = page.locator(`[data-testid=deployments] .ag-row[row-id="${deployment!.id}"]`);
    await actions.locator('[data-testid=pause-deployment]').click();
    await until('paused', (list) => list[0]!.status === 'paused');
    await actions.locator('[data-testid=resume-deployment]').click();
    await until('running again', (list) => list[0]!.status === 'running');
    await actions.locator('[data-testid=stop-deployment]').click();
    await until('stopped', (list) => list[0]!.status === 'stopped');
    await page.waitForFunction((id) => [...document.querySelectorAll(`[data-testid=deployments] .ag-row[row-id="${id}"]`)].some((row) => row.textContent?.includes('stopped')), deployment!.id);
  });

  it('ran without a CSP violation or an uncaught error', () => {
    assert.deepEqual(problems, { cspViolations: [], pageErrors: [] });
  });
});
