// The trading feed's order list: the polled page, the POST answer and the stream's updates merged
// into one history that every watcher sees; older pages through the gateway's cursors. The order
// service is replaced by an in-memory list behind the same OrderGateway interface (the HTTP side
// is covered end to end by desktop/e2e/blotter-history.test.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Execution, Order } from '@kestrel/shared';
import type { PortfolioApi } from '../../api/portfolio-api.js';
import { buildOrder } from '../../test-support/orders.js';
import type { PollResult } from '../market/poller.js';
import type { OrderFilter, OrderGateway, OrderView } from './order-gateway.js';
import type { Page } from './paged-history.js';
import { HISTORY_PAGE_SIZE, TradingFeed } from './trading-feed.js';

/** The order service's view of order `n`: its id, client id and times follow `n` (higher is newer). */
function order(n: number, change: Partial<OrderView> = {}): OrderView {
  const at = new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString();
  const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  return buildOrder({ id, clientOrderId: `c-${n}`, createdAt: at, updatedAt: at, parentRole: null, cancelPending: false, pendingModification: null, ...change });
}

/** An order service in memory: `stored` newest first, pages by index cursors; `pages` records the cursors asked for. */
function gateway(stored: OrderView[]): OrderGateway & { pages: Array<string | undefined> } {
  const pages: Array<string | undefined> = [];
  const page = async (filter: OrderFilter = {}): Promise<Page<OrderView>> => {
    pages.push(filter.cursor);
    const from = filter.cursor ? Number(filter.cursor) : 0;
    const size = filter.limit ?? HISTORY_PAGE_SIZE;
    return { rows: stored.slice(from, from + size), nextCursor: from + size < stored.length ? String(from + size) : null };
  };
  const refuse = () => Promise.reject(new Error('not used'));
  return {
    pages,
    available: true,
    unavailableReason: null,
    place: refuse,
    modify: refuse,
    cancel: refuse,
    cancelAll: refuse,
    orders: async (filter) => (await page(filter)).rows,
    orderPage: page,
    executions: async () => [],
    executionPage: async (): Promise<Page<Execution>> => ({ rows: [], nextCursor: null }),
  };
}

/** Watches the orders and resolves with the first list that satisfies `done`. */
function nextList(feed: TradingFeed, done: (orders: OrderView[]) => boolean): Promise<{ orders: OrderView[]; stop: () => void }> {
  return new Promise((resolve, reject) => {
    const stop = feed.watchOrders((result: PollResult<OrderView[]>) => {
      if (!result.ok) return reject(result.error as Error);
      if (done(result.value)) resolve({ orders: result.value, stop });
    });
  });
}

describe('TradingFeed orders', () => {
  it('shows the newest page, pages back with the gateway cursors, and keeps placed orders and stream updates', async () => {
    const stored = Array.from({ length: 450 }, (_, i) => order(450 - i));
    const orders = gateway(stored);
    const feed = new TradingFeed({} as PortfolioApi, () => orders);
    const first = await nextList(feed, (list) => list.length > 0);
    assert.equal(first.orders.length, HISTORY_PAGE_SIZE);
    await feed.loadOlderOrders();
    await feed.loadOlderOrders();
    assert.deepEqual(orders.pages, [undefined, '200', '400']);
    assert.equal(feed.orderHistory.snapshot().rows.length, 450);
    assert.equal(feed.orderHistory.snapshot().hasOlder, false);

    // The ticket's POST answer shows at once, before any poll has it.
    feed.orderPlaced(order(451));
    assert.equal(feed.orderHistory.snapshot().rows[0]!.id, order(451).id);
    // A stream update (a shared Order, without the order service's pending fields) keeps them.
    const withPending = order(3, { cancelPending: true, updatedAt: order(10).updatedAt });
    feed.orderPlaced(withPending);
    const streamed: Order = { ...withPending, status: 'partially_filled', filledQuantityLots: 1, updatedAt: order(20).updatedAt };
    delete (streamed as Partial<OrderView>).cancelPending;
    delete (streamed as Partial<OrderView>).parentRole;
    delete (streamed as Partial<OrderView>).pendingModification;
    feed.orderUpdated(streamed);
    const merged = feed.orderHistory.get(withPending.id)!;
    assert.equal(merged.status, 'partially_filled');
    assert.equal(merged.cancelPending, true);
    // An older version from the stream (out of order) changes nothing.
    feed.orderUpdated({ ...streamed, status: 'accepted', updatedAt: order(15).updatedAt });
    assert.equal(feed.orderHistory.get(withPending.id)!.status, 'partially_filled');
    first.stop();
    feed.stop();
    assert.equal(feed.orderHistory.snapshot().rows.length, 0, 'sign-out forgets the history');
  });

  it('tells watchers about a failing poll', async () => {
    const failing = { ...gateway([]), orderPage: () => Promise.reject(new Error('ORDER_SERVICE_DOWN')) };
    const feed = new TradingFeed({} as PortfolioApi, () => failing);
    const error = await new Promise<unknown>((resolve) => {
      const stop = feed.watchOrders((result) => {
        if (result.ok) return;
        stop();
        resolve(result.error);
      });
    });
    assert.equal((error as Error).message, 'ORDER_SERVICE_DOWN');
    feed.stop();
  });
});
