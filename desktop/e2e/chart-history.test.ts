// Older history paged into the chart as the trader scrolls left, end to end, through the UI against
// a real `kestrel serve --all`: the shared 30,889 one-minute bars imported for GOOG, the chart
// opens on the newest 5,000; dragging the chart to the right (back in time) pages older bars in
// from the market-data service until the start of history, while the view shows the older bars,
// the SMA is computed over every loaded bar, a drawing stays, and the pixels are a drawn chart.
// No simulated market: the imported history must hold still.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { SuiteApi } from './support/api.js';
import { launchChromium, watchedContext, type PageProblems } from './support/browser.js';
import { buildRenderer, REPO_DIR } from './support/build-renderer.js';
import { pixelStats } from './support/png.js';
import { firstAdmin, signIn } from './support/session.js';
import { startTestSuite, type TestSuite } from './support/suite.js';

const ADMIN_PASSWORD = 'chart-history-admin-pass-5521';
const CHART = '[data-testid=chart]';
const MINUTE_BARS = 30_889;

interface ApiBar {
  time: string;
  close: number;
}

describe('chart history paging end to end', { timeout: 600_000 }, () => {
  let suite: TestSuite;
  let browser: Browser;
  let page: Page;
  let admin: SuiteApi;
  const problems: PageProblems = { cspViolations: [], pageErrors: [] };
  const barRequests: string[] = [];

  before(async () => {
    buildRenderer();
    suite = await startTestSuite({ KESTREL_EXECUTION_SIMULATION: 'off' });
    admin = await firstAdmin(suite, ADMIN_PASSWORD);
    const minutes = await readFile(path.join(REPO_DIR, '../shared/data/ohlcv/2006-01-02-volume-min-001.txt'), 'utf8');
    const imported = await admin.call<{ bars: number }>('POST', '/v1/admin/market-data/imports/ohlcv?symbol=GOOG&interval=1m&utcOffsetMinutes=60', minutes, 'text/csv');
    assert.equal(imported.bars, MINUTE_BARS);
    browser = await launchChromium();
    const context = await watchedContext(browser, problems);
    page = await context.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    page.on('request', (request) => {
      if (request.url().includes('/v1/market-data/bars') && request.url().includes('interval=1m')) barRequests.push(request.url());
    });
    await signIn(page, { email: suite.adminEmail, password: ADMIN_PASSWORD }, suite.url);
  });

  after(async () => {
    await browser?.close();
    await suite?.stop();
  });

  const attribute = async (name: string) => (await page.locator(CHART).first().getAttribute(name)) ?? '';
  /** An instant attribute (ISO, milliseconds) in epoch milliseconds (the API writes microseconds). */
  const instant = async (name: string) => Date.parse(await attribute(name));

  async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, step: () => Promise<void>, timeoutMs = 120_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let value = await read();
    while (!done(value)) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
      await step();
      value = await read();
    }
    return value;
  }

  /** Drags the plot from its left part to its right part: the view moves back in time. */
  async function dragBack(): Promise<void> {
    const box = (await page.locator(CHART).first().boundingBox())!;
    const y = box.y + box.height * 0.4;
    await page.mouse.move(box.x + box.width * 0.1, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.8, y, { steps: 8 });
    await page.mouse.up();
    await page.waitForTimeout(150);
  }

  it('opens the newest 5,000 one-minute bars with more history to page in', async () => {
    await page.click('[data-testid=watch-row-GOOG]');
    const panel = page.locator('.panel', { has: page.locator(CHART) }).first();
    await panel.locator('[aria-label=Interval] button', { hasText: /^1m$/ }).click();
    await page.waitForFunction(
      (selector) => {
        const element = document.querySelector(selector);
        return element?.getAttribute('data-symbol') === 'GOOG' && element.getAttribute('data-interval') === '1m' && element.getAttribute('data-state') === 'ready';
      },
      CHART,
      { timeout: 60_000 },
    );
    const newest = await admin.call<{ bars: ApiBar[] }>('GET', '/v1/market-data/bars?symbol=GOOG&interval=1m&order=desc&limit=5000');
    assert.equal(await attribute('data-bar-count'), '5000');
    assert.equal(await instant('data-oldest-time'), Date.parse(newest.bars.at(-1)!.time));
    assert.equal(await attribute('data-history'), 'more');
    assert.equal(await attribute('data-history-pages'), '0');
    // An SMA over the loaded bars, and a horizontal line, both of which must survive the paging.
    await panel.locator('[data-testid=indicator-menu]').click();
    await panel.locator('.menu button', { hasText: 'SMA 20' }).click();
    await page.waitForFunction((selector) => document.querySelector(selector)?.getAttribute('data-indicator-points') !== '{}', CHART);
    const box = (await page.locator(CHART).first().boundingBox())!;
    await panel.locator('[data-testid=tool-hline]').click();
    await page.mouse.click(box.x + box.width * 0.3, box.y + box.height * 0.3);
    await page.waitForFunction((selector) => document.querySelector(selector)?.getAttribute('data-drawings') === '1', CHART);
  });

  it('pages older bars in as the trader scrolls left, until the start of history', async () => {
    const initialOldest = await instant('data-oldest-time');
    const firstPage = await until('the first older page', async () => Number(await attribute('data-bar-count')), (count) => count > 5000, dragBack);
    assert.equal(firstPage, 10_000, 'one page of 5,000 older bars');
    assert.ok((await instant('data-oldest-time')) < initialOldest);
    // Keep going back to the start of the stored history.
    await until('the start of history', () => attribute('data-history'), (status) => status === 'complete', async () => {
      await dragBack();
      await page.mouse.wheel(0, 300); // zoom out a little: the drags cover more bars
    });
    const oldest = await admin.call<{ bars: ApiBar[] }>('GET', '/v1/market-data/bars?symbol=GOOG&interval=1m&order=asc&limit=1');
    assert.equal(await attribute('data-bar-count'), String(MINUTE_BARS), 'every bar once: no page duplicated or lost');
    assert.equal(await instant('data-oldest-time'), Date.parse(oldest.bars[0]!.time));
    assert.equal(Number(await attribute('data-history-pages')), 6, '30,889 bars = 5,000 first + 5 full pages + 889, the last page short');
    // The older bars are in view, not only loaded.
    assert.ok((await instant('data-visible-first')) < initialOldest, `first bar in view ${await attribute('data-visible-first')}`);
    // One request per page: the first load and six older pages (no duplicate or concurrent fetch).
    const pages = barRequests.filter((url) => url.includes('limit=5000'));
    assert.equal(pages.length, 7, pages.join('\n'));
    assert.equal(new Set(pages).size, 7);
    // No further request at the start of history, however far the trader scrolls.
    await dragBack();
    await dragBack();
    assert.equal(barRequests.filter((url) => url.includes('limit=5000')).length, 7);
  });

  it('keeps the SMA over every loaded bar, the drawing, and draws the older candles', async () => {
    const points = JSON.parse(await attribute('data-indicator-points')) as Record<string, { points: number; last: number | null }>;
    const [sma] = Object.values(points);
    assert.equal(sma?.points, MINUTE_BARS - 19, 'SMA 20 has a value at every bar after the first 19 of the whole history');
    assert.equal(await attribute('data-drawings'), '1');
    assert.ok(Number(await attribute('data-window-bars')) > 0);
    const stats = pixelStats(await page.locator(CHART).first().screenshot());
    const total = stats.width * stats.height;
    assert.ok(stats.nonBackground > total * 0.03, `only ${stats.nonBackground} of ${total} pixels are drawn`);
    assert.ok(stats.greenish > 100 && stats.reddish > 100, `up/down candles: ${stats.greenish} green, ${stats.reddish} red`);
    assert.deepEqual(problems, { cspViolations: [], pageErrors: [] });
  });
});
