// The one order fixture of the renderer's unit tests: a shared `Order` as the order service
// answers it, with whatever a test cares about passed as overrides. Invariant: the defaults alone
// satisfy shared's OrderSchema (no extra keys — the order service's pending fields are left out
// unless a test passes them) and are self-consistent (an accepted order, nothing filled, all of its
// quantity remaining). A test that asserts on a field's value passes that value itself rather than
// leaning on a default here. Known limit: overrides are not validated, so a test may build an
// impossible order on purpose (ids like 'a', a fill larger than the order).
import type { Order } from '@kestrel/shared';
import type { OrderView } from '../features/trading/order-gateway.js';

/** An accepted AAPL buy limit order (DAY, 10 lots at 10,000 ticks, nothing filled), with `overrides` applied. */
export function buildOrder(overrides: Partial<OrderView> = {}): OrderView {
  const order: Order = {
    id: '00000000-0000-4000-8000-000000000001',
    clientOrderId: 'c1',
    accountId: '00000000-0000-4000-8000-0000000000aa',
    parentOrderId: null,
    symbol: 'AAPL',
    side: 'buy',
    type: 'limit',
    timeInForce: 'DAY',
    quantityLots: 10,
    limitPriceTicks: 10_000,
    stopPriceTicks: null,
    expireAt: null,
    postOnly: false,
    displayQuantityLots: null,
    lotSelection: null,
    status: 'accepted',
    rejectReason: null,
    filledQuantityLots: 0,
    remainingQuantityLots: 10,
    averageFillPrice: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
  return { ...order, ...overrides };
}
