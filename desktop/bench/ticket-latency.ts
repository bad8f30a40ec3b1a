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
// does not have. Clicks "Confirm" and resolves when a row with a new row-id is in the blotter.
const MEASURE_CONFIRM = `(async () => {
  const blotter = document.querySelector('[data-testid=orders-blotter]');
  const ids = () => new Set([...blotter.querySelectorAll('.ag-row[row-id]')].map((row) => row.getAttribute('row-id')));
  const before = ids();
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
  return { rowInDomMs: inDom - clicked, rowOnScreenMs: onScreen - clicked };
})()`;

// The POST /v1/orders of the sample, once the ticket has its answer (Resource Timing).
const POST_DURATION = `performance.getEntriesByType('resource').find((entry) => entry.name.endsWith('/v1/orders') && entry.initiatorType === 'fetch')?.duration ?? -1`;

/** Latencies of one sample, in milliseconds. */
export interface TicketSample {
  rowInDomMs: number;
  rowOnScreenMs: number;
  /** The sample's POST /v1/orders as the browser timed it. */
  postMs: number;
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
    for (let i = 0; i < samples; i++) {
      await ticket.locator('[data-testid=quantity]').fill(String(1 + (i % 9)));
      await ticket.locator('[data-testid=limit-price]').fill((150 - i * 0.01).toFixed(2));
      await ticket.locator('[data-testid=submit-order]').click();
      await page.locator('[data-testid=order-confirmation]').waitFor();
      const shown = (await page.evaluate(MEASURE_CONFIRM)) as { rowInDomMs: number; rowOnScreenMs: number };
      await page.locator('[data-testid=order-confirmation]').waitFor({ state: 'detached' });
      const postMs = (await page.evaluate(POST_DURATION)) as number;
      const started = performance.now();
      await desk.trader.call('POST', '/v1/orders', {
        clientOrderId: `bench-direct-${i}`,
        accountId: desk.accountId,
        symbol: 'AAPL',
        side: 'buy',
        type: 'limit',
        timeInForce: 'DAY',
        quantityLots: 1,
        limitPriceTicks: 14000 - i,
      });
      results.push({ ...shown, postMs, directPostMs: performance.now() - started });
    }
    return results;
  } finally {
    await context.close();
    await desk.suite.stop();
  }
}
