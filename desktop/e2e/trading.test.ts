// Trading end to end, through the UI, against a real `kestrel serve --all` whose order service,
// execution service (engine + simulation venue: seeded market makers quote AAPL around 190.00)
// and portfolio run in-process: a trader places a resting order from the ticket (with the
// confirmation), sees it on the orders blotter, changes its quantity inline and cancels it; an
// order that crosses the simulated book fills and shows on the fills blotter and as a position,
// which "Flatten" closes; the price ladder places and cancels orders with a click; Ctrl+Shift+X
// cancels everything. Each step is checked against the order and portfolio services' own state.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { SuiteApi } from './support/api.js';
import { launchChromium, watchedContext, type PageProblems } from './support/browser.js';
import { buildRenderer } from './support/build-renderer.js';
import type { TestSuite } from './support/suite.js';
import { startTradingDesk, TRADER } from './support/trading-desk.js';
import { signIn } from './support/session.js';

interface OrderState {
  id: string;
  clientOrderId: string;
  status: string;
  quantityLots: number;
  limitPriceTicks: number | null;
  side: string;
  pendingModification?: { quantityLots: number } | null;
}

describe('trading end to end', { timeout: 600_000 }, () => {
  let suite: TestSuite;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let trader: SuiteApi;
  let accountId: string;
  const problems: PageProblems = { cspViolations: [], pageErrors: [] };

  before(async () => {
    buildRenderer();
    ({ suite, trader, accountId } = await startTradingDesk());
    browser = await launchChromium();
    context = await watchedContext(browser, problems);
    page = await context.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await signIn(page, TRADER, suite.url);
  });

  after(async () => {
    await browser?.close();
    await suite?.stop();
  });

  async function orders(): Promise<OrderState[]> {
    return (await trader.call<{ orders: OrderState[] }>('GET', '/v1/orders?limit=100')).orders;
  }

  async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let value = await read();
    while (!done(value)) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value).slice(0, 600)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
      value = await read();
    }
    return value;
  }

  async function placeFromTicket(options: { side: 'buy' | 'sell'; quantity: string; price: string; timeInForce?: string }): Promise<void> {
    const ticket = page.locator('[data-testid=order-ticket]');
    await ticket.locator(`[data-testid=side-${options.side}]`).click();
    await ticket.locator('[data-testid=quantity]').fill(options.quantity);
    await ticket.locator('[data-testid=limit-price]').fill(options.price);
    await ticket.locator('[data-testid=time-in-force]').selectOption(options.timeInForce ?? 'DAY');
    await ticket.locator('[data-testid=submit-order]').click();
    await page.locator('[data-testid=order-confirmation]').waitFor();
    await page.click('[data-testid=confirm-order]');
    await page.locator('[data-testid=order-confirmation]').waitFor({ state: 'detached' });
  }

  /** The order's row in the blotter's scrolling part (the pinned action column is a second row element). */
  function blotterRow(orderId: string) {
    return page.locator(`[data-testid=orders-blotter] .ag-row[row-id="${orderId}"]`, { has: page.locator('[col-id=symbol]') });
  }

  it('streams the simulated AAPL market into the ladder', async () => {
    await page.locator('[data-testid=stream-status]', { hasText: 'Live stream' }).waitFor({ timeout: 60_000 });
    // The simulation venue starts quoting a moment after the suite is up.
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=dom-ladder] td.bid.has').length > 0 && document.querySelectorAll('[data-testid=dom-ladder] td.ask.has').length > 0, undefined, { timeout: 60_000 });
    await page.locator('[data-testid=order-ticket]').waitFor();
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=account-select] option')].some((option) => option.textContent?.startsWith('Day trading')), undefined, { timeout: 60_000 });
  });

  it('places a resting order from the ticket after confirmation and shows it on the blotter', async () => {
    await placeFromTicket({ side: 'buy', quantity: '10', price: '150.00' });
    const [order] = await until('the order at the service', orders, (list) => list[0]?.limitPriceTicks === 15000 && ['accepted', 'new'].includes(list[0].status));
    assert.equal(order!.limitPriceTicks, 15000);
    assert.equal(order!.quantityLots, 10);
    assert.equal(order!.side, 'buy');
    await blotterRow(order!.id).waitFor();
    assert.match(await blotterRow(order!.id).innerText(), /AAPL[\s\S]*buy[\s\S]*limit[\s\S]*150\.00[\s\S]*kd-/);
  });

  it('changes the quantity inline on the blotter', async () => {
    const [order] = await orders();
    const cell = blotterRow(order!.id).locator('[col-id=quantityText]');
    await cell.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('20');
    await page.keyboard.press('Enter');
    await until('the modification', orders, (list) => list[0]!.quantityLots === 20 || list[0]!.pendingModification?.quantityLots === 20);
  });

  it('cancels the order from the blotter', async () => {
    const [order] = await orders();
    await page.locator(`[data-testid=orders-blotter] .ag-row[row-id="${order!.id}"] [data-testid=cancel-order]`).click();
    await until('the cancel', orders, (list) => list[0]!.status === 'cancelled');
    await page.waitForFunction((id) => [...document.querySelectorAll(`[data-testid=orders-blotter] .ag-row[row-id="${id}"]`)].some((row) => row.textContent?.includes('cancelled')), order!.id);
  });

  it('fills a crossing order, shows the fill and the position, and flattens it', async () => {
    await placeFromTicket({ side: 'buy', quantity: '5', price: '200.00', timeInForce: 'IOC' });
    const filled = await until('the fill', orders, (list) => list[0]!.status === 'filled');
    const { executions } = await trader.call<{ executions: Array<{ orderId: string; quantityLots: number }> }>('GET', `/v1/executions?orderId=${filled[0]!.id}`);
    assert.equal(executions.reduce((sum, execution) => sum + execution.quantityLots, 0), 5);

    await page.locator('.dv-tab', { hasText: 'Fills' }).first().click();
    await page.waitForFunction((id) => [...document.querySelectorAll('[data-testid=fills-blotter] .ag-row')].some((row) => row.textContent?.includes(id)), filled[0]!.clientOrderId);
    await page.locator('.dv-tab', { hasText: 'Positions' }).first().click();
    // The portfolio books each execution after the order's own update (orders.executed), so the
    // row may first show a partly booked position; it must converge to the 5 lots.
    const position = page.locator('[data-testid=positions] .ag-row', { hasText: 'AAPL' });
    await position.waitFor();
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=positions] .ag-row')].some((row) => row.textContent?.includes('AAPL') && /\b5\b/.test((row as HTMLElement).innerText)), undefined, { timeout: 60_000 });
    assert.match(await position.innerText(), /\b5\b/);
    await position.locator('[data-testid=flatten]').click();
    await until(
      'the position to be flat',
      async () => (await trader.call<{ positions: Array<{ symbol: string; quantityLots: number }> }>('GET', '/v1/positions')).positions,
      (positions) => positions.every((each) => each.symbol !== 'AAPL' || each.quantityLots === 0),
    );
  });

  it('places and cancels orders with clicks on the price ladder', async () => {
    const ladder = page.locator('[data-testid=dom-ladder]');
    // Scroll the ladder a dollar below the market, so the bid rests instead of filling.
    await ladder.hover();
    for (let step = 0; step < 50; step++) await page.mouse.wheel(0, 100);
    // Read the row's price and click its bid cell in one step: the ladder follows the market.
    const price = await ladder.locator('tbody tr').last().evaluate((row) => {
      const text = row.querySelector('td.price')?.textContent ?? '';
      (row.querySelector('td.bid') as HTMLElement).click();
      return text.trim();
    });
    await page.locator('[data-testid=confirm-order], .modal button.btn-buy').first().click();
    const expectedTicks = Math.round(Number(price.replace(/,/g, '')) * 100);
    const [order] = await until('the ladder order', orders, (list) => list.some((each) => each.limitPriceTicks === expectedTicks && ['accepted', 'new'].includes(each.status)));
    assert.ok(order);
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=dom-ladder] tbody tr')].some((row) => row.querySelector('td.working')));
    await ladder.locator('td.working').first().click();
    await until('the ladder cancel', orders, (list) => list.filter((each) => each.limitPriceTicks === expectedTicks).every((each) => each.status === 'cancelled'));
  });

  it('cancels every working order with Ctrl+Shift+X', async () => {
    for (const clientOrderId of ['e2e-rest-1', 'e2e-rest-2']) {
      await trader.call('POST', '/v1/orders', { clientOrderId, accountId, symbol: 'AAPL', side: 'buy', type: 'limit', timeInForce: 'DAY', quantityLots: 1, limitPriceTicks: 14000 });
    }
    await page.locator('.dv-tab', { hasText: 'Orders' }).first().click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=orders-blotter] [data-testid=cancel-order]').length === 2);
    await page.locator('[data-testid=workstation] .topbar').click({ position: { x: 600, y: 10 } });
    await page.keyboard.press('Control+Shift+X');
    await until('every order to be final', orders, (list) => list.every((each) => !['new', 'accepted', 'partially_filled'].includes(each.status) && !(each as { cancelPending?: boolean }).cancelPending));
  });

  it('ran without a CSP violation or an uncaught error', () => {
    assert.deepEqual(problems.cspViolations, []);
    assert.deepEqual(problems.pageErrors, []);
  });
});
