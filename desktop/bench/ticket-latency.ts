// Order ticket submit → order visible in the orders blotter, in Chromium against a real
// `kestrel serve --all` (the trading scene of the end-to-end test: order, execution and
// portfolio services in-process, the simulation venue quoting AAPL). Each sample fills the
// ticket with a resting limit buy (far below the market, so it stays working), opens the
// confirmation, then times from the click on "Confirm" to the order's row appearing in the
// blotter's DOM (and to the next animation frame, when it is on screen). The POST /v1/orders
// round trip of the same sample (Resource Timing) and one sent from Node right after it are
// reported alongside, to separate the server's share from the workstation's.
import type { Browser } from 'playwright-core';
import { buildRenderer } from '../e2e/support/build-renderer.js';
import { TRADER, startTradingDesk } from '../e2e/support/trading-desk.js';
import { signIn } from '../e2e/support/session.js';

// Runs in the page, as a string: tsx would wrap named functions of a closure in a helper the page
// does not have. Clicks "Confirm" and resolves when a row with a new row-id is in the blotter
// (the orders the benchmark sent from Node, which a poll may bring meanwhile, do not count).
const measureConfirm = (ignored: string[]) => `(async () => {
  const blotter = document.querySelector('[data-testid=orders-blotter]');
  const ids = () => new Set([...blotter.querySelectorAll('.ag-row[row-id]')].map((row) => row.getAttribute('row-id')));
  const before = new Set([...ids(), ...${JSON.stringify(ignored)}]);
  performance.clearResourceTimings();
  const appeared = new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      for (const id of ids()) {
        if (!before.has(id)) {
          observer.disconnect();
          resolve(performance.now());
          return;
        }
      }
    });
    observer.observe(blotter, { subtree: true, childList: true, attributes: true, attributeFilter: ['row-id'] });
  });
  const clicked = performance.now();
  document.querySelector('[data-testid=confirm-order]').click();
  const inDom = await appeared;
  const onScreen = await new Promise((resolve) => requestAnimationFrame(resolve));
  // The POST's Resource Timing entry is queued after the body is read: it may come after the row.
  const postEntry = () => performance.getEntriesByType('resource').find((entry) => entry.name.endsWith('/v1/orders') && entry.initiatorType === 'fetch');
  for (let wait = 0; wait < 100 && !postEntry(); wait++) await new Promise((resolve) => setTimeout(resolve, 10));
  const post = postEntry();
  return {
    rowInDomMs: inDom - clicked,
    rowOnScreenMs: onScreen - clicked,
    postMs: post ? post.duration : -1,
    clickToPostMs: post ? post.startTime - clicked : -1,
    postToRowMs: post ? inDom - post.responseEnd : -1,
  };
})()`;

/** Latencies of one sample, in milliseconds. */
export interface TicketSample {
  rowInDomMs: number;
  rowOnScreenMs: number;
  /** The sample's POST /v1/orders as the browser timed it (Resource Timing: request start to response end). */
  postMs: number;
  /** The workstation before the request: click on Confirm → the POST starts. */
  clickToPostMs: number;
  /** The workstation after the answer: the POST's response ends → the row is in the DOM. */
  postToRowMs: number;
  /** A POST /v1/orders of the same shape sent from Node right after (the server's share, no UI). */
  directPostMs: number;
}

/** Runs `samples` ticket submissions and returns each one's latencies. */
export async function measureTicketLatency(browser: Browser, samples: number): Promise<TicketSample[]> {
  buildRenderer();
  const desk = await startTradingDesk();
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  try {
    const page = await context.newPage();
    await signIn(page, TRADER, desk.suite.url);
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=account-select] option')].some((option) => option.textContent?.startsWith('Day trading')), undefined, { timeout: 60_000 });
    await page.locator('[data-testid=orders-blotter]').waitFor();
    const ticket = page.locator('[data-testid=order-ticket]');
    await ticket.locator('[data-testid=side-buy]').click();
    await ticket.locator('[data-testid=time-in-force]').selectOption('DAY');
    const results: TicketSample[] = [];
    const directIds: string[] = [];
    for (let i = 0; i < samples; i++) {
      await ticket.locator('[data-testid=quantity]').fill(String(1 + (i % 9)));
      await ticket.locator('[data-testid=limit-price]').fill((150 - i * 0.01).toFixed(2));
      await ticket.locator('[data-testid=submit-order]').click();
      await page.locator('[data-testid=order-confirmation]').waitFor();
      const shown = (await page.evaluate(measureConfirm(directIds))) as Omit<TicketSample, 'directPostMs'>;
      await page.locator('[data-testid=order-confirmation]').waitFor({ state: 'detached' });
      const started = performance.now();
      const direct = await desk.trader.call<{ id: string }>('POST', '/v1/orders', {
        clientOrderId: `bench-direct-${i}`,
        accountId: desk.accountId,
        symbol: 'AAPL',
        side: 'buy',
        type: 'limit',
        timeInForce: 'DAY',
        quantityLots: 1,
        limitPriceTicks: 14000 - i,
      });
      const directPostMs = performance.now() - started;
      directIds.push(direct.id);
      results.push({ ...shown, directPostMs });
    }
    return results;
  } finally {
    await context.close();
    await desk.suite.stop();
  }
}
