// The web UI end to end: a real `kestrel serve --all` (embedded PostgreSQL, every registered
// service, the web-ui service serving a fresh build of the renderer) driven through Debian's
// Chromium. Covers sign-in (forced password change, errors, 2FA, token renewal, session restore),
// named workspaces saved to and restored from the server, the chart (candles and an indicator
// checked against the API's bars and the shared indicator library, plus a screenshot's pixels),
// drawings saved with the workspace, link groups, the price ladder and tape over imported LOBSTER
// data, theme and rebindable hotkeys saved in preferences, pop-out windows, the desktop's PKCE
// sign-in through the web UI, and that nothing broke the Content-Security-Policy on the way.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { sma } from '@kestrel/shared';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildContentSecurityPolicy } from '../src/common/content-security-policy.js';
import { runPkceLogin } from '../src/main/auth/pkce-flow.js';
import { SuiteApi } from './support/api.js';
import { launchChromium, watchedContext, type PageProblems } from './support/browser.js';
import { buildRenderer } from './support/build-renderer.js';
import { pixelStats } from './support/png.js';
import { startTestSuite, type TestSuite } from './support/suite.js';
import { awaitFreshStep, totp } from './support/totp.js';

const ADMIN_PASSWORD = 'workstation-admin-pass-7431';

/**
 * Polls `read` until `done` holds (60 s: a loaded CI machine may hold a debounced save or a timer
 * back for seconds); fails with the last value read.
 */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    assert.ok(Date.now() < deadline, `timed out waiting for ${what}; last seen: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
const TRADER = { email: 'trader.2fa@kestrel.test', password: 'trader-pass-with-2fa-9981' };

describe('web UI end to end', { timeout: 600_000 }, () => {
  let suite: TestSuite;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let admin: SuiteApi;
  const problems: PageProblems = { cspViolations: [], pageErrors: [] };

  before(async () => {
    buildRenderer();
    // No simulated market here: the book and tape checks need the imported data to hold still.
    // Sign-ins (anonymous requests) from one address, dozens of them within minutes.
    suite = await startTestSuite({ KESTREL_AUTH_ACCESS_TOKEN_TTL_SECONDS: '60', KESTREL_EXECUTION_SIMULATION: 'off', KESTREL_GATEWAY_ANONYMOUS_RATE_LIMIT_PER_MINUTE: '100000' });
    browser = await launchChromium();
    context = await watchedContext(browser, problems);
    page = await context.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
  });

  after(async () => {
    await browser?.close();
    await suite?.stop();
  });

  async function signIn(target: Page, email: string, password: string): Promise<void> {
    await target.goto(suite.url);
    await target.fill('input[name=email]', email);
    await target.fill('input[name=password]', password);
    await target.click('[data-testid=login-form] button[type=submit]');
  }

  async function dockPanels(): Promise<Array<{ id: string; contentComponent: string; params: Record<string, unknown> }>> {
    const { workspaces } = await admin.call<{ workspaces: Array<{ name: string; layout: { dock: { panels: Record<string, { id: string; contentComponent: string; params: Record<string, unknown> }> } } }> }>('GET', '/v1/workspaces');
    const main = workspaces.find((workspace) => workspace.name === 'Main');
    assert.ok(main, 'the Main workspace is on the server');
    return Object.values(main.layout.dock.panels);
  }

  it('serves the renderer with the desktop CSP in header form', async () => {
    const response = await fetch(`${suite.url}/`);
    assert.equal(response.status, 200);
    const host = new URL(suite.url).host;
    assert.equal(response.headers.get('content-security-policy'), buildContentSecurityPolicy({ header: true, connectOrigins: [`ws://${host}`, `wss://${host}`] }));
    assert.equal(response.headers.get('cache-control'), 'no-cache');
  });

  it('shows a wrong password, then forces the bootstrap admin to choose a password', async () => {
    await signIn(page, suite.adminEmail, 'not-the-password');
    await page.getByRole('alert').filter({ hasText: 'Wrong email or password.' }).waitFor();
    await signIn(page, suite.adminEmail, suite.adminOneTimePassword);
    await page.waitForSelector('[data-testid=change-password]');
    await page.fill('input[name=current-password]', suite.adminOneTimePassword);
    await page.fill('input[name=new-password]', ADMIN_PASSWORD);
    await page.fill('input[name=repeat-password]', ADMIN_PASSWORD);
    await page.click('[data-testid=change-password] button[type=submit]');
    await page.waitForSelector('[data-testid=change-password]', { state: 'detached' });
    await page.waitForSelector('[data-testid="workspace-tab-Main"]');
    admin = new SuiteApi(suite.url);
    const tokens = await admin.login(suite.adminEmail, ADMIN_PASSWORD);
    assert.equal(tokens.mustChangePassword ?? false, false);
    await admin.importGoogDaily();
    await admin.importAaplLobster();
    await page.waitForFunction(() => document.querySelector('[data-testid=watch-row-GOOG] [data-testid=watch-last]')?.textContent !== '—');
    assert.ok((await dockPanels()).length >= 9, 'the first sign-in saved the default layout as "Main"');
  });

  it('asks for the 2FA code, refuses a wrong one and accepts the right one', async () => {
    await admin.call('POST', '/v1/admin/users', { email: TRADER.email, role: 'trader', password: TRADER.password });
    const trader = new SuiteApi(suite.url);
    await trader.login(TRADER.email, TRADER.password);
    const { secret } = await trader.call<{ secret: string }>('POST', '/v1/auth/2fa/enroll');
    await awaitFreshStep();
    const enrolledStep = Math.floor(Date.now() / 30_000);
    await trader.call('POST', '/v1/auth/2fa/verify', { code: totp(secret) });

    const traderPage = await context.newPage();
    await traderPage.evaluate(() => sessionStorage.clear()).catch(() => undefined);
    await signIn(traderPage, TRADER.email, TRADER.password);
    await traderPage.waitForSelector('[data-testid=two-factor-form]');
    const wrong = totp(secret) === '000000' ? '111111' : '000000';
    await traderPage.fill('input[name=code]', wrong);
    await traderPage.click('[data-testid=two-factor-form] button[type=submit]');
    await traderPage.getByRole('alert').filter({ hasText: 'That code is not valid' }).waitFor();
    // A code of the enrolment's time step is spent: wait for the next step.
    while (Math.floor(Date.now() / 30_000) <= enrolledStep) await new Promise((resolve) => setTimeout(resolve, 500));
    await traderPage.fill('input[name=code]', totp(secret));
    await traderPage.click('[data-testid=two-factor-form] button[type=submit]');
    await traderPage.waitForSelector('[data-testid=workstation]');
    assert.match(await traderPage.locator('[data-testid=user-menu]').innerText(), /trader\.2fa@kestrel\.test/);
    await traderPage.close();
  });

  it('renews the tokens before they expire and restores the session after a reload', async () => {
    const refreshes: number[] = [];
    page.on('response', (response) => {
      if (response.url().endsWith('/v1/auth/refresh')) refreshes.push(response.status());
    });
    const before = await page.evaluate(() => sessionStorage.getItem('kestrel.refreshToken'));
    // Access tokens live 60 s in this suite; the app renews them 60 s early (at least 5 s apart),
    // so a renewal is due within seconds (a fixed 7 s wait was too tight under load).
    const after = await until(
      () => page.evaluate(() => sessionStorage.getItem('kestrel.refreshToken')),
      (token) => refreshes.length >= 1 && token !== before,
      `a renewal (refreshes: ${refreshes.join(',')})`,
    );
    assert.ok(refreshes.length >= 1 && refreshes.every((status) => status === 200), `refreshes: ${refreshes.join(',')}`);
    assert.ok(before && after && after !== before, 'the rotated refresh token replaced the old one');
    await page.reload();
    await page.waitForSelector('[data-testid=workstation]');
    assert.equal(await page.locator('[data-testid=login-form]').count(), 0);
  });

  it('draws the GOOG candles and an SMA equal to the shared library over the API bars', async () => {
    await page.click('[data-testid=watch-row-GOOG]');
    const chart = page.locator('[data-testid=chart]').first();
    await page.waitForFunction(() => {
      const element = document.querySelector('[data-testid=chart]');
      return element?.getAttribute('data-symbol') === 'GOOG' && element.getAttribute('data-state') === 'ready' && element.getAttribute('data-indicator-points') !== '{}';
    });
    const page1 = await admin.call<{ bars: Array<{ close: number }> }>('GET', '/v1/market-data/bars?symbol=GOOG&interval=1d&limit=5000');
    const closes = page1.bars.map((bar) => bar.close / 100);
    assert.equal(Number(await chart.getAttribute('data-bar-count')), page1.bars.length);
    assert.equal(Number(await chart.getAttribute('data-last-close')), closes[closes.length - 1]);
    const indicators = JSON.parse((await chart.getAttribute('data-indicator-points')) ?? '{}') as Record<string, { points: number; last: number }>;
    const expected = sma(closes, { period: 20 });
    assert.deepEqual(indicators['sma20'], { points: closes.length - 19, last: expected[expected.length - 1] });

    const stats = pixelStats(await chart.screenshot());
    const total = stats.width * stats.height;
    assert.ok(stats.nonBackground > total * 0.05, `only ${stats.nonBackground} of ${total} pixels are drawn`);
    assert.ok(stats.greenish > 300 && stats.reddish > 300, `up/down candles: ${stats.greenish} green, ${stats.reddish} red`);
    assert.ok(stats.distinctColours > 20);
  });

  it('saves drawings with the workspace and restores them after a reload', async () => {
    const chart = page.locator('[data-testid=chart]').first();
    const box = (await chart.boundingBox())!;
    await page.click('[data-testid=tool-hline]');
    await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.4);
    await page.click('[data-testid=tool-trend]');
    await page.mouse.click(box.x + box.width * 0.3, box.y + box.height * 0.6);
    await page.mouse.click(box.x + box.width * 0.7, box.y + box.height * 0.3);
    await page.waitForFunction(() => document.querySelector('[data-testid=chart]')?.getAttribute('data-drawings') === '2');
    await page.waitForSelector('[data-testid=workspace-dirty]');
    await page.keyboard.press('Control+S');
    await page.waitForSelector('[data-testid=workspace-dirty]', { state: 'detached' });
    const chartPanel = (await dockPanels()).find((panel) => panel.contentComponent === 'chart');
    const drawings = chartPanel?.params['drawings'] as Array<{ kind: string }>;
    assert.deepEqual(
      drawings.map((drawing) => drawing.kind),
      ['hline', 'trend'],
    );
    const { workspaces } = await admin.call<{ workspaces: Array<{ name: string; layout: { linkGroups: Record<string, string> } }> }>('GET', '/v1/workspaces');
    assert.equal(workspaces.find((workspace) => workspace.name === 'Main')?.layout.linkGroups['red'], 'GOOG', 'the link group symbol is saved');
    await page.reload();
    await page.waitForFunction(() => document.querySelector('[data-testid=chart]')?.getAttribute('data-drawings') === '2');
  });

  it('keeps several named workspaces on the server and switches between them', async () => {
    await page.click('[data-testid=new-workspace]');
    await page.fill('[data-testid=name-input]', 'Scalping');
    await page.click('[data-testid=name-dialog] button[type=submit]');
    await page.waitForSelector('[data-testid="workspace-tab-Scalping"][aria-selected=true]');
    await page.click('[data-testid=add-panel]');
    await page.click('[data-testid=add-panel-tape]');
    await page.keyboard.press('Control+S');
    await page.waitForSelector('[data-testid=workspace-dirty]', { state: 'detached' });
    const { workspaces } = await admin.call<{ workspaces: Array<{ name: string; layout: { dock: { panels: Record<string, { contentComponent: string }> } } }> }>('GET', '/v1/workspaces');
    assert.deepEqual(workspaces.map((workspace) => workspace.name).sort(), ['Main', 'Scalping']);
    const scalping = workspaces.find((workspace) => workspace.name === 'Scalping')!;
    assert.equal(Object.values(scalping.layout.dock.panels).filter((panel) => panel.contentComponent === 'tape').length, 2);

    await page.click('[data-testid="workspace-tab-Main"]');
    await page.waitForFunction(() => document.querySelector('[data-testid=chart]')?.getAttribute('data-drawings') === '2');
    // The preferences are saved after a pause (one PUT per burst of edits).
    const saved = await until(() => admin.call<{ lastWorkspace: string }>('GET', '/v1/preferences'), (preferences) => preferences.lastWorkspace === 'Main', 'the last workspace to be saved');
    assert.equal(saved.lastWorkspace, 'Main');
    await page.reload();
    // The last opened workspace comes back (remembered in the preferences).
    await page.waitForSelector('[data-testid="workspace-tab-Main"][aria-selected=true]');
  });

  it('moves chart, ticket and ladder together through the link group', async () => {
    await page.click('[data-testid=watch-row-AAPL]');
    await page.waitForFunction(() => document.querySelector('[data-testid=chart]')?.getAttribute('data-symbol') === 'AAPL');
    const boxes = await page.locator('[data-testid=symbol-box]').evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
    assert.ok(boxes.length >= 3 && boxes.every((value) => value === 'AAPL'), `symbol boxes: ${boxes.join(',')}`);
  });

  it('shows the imported AAPL book on the ladder and its trades on the tape', async () => {
    const book = await admin.call<{ bids: Array<[number, number]>; asks: Array<[number, number]> }>('GET', '/v1/market-data/book/AAPL?depth=5');
    const ladder = page.locator('[data-testid=dom-ladder]');
    await ladder.waitFor();
    // The spread is 36 ticks wide: maximise the ladder so both sides fit.
    const group = page.locator('.dv-groupview', { has: ladder });
    await group.locator('button[title="Maximise / restore"]').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=dom-ladder] tbody tr').length > 40);
    const [bestBid, bestBidSize] = book.bids[0]!;
    const [bestAsk, bestAskSize] = book.asks[0]!;
    const row = (ticks: number) => ladder.locator('tr', { has: page.locator('td.price', { hasText: new RegExp(`^${(ticks / 100).toFixed(2)}$`) }) });
    assert.equal((await row(bestBid).locator('td.bid').innerText()).trim(), String(bestBidSize), `bid size at ${bestBid}`);
    assert.equal((await row(bestAsk).locator('td.ask').innerText()).trim(), String(bestAskSize), `ask size at ${bestAsk}`);

    await group.locator('button[title="Maximise / restore"]').click();
    await page.locator('.dv-tab', { hasText: 'Time & sales' }).first().click();
    const trades = await admin.call<{ trades: Array<{ priceTicks: number; quantityLots: number }> }>('GET', '/v1/market-data/trades?symbol=AAPL&order=desc&limit=100');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=time-and-sales] tbody tr').length >= 20);
    const rows = await page.locator('[data-testid=time-and-sales] tbody tr').evaluateAll((elements) => elements.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent?.trim() ?? '')));
    // The tape shows the newest prints first, exactly as the API lists them.
    rows.forEach((cells, index) => {
      assert.equal(cells[1], (trades.trades[index]!.priceTicks / 100).toFixed(2), `row ${index}`);
      assert.equal(cells[2]?.replace(/,/g, ''), String(trades.trades[index]!.quantityLots), `row ${index}`);
    });
  });

  it('toggles the theme with its hotkey, rebinds it, and keeps both in the preferences', async () => {
    await page.locator('[data-testid=workstation] .topbar').click({ position: { x: 500, y: 10 } });
    const before = await page.evaluate(() => document.documentElement.dataset['theme']);
    await page.keyboard.press('Control+Shift+L');
    const toggled = before === 'dark' ? 'light' : 'dark';
    await page.waitForFunction((theme) => document.documentElement.dataset['theme'] === theme, toggled);
    await page.click('[data-testid=hotkeys-button]');
    await page.click('[data-testid="binding-theme.toggle"]');
    await page.keyboard.press('Alt+T');
    await page.click('[data-testid=save-hotkeys]');
    await page.keyboard.press('Alt+T');
    await page.waitForFunction((theme) => document.documentElement.dataset['theme'] === theme, before);
    // Saved after a pause as one document: the rebinding and the toggle back are the last state,
    // which no earlier save (theme toggled, or the default binding) matches.
    const preferences = await until(
      () => admin.call<{ theme: string; hotkeys: Record<string, string> }>('GET', '/v1/preferences'),
      (saved) => saved.theme === before && saved.hotkeys?.['theme.toggle'] === 'Alt+T',
      'the theme and the new binding to be saved',
    );
    assert.equal(preferences.theme, before);
    assert.equal(preferences.hotkeys['theme.toggle'], 'Alt+T');
  });

  it('creates an API key shown once, which works until it is revoked', async () => {
    await page.click('[data-testid=add-panel]');
    await page.click('[data-testid=add-panel-apikeys]');
    await page.fill('[data-testid=api-key-name]', 'e2e reader');
    await page.click('[data-testid=api-key-create]');
    const secret = (await page.locator('[data-testid=api-key-secret]').innerText()).trim();
    assert.match(secret, /^kst_/);
    await page.click('[data-testid=api-key-created] button.btn-primary');
    const asKey = () => fetch(`${suite.url}/v1/users/me`, { headers: { 'x-api-key': secret } });
    assert.equal((await asKey()).status, 200);
    await page.click('[data-testid=api-key-revoke]');
    // Revoked keys leave the caller's list (or show as revoked).
    await page.waitForFunction(() => {
      const text = document.querySelector('[data-testid=api-keys] tbody')?.textContent ?? '';
      return !text.includes('e2e reader') || text.includes('revoked');
    });
    assert.equal((await asKey()).status, 401);
  });

  it('halts trading firm-wide from the risk panel and lifts it again', async () => {
    await page.click('[data-testid=add-panel]');
    await page.click('[data-testid=add-panel-risk]');
    await page.selectOption('[data-testid=kill-switch-mode]', 'halt');
    await page.fill('[data-testid=kill-switch-reason]', 'e2e drill');
    await page.click('[data-testid=kill-switch-apply]');
    await page.locator('[data-testid=kill-switch-state]', { hasText: 'Halt' }).waitFor();
    const halted = await admin.call<{ killSwitches: Array<{ scope: string; mode: string; reason: string }> }>('GET', '/v1/risk/kill-switch');
    assert.deepEqual(
      halted.killSwitches.filter((each) => each.scope === 'global').map((each) => [each.mode, each.reason]),
      [['halt', 'e2e drill']],
    );
    await page.selectOption('[data-testid=kill-switch-mode]', 'off');
    await page.fill('[data-testid=kill-switch-reason]', 'drill over');
    await page.click('[data-testid=kill-switch-apply]');
    await page.locator('[data-testid=kill-switch-state]', { hasText: 'Off' }).waitFor();
  });

  it('keeps the order confirmation rules in the preferences', async () => {
    await page.click('[data-testid=user-menu]');
    await page.click('[data-testid=open-trading-settings]');
    await page.click('[data-testid=confirm-always]');
    await page.click('[data-testid=save-trading-settings]');
    const expected = { always: false, marketOrders: true, aboveNotionalMinor: 0 };
    const preferences = await until(
      () => admin.call<{ confirmations: { always: boolean; marketOrders: boolean } }>('GET', '/v1/preferences'),
      (saved) => isDeepStrictEqual(saved.confirmations, expected),
      'the confirmation rules to be saved',
    );
    assert.deepEqual(preferences.confirmations, expected);
  });

  it('pops a panel group out into its own window, where the hotkeys work too', async () => {
    const [popup] = await Promise.all([context.waitForEvent('page'), page.locator('[data-testid=popout-group]').first().click()]);
    await popup.waitForLoadState();
    assert.match(popup.url(), /\/popout\.html$/);
    await popup.waitForSelector('.dv-tab, [data-testid]');
    assert.ok((await popup.locator('body *').count()) > 5, 'the popout shows the moved panel');
    assert.equal(await page.locator('[data-testid=hotkeys-dialog]').count(), 0);
    await popup.locator('body').click({ position: { x: 5, y: 5 } });
    await popup.keyboard.press('F1');
    await page.waitForSelector('[data-testid=hotkeys-dialog]');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid=hotkeys-dialog]', { state: 'detached' });
    await popup.close();
  });

  it('signs the desktop app in through the web UI with authorization code + PKCE', async () => {
    const browserPage = await context.newPage();
    const tokens = await runPkceLogin({
      serverUrl: suite.url,
      timeoutMs: 60_000,
      openBrowser: async (url) => {
        await browserPage.goto(url);
        const signedIn = await browserPage.waitForSelector('[data-testid=login-form], [data-testid=authorize-desktop]');
        if ((await signedIn.getAttribute('data-testid')) === 'login-form') {
          await browserPage.fill('input[name=email]', suite.adminEmail);
          await browserPage.fill('input[name=password]', ADMIN_PASSWORD);
          await browserPage.click('[data-testid=login-form] button[type=submit]');
        }
        await browserPage.click('[data-testid=authorize-desktop] button.btn-primary');
      },
    });
    const desktop = new SuiteApi(suite.url, tokens.accessToken);
    assert.equal((await desktop.call<{ email: string }>('GET', '/v1/users/me')).email, suite.adminEmail);
    await browserPage.waitForFunction(() => document.body.textContent?.includes('Signed in to Kestrel'));
    await browserPage.close();
  });

  it('ran everything without a CSP violation or an uncaught error', () => {
    assert.deepEqual(problems.cspViolations, []);
    assert.deepEqual(problems.pageErrors, []);
  });
});
