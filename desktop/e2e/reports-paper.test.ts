// Reports and paper trading end to end, through the UI, against a real `kestrel serve --all`
// (the reporting service writing to its object store, the simulation service opening real
// portfolio accounts): a trader opens the Reports panel, generates a trade-history CSV of their
// account and downloads it — the saved file is byte for byte the stored version (GET
// /v1/reports/{id}/download) and starts with the CSV header; then opens the Paper trading panel,
// opens a paper account with one click and sees it listed with the cash the portfolio holds,
// replays the imported LOBSTER AAPL sample with it (the panel's link group — and so the linked
// chart — follows the session's trading symbol), buys one lot at market against the replayed
// prints, pauses and seeks back to the start, each step checked against the simulation service.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { SuiteApi } from './support/api.js';
import { launchChromium, watchedContext, type PageProblems } from './support/browser.js';
import { buildRenderer } from './support/build-renderer.js';
import { startTestSuite, type TestSuite } from './support/suite.js';
import { createUser, firstAdmin, signIn } from './support/session.js';

const TRADER = { email: 'reports@kestrel.test', password: 'reports-desk-pass-4471' };
const BOM = '\uFEFF';

interface SessionView {
  id: string;
  tradingSymbol: string;
  prints: number;
  replay: { state: string; from: string; position: string } | null;
}

interface PaperAccountView {
  id: string;
  accountId: string;
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
    const admin = await firstAdmin(suite, 'reports-admin-pass-9120');
    trader = (await createUser(admin, suite.url, TRADER)).api;
    await admin.importAaplLobster();
    accountId = (await trader.call<{ id: string }>('POST', '/v1/accounts', { name: 'Reported', currency: 'USD', type: 'cash' })).id;
    browser = await launchChromium();
    const context = await watchedContext(browser, problems, { acceptDownloads: true });
    page = await context.newPage();
    await signIn(page, TRADER, suite.url);
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
    // The account list arrives with the trading feed's first poll.
    await panel.locator(`[data-testid=account-select] option[value="${accountId}"]`).waitFor({ state: 'attached' });
    await panel.locator('[data-testid=account-select]').selectOption(accountId);
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

    // A new version joins the list, newest first.
    await row.locator('[data-testid=report-regenerate]').click();
    await panel.locator('[data-testid=report-row][data-versions="2"]').waitFor();
    assert.match(await row.locator('[data-testid=report-status]').innerText(), /^ready · v2 /);
    const versions = (await trader.call<{ versions: Array<{ version: number }> }>('GET', `/v1/reports/${report.id}`)).versions;
    assert.deepEqual(versions.map((each) => each.version), [2, 1]);

    // The same form scheduled weekly over the last 7 days, then deleted.
    await panel.locator('[data-testid=schedule-cron]').fill('0 6 * * 1');
    await panel.locator('[data-testid=create-schedule]').click();
    await panel.locator('[data-testid=schedule-row]').waitFor();
    const { schedules } = await trader.call<{ schedules: Array<{ cron: string; definition: { kind: string; accountId: string; period: unknown } }> }>('GET', '/v1/report-schedules');
    assert.deepEqual(
      schedules.map((each) => [each.cron, each.definition.kind, each.definition.accountId, each.definition.period]),
      [['0 6 * * 1', 'trade-history', accountId, { lookbackDays: 7 }]],
    );
    await panel.locator('[data-testid=schedule-delete]').click();
    await panel.locator('[data-testid=schedule-row]').waitFor({ state: 'detached' });
    assert.deepEqual((await trader.call<{ schedules: unknown[] }>('GET', '/v1/report-schedules')).schedules, []);
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

    // Paper cash typed in dollars arrives as exact cents.
    await panel.locator('[data-testid=paper-deposit-amount]').fill('2500.25');
    await panel.locator('[data-testid=paper-deposit]').click();
    await page.waitForSelector(`[data-testid=paper-account-row][data-cash-minor="${paper.initialCashMinor + 250_025}"]`);
    const funded = await trader.call<PaperAccountView>('GET', `/v1/paper-accounts/${paper.id}`);
    assert.equal(funded.account?.cashMinor, paper.initialCashMinor + 250_025);

    // A reset (confirmed) archives the account and opens a fresh one with the starting cash.
    page.once('dialog', (dialog) => void dialog.accept());
    await panel.locator('[data-testid=paper-reset]').click();
    await page.waitForSelector(`[data-testid=paper-account-row][data-generation="2"][data-cash-minor="${paper.initialCashMinor}"]`);
    const reset = await trader.call<PaperAccountView & { generations: Array<{ accountId: string; archivedAt: string | null }> }>('GET', `/v1/paper-accounts/${paper.id}`);
    assert.equal(reset.generations.length, 2);
    assert.deepEqual(reset.generations.filter((each) => each.archivedAt !== null).map((each) => each.accountId), [paper.accountId]);
    assert.notEqual(reset.accountId, paper.accountId);
    assert.equal(reset.account?.cashMinor, paper.initialCashMinor);
  });

  it('replays AAPL with the paper account: the link group follows, a market buy fills, pause and seek', async () => {
    const panel = page.locator('[data-testid=paper-trading]');
    await panel.locator('[data-testid=link-picker]').click();
    assert.equal(await panel.locator('[data-testid=link-picker]').getAttribute('aria-label'), 'Link group red');
    await panel.locator('[data-testid=replay-symbol]').fill('AAPL');
    await panel.locator('[data-testid=replay-from]').fill('2012-06-21T13:30:00');
    await panel.locator('[data-testid=replay-to]').fill('2012-06-21T13:31:00');
    await panel.locator('[data-testid=replay-speed]').fill('1');
    await panel.locator('[data-testid=create-replay]').click();
    const controls = panel.locator('[data-testid=replay-controls]');
    await controls.waitFor({ timeout: 60_000 });
    const tradingSymbol = (await controls.getAttribute('data-trading-symbol')) ?? '';
    assert.match(tradingSymbol, /^AAPL\.R[0-9A-F]{8}$/i);
    const { sessions } = await trader.call<{ sessions: SessionView[] }>('GET', '/v1/replay-sessions');
    assert.equal(sessions.length, 1);
    const sessionId = sessions[0]!.id;
    assert.equal(sessions[0]!.tradingSymbol, tradingSymbol);
    // The default layout's chart is on the red group: it now shows the replay's symbol.
    await page.waitForFunction((symbol) => [...document.querySelectorAll<HTMLInputElement>('[data-testid=symbol-box]')].some((input) => input.value === symbol), tradingSymbol);

    await until(async () => (await trader.call<SessionView>('GET', `/v1/replay-sessions/${sessionId}`)).prints >= 1, 'the first replayed print');
    await panel.locator('[data-testid=replay-order-type]').selectOption('market');
    await panel.locator('[data-testid=replay-order]').click();
    await panel.locator('[data-testid=replay-order-row][data-status=filled]').waitFor({ timeout: 60_000 });
    const { orders } = await trader.call<{ orders: Array<{ side: string; status: string; filledLots: number }> }>('GET', `/v1/replay-sessions/${sessionId}/orders`);
    assert.deepEqual(orders.map((order) => [order.side, order.status, order.filledLots]), [['buy', 'filled', 1]]);

    await controls.locator('[data-testid=replay-play]', { hasText: 'Pause' }).click();
    await page.waitForSelector('[data-testid=replay-controls][data-state=paused]');
    assert.equal((await trader.call<SessionView>('GET', `/v1/replay-sessions/${sessionId}`)).replay?.state, 'paused');
    await panel.locator('[data-testid=paper-performance]').click();
    const summary = panel.locator('[data-testid=paper-performance-summary]');
    await summary.waitFor();
    const { paperAccounts } = await trader.call<{ paperAccounts: Array<{ id: string }> }>('GET', '/v1/paper-accounts');
    const performance = await trader.call<{ periods: number; interval: string }>('GET', `/v1/paper-accounts/${paperAccounts[0]!.id}/performance`);
    assert.match(await summary.innerText(), new RegExp(`^return -?\\d+\\.\\d{2}% · P&L .* · ${performance.periods} ${performance.interval} periods$`));
    await controls.locator('[data-testid=replay-seek]').focus();
    await page.keyboard.press('Home');
    await until(async () => {
      const session = await trader.call<SessionView>('GET', `/v1/replay-sessions/${sessionId}`);
      return session.replay !== null && Date.parse(session.replay.position) === Date.parse(session.replay.from);
    }, 'the seek back to the start');
  });

  it('ran without a CSP violation or an uncaught error', () => {
    assert.deepEqual(problems, { cspViolations: [], pageErrors: [] });
  });
});

/** Polls `check` every 200 ms for up to 60 s (the paper fills and reports cross the bus under CI load). */
async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The trader's current access token (SuiteApi keeps it private; sign in again for a raw fetch). */
async function tokenOf(api: SuiteApi): Promise<string> {
  return (await api.call<{ accessToken: string }>('POST', '/v1/auth/login', TRADER)).accessToken;
}
