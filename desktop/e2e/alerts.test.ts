// Alerts end to end, through the UI, against a real `kestrel serve --all` whose simulation venue
// trades AAPL around 190.00: a trader adds a price alert below the market (fires on the first
// trade seen: in-app toast, the system notification, the rule disarmed with the firing recorded)
// and one far above it (stays armed); both are saved in the user's preferences on the server, so
// they come back after a reload and are visible through GET /v1/preferences.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { SuiteApi } from './support/api.js';
import { launchChromium, watchedContext, type PageProblems } from './support/browser.js';
import { buildRenderer } from './support/build-renderer.js';
import { startTestSuite, type TestSuite } from './support/suite.js';
import { createUser, firstAdmin, signIn } from './support/session.js';

const TRADER = { email: 'alerts@kestrel.test', password: 'alerts-desk-pass-7731' };

interface StoredRule {
  symbol: string;
  threshold: number;
  armed: boolean;
  lastFired: { time: string; value: number } | null;
}

describe('alerts end to end', { timeout: 600_000 }, () => {
  let suite: TestSuite;
  let browser: Browser;
  let page: Page;
  let trader: SuiteApi;
  const problems: PageProblems = { cspViolations: [], pageErrors: [] };

  before(async () => {
    buildRenderer();
    suite = await startTestSuite({ KESTREL_MARKET_DATA_SERVICE_TOKEN: 'e2e-market-data-token-0123456789abcdefgh' });
    const admin = await firstAdmin(suite, 'alerts-admin-pass-4410');
    trader = (await createUser(admin, suite.url, TRADER)).api;
    browser = await launchChromium();
    const context = await watchedContext(browser, problems);
    await context.grantPermissions(['notifications'], { origin: suite.url });
    // Records system notifications the page shows (headless Chromium has no notification centre).
    // A string, not a function: tsx would add its own helpers (__name) to a transpiled function.
    await context.addInitScript(`{
      const shown = [];
      window.shownNotifications = shown;
      const Original = window.Notification;
      const Recording = function (title, options) {
        shown.push(title + ': ' + ((options && options.body) || ''));
        return Reflect.construct(Original, [title, options], new.target || Recording);
      };
      Recording.prototype = Original.prototype;
      Object.defineProperty(Recording, 'permission', { get: () => Original.permission });
      Recording.requestPermission = Original.requestPermission.bind(Original);
      Object.defineProperty(window, 'Notification', { value: Recording, configurable: true, writable: true });
    }`);
    page = await context.newPage();
    await signIn(page, TRADER, suite.url);
  });

  after(async () => {
    await browser?.close();
    await suite?.stop();
  });

  async function storedRules(): Promise<StoredRule[]> {
    return ((await trader.call<{ alerts?: StoredRule[] }>('GET', '/v1/preferences')).alerts ?? []) as StoredRule[];
  }

  async function addAlert(threshold: string, condition: string): Promise<void> {
    const panel = page.locator('[data-testid=alerts-panel]');
    await panel.locator('[data-testid=alert-symbol]').fill('AAPL');
    await panel.locator('[data-testid=alert-condition]').selectOption(condition);
    await panel.locator('[data-testid=alert-threshold]').fill(threshold);
    await panel.locator('[data-testid=alert-add]').click();
  }

  it('a price alert below the market fires on the simulated trades; one far above stays armed', async () => {
    await page.click('[data-testid=add-panel]');
    await page.click('[data-testid=add-panel-alerts]');
    await page.locator('[data-testid=alerts-panel]').waitFor();
    await addAlert('1.00', 'at-or-above');
    await addAlert('100000.00', 'at-or-above');
    const rows = page.locator('[data-testid=alert-rule-AAPL]');
    assert.equal(await rows.count(), 2);
    // The simulation venue's first trades reach the feed within seconds.
    await page.locator('[data-testid=alert-log] li', { hasText: 'AAPL last at or above 1.00' }).waitFor({ timeout: 90_000 });
    await page.locator('.toast', { hasText: 'Alert: AAPL last at or above 1.00' }).waitFor();
    const shown = await page.evaluate(() => (window as unknown as { shownNotifications: string[] }).shownNotifications);
    assert.ok(shown.some((text) => text.startsWith('Kestrel alert: AAPL last at or above 1.00: now ')), `system notification: ${JSON.stringify(shown)}`);

    // The rules are saved with the preferences after a pause.
    const deadline = Date.now() + 60_000;
    let rules = await storedRules();
    while (rules.filter((rule) => rule.lastFired).length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      rules = await storedRules();
    }
    const low = rules.find((rule) => rule.threshold === 100)!;
    const high = rules.find((rule) => rule.threshold === 10_000_000)!;
    assert.equal(low.armed, false, 'a one-shot alert disarms after firing');
    assert.ok(low.lastFired && low.lastFired.value > 100, `the firing value is a real trade price: ${JSON.stringify(low.lastFired)}`);
    assert.equal(high.armed, true);
    assert.equal(high.lastFired, null);
  });

  it('alerts are saved with the user and come back after a reload', async () => {
    await page.click('[data-testid=save-workspace]');
    await page.waitForFunction(() => !document.querySelector('[data-testid=save-workspace]')?.hasAttribute('disabled'));
    await page.reload();
    await page.waitForSelector('[data-testid=workstation]');
    await page.locator('[data-testid=alerts-panel]').waitFor();
    const statuses = await page.locator('[data-testid=alert-rule-AAPL] [data-testid=alert-status]').allTextContents();
    assert.deepEqual(statuses.sort(), ['armed', 'off']);
    assert.deepEqual(problems, { cspViolations: [], pageErrors: [] });
  });
});
