import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Order, OrderChange } from '@kestrel/shared';
import { Registry } from 'prom-client';
import type { OrderStatusMessage } from './effects.js';
import { orderMetrics } from './order-metrics.js';

function message(change: OrderChange, order: Partial<Order>): OrderStatusMessage {
  return { kind: 'order', accountId: 'a', ownerUserId: 'u', change, order: { status: 'accepted', rejectReason: null, ...order } as Order };
}

async function series(registry: Registry): Promise<Record<string, number>> {
  const values = (await registry.getSingleMetric('kestrel_orders_total')!.get()).values;
  return Object.fromEntries(values.map((value) => [`${value.labels.outcome}/${value.labels.reason}`, value.value]));
}

describe('orderMetrics', () => {
  it('counts each outcome once, with the reject or cancel code as reason', async () => {
    const registry = new Registry();
    const metrics = orderMetrics(registry);
    metrics.count([
      message('received', { status: 'new' }),
      message('accepted', { status: 'accepted' }),
      message('fill', { status: 'partially_filled' }),
      message('fill', { status: 'filled' }),
      message('rejected', { status: 'rejected', rejectReason: 'PORTFOLIO_INSUFFICIENT_BUYING_POWER' }),
      message('rejected', { status: 'rejected', rejectReason: 'PORTFOLIO_INSUFFICIENT_BUYING_POWER' }),
      message('cancelled', { status: 'cancelled' }),
      message('expired', { status: 'expired' }),
      message('cancel-requested', { status: 'accepted' }),
    ]);
    metrics.count([{ kind: 'parent', accountId: 'a', ownerUserId: 'u', parentOrderId: 'p', status: 'rejected', reason: 'X', filledQuantityLots: 0 }]);
    assert.deepEqual(await series(registry), {
      'accepted/none': 1,
      'filled/none': 1,
      'rejected/PORTFOLIO_INSUFFICIENT_BUYING_POWER': 2,
      'cancelled/none': 2,
    });
    assert.equal(orderMetrics(registry), metrics, 'registering twice on one registry reuses the counter');
  });
});
