// Reports and paper trading end to end, through the UI, against a real `kestrel serve --all`
// (the reporting service writing to its object store, the simulation service opening real
// portfolio accounts): a trader opens the Reports panel, generates a trade-history CSV of their
// account and downloads it — the saved file is byte for byte the stored version (GET
// /v1/reports/{id}/download) and starts with the CSV header; then opens the Paper trading panel,
// opens a paper account with one click and sees it listed with the cash the portfolio holds.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { SuiteApi } from './support/api.js';
import { launchChromium, watchedContext, type PageProblems } from './support/browser.js';
import { buildRenderer } from './support/build-renderer.js';
import { startTestSuite, type TestSuite } from './support/suite.js';

const TRADER = { email: 'reports@kestrel.test', password: 'reports-desk-pass-4471' };
const BOM = '\uFEFF';

interface PaperAccountView {
  id: string;
  currency: string;
  initialCashMinor: number;
  account: { cashMinor: number } | null;
}

describe('reports and paper trading end to end', { timeout: 600_000 }, () => {
  let suite: TestSuite;
  let browser: Browser;
  let page: Page;
  let trader: SuiteApi;
  let accountId: string;
  const problems: PageProblems = { cspViolations: [], pageErrors: [] };

  before(async () => {
    buildRenderer();
    suite = await startTestSuite({ KESTREL_EXECUTION_SIMULATION: 'off' });
    const admin = new SuiteApi(suite.url);
    await admin.login(suite.adminEmail, suite.adminOneTimePassword);
    await admin.changePassword(suite.adminEmail, suite.adminOneTimePassword, 'reports-admin-pass-9120');
    await admin.call('POST', '/v1/admin/users', { email: TRADER.email, role: 'trader', password: TRADER.password });
    trader = new SuiteApi(suite.url);
    await trader.login(TRADER.email, TRADER.password);
    accountId = (await trader.call<{ id: string }>('POST', '/v1/accounts', { name: 'Reported', currency: 'USD', type: 'cash' })).id;
    browser = await launchChromium();
    const context = await watchedContext(browser, problems, { acceptDownloads: true });
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

  it('generates a trade-history CSV from the panel and downloads the stored file', async () => {
    await page.click('[data-testid=add-panel]');
    await page.click('[data-testid=add-panel-reports]');
    const panel = page.locator('[data-testid=reports]');
    await panel.waitFor();
    await panel.locator('[data-testid=report-kind]').selectOption('trade-history');
    await panel.locator('[data-testid=report-format]').selectOption('csv');
    await panel.locator('[data-testid=report-from]').fill('2024-01-01');
    await panel.locator('[data-testid=report-to]').fill('2024-12-31');
    await panel.locator('[data-testid=report-name]').fill('E2E trades');
    await panel.locator('[data-testid=generate-report]').click();
    const row = panel.locator('[data-testid=report-row]', { hasText: 'E2E trades' });
    await row.waitFor({ timeout: 60_000 });
    assert.match(await row.locator('[data-testid=report-status]').innerText(), /^ready · v1 /);

    const { reports } = await trader.call<{ reports: Array<{ id: string; name: string; accountId: string; definition: { period: { from: string; to: string } } }> }>('GET', '/v1/reports');
    assert.equal(reports.length, 1);
    const report = reports[0]!;
    assert.equal(report.accountId, accountId);
    assert.deepEqual(report.definition.period, { from: '2024-01-01T00:00:00.000Z', to: '2025-01-01T00:00:00.000Z' });

    const [download] = await Promise.all([page.waitForEvent('download'), row.locator('[data-testid=report-download]').first().click()]);
    assert.equal(download.suggestedFilename(), 'e2e-trades-v1.csv');
    const saved = await readFile(await download.path());
    const text = saved.toString('utf8');
    assert.ok(text.startsWith(`${BOM}Executed at (UTC),Symbol,Side,`), `the file starts with the CSV header: ${JSON.stringify(text.slice(0, 80))}`);
    const stored = Buffer.from(await (await fetch(`${suite.url}/v1/reports/${report.id}/download`, { headers: { authorization: `Bearer ${await tokenOf(trader)}` } })).arrayBuffer());
    assert.ok(saved.equals(stored), 'the downloaded file is the stored version');
  });

  it('opens a paper account in one click and lists it with its cash', async () => {
    await page.click('[data-testid=add-panel]');
    await page.click('[data-testid=add-panel-paper]');
    const panel = page.locator('[data-testid=paper-trading]');
    await panel.waitFor();
    assert.equal(await panel.locator('[data-testid=paper-account-row]').count(), 0);
    await panel.locator('[data-testid=open-paper-account]').click();
    const row = panel.locator('[data-testid=paper-account-row]');
    await row.waitFor({ timeout: 60_000 });

    const { paperAccounts } = await trader.call<{ paperAccounts: PaperAccountView[] }>('GET', '/v1/paper-accounts');
    assert.equal(paperAccounts.length, 1);
    const paper = paperAccounts[0]!;
    assert.ok(paper.account && paper.account.cashMinor > 0, 'the paper account is funded');
    assert.equal(paper.account.cashMinor, paper.initialCashMinor);
    assert.equal(await row.getAttribute('data-paper-id'), paper.id);
    assert.equal(Number(await row.getAttribute('data-cash-minor')), paper.account.cashMinor);
    const whole = Math.floor(paper.account.cashMinor / 100).toLocaleString('en-US');
    const cents = String(paper.account.cashMinor % 100).padStart(2, '0');
    assert.equal(await row.locator('[data-testid=paper-cash]').innerText(), `${whole}.${cents}`);
    assert.equal(paper.currency, 'USD');
  });

  it('ran without a CSP violation or an uncaught error', () => {
    assert.deepEqual(problems, { cspViolations: [], pageErrors: [] });
  });
});

/** The trader's current access token (SuiteApi keeps it private; sign in again for a raw fetch). */
async function tokenOf(api: SuiteApi): Promise<string> {
  return (await api.call<{ accessToken: string }>('POST', '/v1/auth/login', TRADER)).accessToken;
}
