// The orders blotter pages through the whole history, end to end against a real `kestrel serve
// --all` (the trading scene): 230 orders sent through the API (more than the order service's
// 200-row page), the blotter first shows the newest page, scrolling the grid to its last row loads
// the rest through GET /v1/orders cursors until the oldest order is there; an order placed
// afterwards and a cancel of the oldest one are merged live into the loaded history, and the text
// and "working only" filters apply to all of it; then more than 200 fills (crossing IOC orders
// against the simulated market makers) are paged into the fills blotter with "Load older" down to
// the oldest fill. Each count is checked against the service.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { FINAL_ORDER_STATUSES, type Order } from '@kestrel/shared';
import type { SuiteApi } from './support/api.js';
import { launchChromium, watchedContext, type PageProblems } from './support/browser.js';
import { buildRenderer } from './support/build-renderer.js';
import type { TestSuite } from './support/suite.js';
import { startTradingDesk, TRADER } from './support/trading-desk.js';
import { signIn } from './support/session.js';

const CREATED = 230;
const clientId = (index: number) => `e2e-history-${String(index).padStart(3, '0')}`;

describe('orders blotter history', { timeout: 600_000 }, () => {
  let suite: TestSuite;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let trader: SuiteApi;
  let accountId: string;
  /** Order ids in creation order (the oldest first). */
  const created: string[] = [];
  const problems: PageProblems = { cspViolations: [], pageErrors: [] };

  /** Every order of the trader at the service, paged with the same cursors. */
  async function serviceOrderCount(): Promise<number> {
    let count = 0;
    let cursor: string | null = null;
    do {
      const answer: { orders: unknown[]; nextCursor: string | null } = await trader.call('GET', `/v1/orders?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
      count += answer.orders.length;
      cursor = answer.nextCursor;
    } while (cursor);
    return count;
  }

  function place(index: number): Promise<{ id: string }> {
    return trader.call<{ id: string }>('POST', '/v1/orders', {
      clientOrderId: clientId(index),
      accountId,
      symbol: 'AAPL',
      side: 'buy',
      type: 'limit',
      timeInForce: 'GTC',
      quantityLots: 1,
      limitPriceTicks: 10_000 + (index % 100),
    });
  }

  /** The blotter's "N orders" status. */
  const count = () => page.locator('[data-testid=orders-history-count]');

  /** Waits until a blotter's status (the orders' by default) reads `text` (the error says what it read last). */
  async function waitForCount(text: string, status = count()): Promise<void> {
    const deadline = Date.now() + 60_000;
    let shown = await status.innerText();
    while (shown !== text) {
      if (Date.now() > deadline) throw new Error(`the blotter says "${shown}", not "${text}"`);
      await page.waitForTimeout(200);
      shown = await status.innerText();
    }
  }

  /** The rows the grid shows after its filters (on screen or not): its aria-rowcount less the header row. */
  async function gridRowCount(): Promise<number> {
    return page.locator('[data-testid=orders-blotter] [aria-rowcount]').first().evaluate((grid) => Number(grid.getAttribute('aria-rowcount')) - 1);
  }

  before(async () => {
    buildRenderer();
    ({ suite, trader, accountId } = await startTradingDesk());
    // Sent oldest first, a few at a time in order, so creation order is the index order.
    for (let index = 0; index < CREATED; index += 5) {
      const batch = await Promise.all([0, 1, 2, 3, 4].filter((offset) => index + offset < CREATED).map((offset) => place(index + offset)));
      created.push(...batch.map((order) => order.id));
    }
    browser = await launchChromium();
    context = await watchedContext(browser, problems);
    page = await context.newPage();
    await signIn(page, TRADER, suite.url);
  });

  after(async () => {
    await browser?.close();
    await suite?.stop();
  });

  it('shows the newest page first, with older orders on the server', async () => {
    await count().waitFor({ timeout: 60_000 });
    assert.equal(await count().getAttribute('data-complete'), 'false');
    assert.match(await count().innerText(), /^200 orders$/);
    assert.equal(await gridRowCount(), 200);
    await page.getByLabel('Filter orders').fill(clientId(0));
    assert.equal(await gridRowCount(), 0, 'the oldest order is not loaded yet');
    await page.getByLabel('Filter orders').fill('');
  });

  it('loads older pages when the grid is scrolled to its last row, down to the oldest order', async () => {
    const total = await serviceOrderCount();
    assert.ok(total > CREATED, `the service has ${total} orders`);
    // Each scroll to the end (the mouse wheel over the grid) loads one more page; the last one
    // says there is nothing older.
    await page.locator('[data-testid=orders-blotter] .ag-row [col-id=symbol]').first().hover();
    // Bounded by time, not by a number of scrolls: under load a page may take longer than the
    // pause between two scrolls, and a scroll while one is loading loads nothing more.
    for (const deadline = Date.now() + 60_000; (await count().getAttribute('data-complete')) !== 'true'; ) {
      assert.ok(Date.now() < deadline, `still not at the oldest order: ${await count().innerText()}`);
      await page.mouse.wheel(0, 20_000);
      await page.waitForTimeout(500);
    }
    await waitForCount(`${total} orders (all)`);
    assert.equal(await gridRowCount(), total);
    await page.getByLabel('Filter orders').fill(clientId(0));
    await page.locator(`[data-testid=orders-blotter] .ag-row[row-id="${created[0]}"]`).first().waitFor();
    assert.equal(await gridRowCount(), 1);
  });

  it('merges a new order and a cancel of the oldest into the loaded history, and filters all of it', async () => {
    const total = await serviceOrderCount();
    const newest = await place(CREATED);
    await page.getByLabel('Filter orders').fill('e2e-history-');
    await page.waitForFunction((id) => document.querySelector(`[data-testid=orders-blotter] .ag-row[row-id="${id}"]`) !== null, newest.id);
    await waitForCount(`${total + 1} orders (all)`);
    assert.equal(await gridRowCount(), CREATED + 1);

    await trader.call('DELETE', `/v1/orders/${created[0]}`);
    await page.getByLabel('Filter orders').fill(clientId(0));
    await page.waitForFunction((id) => [...document.querySelectorAll(`[data-testid=orders-blotter] .ag-row[row-id="${id}"]`)].some((row) => row.textContent?.includes('cancelled')), created[0]!);
    await page.getByLabel('Working only').check();
    await page.waitForFunction(() => document.querySelector('[data-testid=orders-blotter] [aria-rowcount]')?.getAttribute('aria-rowcount') === '1');
    await page.getByLabel('Filter orders').fill('e2e-history-');
    await page.waitForFunction((expected) => document.querySelector('[data-testid=orders-blotter] [aria-rowcount]')?.getAttribute('aria-rowcount') === String(expected + 1), CREATED);
    assert.equal(await gridRowCount(), CREATED, 'every working order of the history, the cancelled oldest one left out');
  });

  it('pages the fills blotter back to the oldest fill with "Load older"', async () => {
    // Crossing IOC orders of one lot fill against the simulated market makers, one fill each:
    // buys, then as many sells, so the position stays small (the risk desk caps it).
    const fillCount = async () => {
      let total = 0;
      let cursor: string | null = null;
      let oldest: { id: string; clientOrderId: string } | undefined;
      do {
        const answer: { executions: Array<{ id: string; clientOrderId: string }>; nextCursor: string | null } = await trader.call('GET', `/v1/executions?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
        total += answer.executions.length;
        oldest = answer.executions.at(-1) ?? oldest;
        cursor = answer.nextCursor;
      } while (cursor);
      return { total, oldest };
    };
    // The history's orders rest far below the market in the same account. This test's sells drain
    // the market makers' bids, and a simulated seller sweeping the thin book can then fill some of
    // them: fills no order of this test sent (CI saw 9). So they are cancelled first.
    await trader.call('DELETE', '/v1/orders?symbol=AAPL');
    for (const deadline = Date.now() + 60_000; ; ) {
      const open: { orders: unknown[] } = await trader.call('GET', '/v1/orders?open=true&limit=1');
      if (open.orders.length === 0) break;
      assert.ok(Date.now() < deadline, 'the history orders are still working a minute after cancel-all');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const before = (await fillCount()).total;
    const sent: string[] = [];
    const cross = async (index: number, side: 'buy' | 'sell') => {
      // Zero-padded, so filtering by the oldest fill's clientOrderId matches that order alone (with
      // e2e-fill-1 it would also match -10…-19 and -100…, and the oldest row could be scrolled away).
      const order = await trader.call<{ id: string }>('POST', '/v1/orders', { clientOrderId: `e2e-fill-${String(index).padStart(3, '0')}`, accountId, symbol: 'AAPL', side, type: 'limit', timeInForce: 'IOC', quantityLots: 1, limitPriceTicks: side === 'buy' ? 25_000 : 10_000 });
      sent.push(order.id);
    };
    for (let index = 0; (await fillCount()).total <= 200 && index < 500; index += 10) {
      await Promise.all([0, 1, 2, 3, 4].map((offset) => cross(index + offset, 'buy')));
      await Promise.all([5, 6, 7, 8, 9].map((offset) => cross(index + offset, 'sell')));
    }
    // Fills are recorded after the POSTs answer (the loop above may have sent more orders than it
    // needed while they were on their way): once every sent order is final, its filled lots are
    // the fills the service must end up with (one lot each), however slowly they are recorded.
    let expected = before;
    for (const id of sent) {
      const deadline = Date.now() + 60_000;
      let order = await trader.call<Order>('GET', `/v1/orders/${id}`);
      while (!FINAL_ORDER_STATUSES.includes(order.status)) {
        assert.ok(Date.now() < deadline, `order ${id} is still ${order.status}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
        order = await trader.call('GET', `/v1/orders/${id}`);
      }
      expected += order.filledQuantityLots;
    }
    let settled = await fillCount();
    for (const deadline = Date.now() + 60_000; settled.total !== expected && Date.now() < deadline; settled = await fillCount()) {
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    assert.equal(settled.total, expected, 'one fill per filled lot of the sent orders');
    const { total, oldest } = settled;
    assert.ok(total > 200, `the service has ${total} fills`);
    await page.locator('.dv-tab', { hasText: 'Fills' }).first().click();
    const fills = page.locator('[data-testid=fills-history-count]');
    // The polls while the fills were made brought the newest pages (the chart watches fills too);
    // the oldest ones are still on the server until "Load older" pages back to them.
    await fills.waitFor();
    assert.equal(await fills.getAttribute('data-complete'), 'false');
    // One click per page, each once the previous page is in (the button is disabled while one
    // loads, and gone once the oldest is in: a click waiting for it then would never happen).
    for (const deadline = Date.now() + 60_000; ; ) {
      await page.waitForFunction(() => document.querySelector('[data-testid=fills-history-count]')?.getAttribute('data-complete') === 'true' || document.querySelector('[data-testid=fills-history-load-older]:not([disabled])') !== null);
      if ((await fills.getAttribute('data-complete')) === 'true') break;
      assert.ok(Date.now() < deadline, `still not at the oldest fill: ${await fills.innerText()}`);
      await page.locator('[data-testid=fills-history-load-older]:not([disabled])').click();
    }
    await waitForCount(`${total} fills (all)`, fills);
    assert.equal(await fills.getAttribute('data-complete'), 'true');
    await page.getByLabel('Filter fills').fill(oldest!.clientOrderId);
    await page.locator(`[data-testid=fills-blotter] .ag-row[row-id="${oldest!.id}"]`).first().waitFor();
  });

  it('ran without a CSP violation or an uncaught error', () => {
    assert.deepEqual(problems.cspViolations, []);
    assert.deepEqual(problems.pageErrors, []);
  });
});
