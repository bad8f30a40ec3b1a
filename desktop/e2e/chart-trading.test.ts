// The chart's trading overlay and its new drawings end to end, through the UI, against a real
// `kestrel serve --all` with the simulation venue quoting AAPL (the trading scene of
// support/trading-desk.ts): a working order shows as a price line on the chart; dragging the
// line moves the order at the order service (after the trader's confirmation; "Keep" puts the
// line back and sends nothing; a move the service refuses is explained in a toast and the line
// goes back); a fill shows as a marker; a rectangle and a Fibonacci retracement
// survive a workspace save and a reload, after a selected drawing was deleted with the Delete key.
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
  status: string;
  limitPriceTicks: number | null;
  pendingModification?: { limitPriceTicks: number | null } | null;
}

const CHART = '[data-testid=chart]';

describe('chart trading overlay and drawings end to end', { timeout: 600_000 }, () => {
  let suite: TestSuite;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let trader: SuiteApi;
  let accountId: string;
  let restingId = '';
  let restingTicks = 0;
  const problems: PageProblems = { cspViolations: [], pageErrors: [] };

  before(async () => {
    buildRenderer();
    ({ suite, trader, accountId } = await startTradingDesk());
    browser = await launchChromium();
    context = await watchedContext(browser, problems);
    page = await context.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(suite.url);
    await signIn(page, TRADER);
  });


  after(async () => {
    await browser?.close();
    await suite?.stop();
  });

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

  const order = async (id: string) => (await trader.call<{ orders: OrderState[] }>('GET', '/v1/orders?limit=100')).orders.find((each) => each.id === id)!;
  const attribute = async (name: string) => (await page.locator(CHART).first().getAttribute(name)) ?? '';
  const orderLines = async () => JSON.parse((await attribute('data-order-lines')) || '[]') as Array<{ key: string; priceTicks: number; label: string }>;

  /** Drags the order's line by `dy` pixels; retries when the pointer-down missed the line (the live scale moved). */
  async function dragLine(key: string, dy: number): Promise<void> {
    const box = (await page.locator(CHART).first().boundingBox())!;
    const x = box.x + box.width * 0.4;
    for (let attempt = 0; attempt < 10; attempt++) {
      await page.mouse.move(x, box.y + box.height * 0.5);
      await page.mouse.move(x + 1, box.y + box.height * 0.5);
      const y = (JSON.parse((await attribute('data-order-line-y')) || '{}') as Record<string, number | null>)[key];
      assert.ok(typeof y === 'number' && y > 0 && y < box.height, `the order line is on the chart (y ${y})`);
      await page.mouse.move(x, box.y + y);
      await page.mouse.down();
      // The chart marks the drag on its next render, which a loaded machine may delay.
      const caught = await page
        .waitForFunction(([selector, dragged]) => document.querySelector(selector!)?.getAttribute('data-dragging') === dragged, [CHART, key], { timeout: 3_000 })
        .then(() => true, () => false);
      if (caught) {
        await page.mouse.move(x, box.y + y + dy, { steps: 6 });
        await page.mouse.up();
        return;
      }
      await page.mouse.up();
      await page.keyboard.press('Escape');
    }
    throw new Error('the pointer never caught the order line');
  }

  it('shows the simulated AAPL market on a 1-second chart', async () => {
    await page.locator('[data-testid=stream-status]', { hasText: 'Live stream' }).waitFor({ timeout: 60_000 });
    // History must exist before the chart loads it: an empty chart waits for a new load.
    await until('1-second AAPL bars', async () => (await trader.call<{ bars: unknown[] }>('GET', '/v1/market-data/bars?symbol=AAPL&interval=1s&limit=5')).bars.length, (count) => count >= 2, 60_000);
    await page.locator('.panel', { has: page.locator(CHART) }).locator('[aria-label=Interval] button', { hasText: /^1s$/ }).click();
    await page.waitForFunction(
      (selector) => {
        const element = document.querySelector(selector);
        return element?.getAttribute('data-symbol') === 'AAPL' && element.getAttribute('data-interval') === '1s' && element.getAttribute('data-state') === 'ready';
      },
      CHART,
      { timeout: 60_000 },
    );
    assert.ok(Number(await attribute('data-bar-count')) >= 2);
  });

  it('draws a working order as a line labelled with side, quantity and type', async () => {
    const lastTicks = Math.round(Number(await attribute('data-last-close')) * 100);
    restingTicks = lastTicks - 40;
    const placed = await trader.call<{ id: string }>('POST', '/v1/orders', { clientOrderId: 'e2e-chart-rest', accountId, symbol: 'AAPL', side: 'buy', type: 'limit', timeInForce: 'DAY', quantityLots: 10, limitPriceTicks: restingTicks });
    restingId = placed.id;
    const lines = await until('the order line', orderLines, (list) => list.some((line) => line.key === `${restingId}:limit`), 60_000);
    assert.deepEqual(
      lines.find((line) => line.key === `${restingId}:limit`),
      { key: `${restingId}:limit`, priceTicks: restingTicks, label: 'BUY 10 LMT' },
    );
  });

  it('puts a dragged line back when the trader keeps the order as it is', async () => {
    await dragLine(`${restingId}:limit`, 50);
    await page.locator('[data-testid=move-confirmation]').waitFor();
    await page.click('[data-testid=cancel-move]');
    await until('the line back at its price', orderLines, (list) => list.find((line) => line.key === `${restingId}:limit`)?.priceTicks === restingTicks);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const atService = await order(restingId);
    assert.equal(atService.limitPriceTicks, restingTicks);
    assert.ok(!atService.pendingModification, 'nothing was sent');
  });

  it('moves the order to the exact tick the line is dropped at, after confirmation', async () => {
    await dragLine(`${restingId}:limit`, 60);
    await page.locator('[data-testid=move-confirmation]').waitFor();
    await page.click('[data-testid=confirm-move]');
    const moved = await until(
      'the modification at the order service',
      () => order(restingId),
      (state) => (state.pendingModification?.limitPriceTicks ?? state.limitPriceTicks) !== restingTicks,
    );
    const newTicks = moved.pendingModification?.limitPriceTicks ?? moved.limitPriceTicks!;
    assert.ok(Number.isSafeInteger(newTicks) && newTicks < restingTicks, `dragged down: ${restingTicks} → ${newTicks}`);
    const settled = await until('the modification to apply', () => order(restingId), (state) => state.limitPriceTicks === newTicks && !state.pendingModification);
    assert.equal(settled.status === 'accepted' || settled.status === 'new', true, settled.status);
    await until('the line at the new price', orderLines, (list) => list.find((line) => line.key === `${restingId}:limit`)?.priceTicks === newTicks);
  });

  it('marks a fill on its bar', async () => {
    assert.equal(await attribute('data-fill-markers'), '0');
    const lastTicks = Math.round(Number(await attribute('data-last-close')) * 100);
    const crossing = await trader.call<{ id: string }>('POST', '/v1/orders', { clientOrderId: 'e2e-chart-fill', accountId, symbol: 'AAPL', side: 'buy', type: 'limit', timeInForce: 'IOC', quantityLots: 3, limitPriceTicks: lastTicks + 300 });
    await until('the fill', () => order(crossing.id), (state) => state.status === 'filled');
    await until('the fill marker', () => attribute('data-fill-markers'), (count) => Number(count) >= 1);
    await trader.call('DELETE', `/v1/orders/${restingId}`);
    await until('the line to go with the cancelled order', orderLines, (list) => list.length === 0);
  });

  it('says why the order service refused a move and puts the line back', async () => {
    // An order using nearly all the buying power: raising its price needs more, which the portfolio refuses.
    const { buyingPowerMinor } = await trader.call<{ buyingPowerMinor: number }>('GET', `/v1/accounts/${accountId}`);
    const priceTicks = Math.round(Number(await attribute('data-last-close')) * 100) - 300;
    const quantityLots = Math.floor(buyingPowerMinor / priceTicks) - 2;
    const big = await trader.call<{ id: string }>('POST', '/v1/orders', { clientOrderId: 'e2e-chart-big', accountId, symbol: 'AAPL', side: 'buy', type: 'limit', timeInForce: 'DAY', quantityLots, limitPriceTicks: priceTicks });
    await until('the large order to work', () => order(big.id), (state) => state.status === 'accepted');
    const key = `${big.id}:limit`;
    await until('its line', orderLines, (list) => list.some((line) => line.key === key));
    const y = (JSON.parse((await attribute('data-order-line-y')) || '{}') as Record<string, number | null>)[key] ?? 300;
    await dragLine(key, 40 - y);
    await page.locator('[data-testid=move-confirmation]').waitFor();
    await page.click('[data-testid=confirm-move]');
    await page.locator('[data-testid=toast]', { hasText: 'Change refused' }).waitFor({ timeout: 60_000 });
    await until('the line back at the order price', orderLines, (list) => list.find((line) => line.key === key)?.priceTicks === priceTicks);
    const atService = await order(big.id);
    assert.equal(atService.limitPriceTicks, priceTicks);
    assert.ok(!atService.pendingModification);
    await trader.call('DELETE', `/v1/orders/${big.id}`);
    await until('no order line', orderLines, (list) => list.length === 0);
  });

  it('deletes a selected drawing with the Delete key, and keeps a rectangle and a Fibonacci retracement through a save and a reload', async () => {
    const box = (await page.locator(CHART).first().boundingBox())!;
    const at = (fx: number, fy: number) => page.mouse.click(box.x + box.width * fx, box.y + box.height * fy);
    const kinds = (expected: string) => page.waitForFunction(([selector, value]) => document.querySelector(selector!)?.getAttribute('data-drawing-kinds') === value, [CHART, expected], { timeout: 60_000 });
    await page.click('[data-testid=tool-rectangle]');
    await at(0.1, 0.1);
    await at(0.25, 0.3);
    await page.click('[data-testid=tool-rectangle]');
    await at(0.3, 0.35);
    await at(0.5, 0.6);
    await page.click('[data-testid=tool-fib]');
    await at(0.55, 0.7);
    await at(0.75, 0.25);
    await kinds('rectangle,rectangle,fib');
    // A click inside the first rectangle selects it; Delete removes it. The 1-second chart keeps
    // scrolling and rescaling with the live market, so the rectangle is clicked where the chart
    // says it is now (its centre, from data-drawing-points), again if it moved before the click.
    const points = async () => Object.entries(JSON.parse(await attribute('data-drawing-points')) as Record<string, { x: number; y: number } | null>);
    const [firstId] = (await points())[0]!;
    let selected = '';
    for (const deadline = Date.now() + 60_000; selected !== firstId; ) {
      assert.ok(Date.now() < deadline, `the first rectangle (${firstId}) was not selected by a click on it; selected: "${selected}"`);
      const point = (await points()).find(([id]) => id === firstId)?.[1];
      if (point) await page.mouse.click(box.x + point.x, box.y + point.y);
      selected = await until('a selected drawing', () => attribute('data-selected-drawing'), (id) => id !== '', 2_000).catch(() => '');
    }
    await page.keyboard.press('Delete');
    await kinds('rectangle,fib');
    await page.waitForSelector('[data-testid=workspace-dirty]');
    await page.keyboard.press('Control+S');
    await page.waitForSelector('[data-testid=workspace-dirty]', { state: 'detached' });
    const { workspaces } = await trader.call<{ workspaces: Array<{ layout: { dock: { panels: Record<string, { contentComponent: string; params: { drawings?: Array<Record<string, unknown>> } }> } } }> }>('GET', '/v1/workspaces');
    const saved = workspaces.flatMap((workspace) => Object.values(workspace.layout.dock.panels)).find((panel) => panel.contentComponent === 'chart')!.params.drawings!;
    assert.deepEqual(
      saved.map((drawing) => drawing['kind']),
      ['rectangle', 'fib'],
    );
    assert.ok(!saved.some((drawing) => drawing['id'] === selected), 'the deleted drawing is not saved');
    for (const drawing of saved) {
      for (const point of [drawing['from'], drawing['to']] as Array<{ time: number; priceTicks: number }>) {
        assert.ok(Number.isSafeInteger(point.priceTicks) && point.time > 1_700_000_000, JSON.stringify(point));
      }
    }
    await page.reload();
    await kinds('rectangle,fib');
  });

  it('ran without a CSP violation or an uncaught error', () => {
    assert.deepEqual(problems.cspViolations, []);
    assert.deepEqual(problems.pageErrors, []);
  });
});
