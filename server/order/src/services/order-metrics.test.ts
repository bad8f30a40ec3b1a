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

  it('times the stages of order entry, each under its own label', async () => {
    const registry = new Registry();
    const metrics = orderMetrics(registry);
    metrics.stage('record', 0.002);
    metrics.stage('check', 0.004);
    metrics.stage('check', 0.006);
    metrics.stage('route', 0.003);
    const values = (await registry.getSingleMetric('kestrel_order_entry_stage_seconds')!.get()).values;
    const total = (name: string, stage: string) => values.find((value) => (value as { metricName?: string }).metricName === name && value.labels.stage === stage)?.value;
    assert.equal(total('kestrel_order_entry_stage_seconds_count', 'check'), 2);
    assert.ok(Math.abs(total('kestrel_order_entry_stage_seconds_sum', 'check')! - 0.01) < 1e-12);
    assert.equal(total('kestrel_order_entry_stage_seconds_count', 'record'), 1);
    assert.equal(total('kestrel_order_entry_stage_seconds_count', 'route'), 1);
  });

  it('reads the detached routings when scraped', async () => {
    const registry = new Registry();
    const metrics = orderMetrics(registry);
    const gauge = async () => (await registry.getSingleMetric('kestrel_order_detached_routings')!.get()).values[0]!.value;
    assert.equal(await gauge(), 0, 'nothing watched yet');
    let running = 3;
    metrics.watchDetachedRoutings(() => running);
    assert.equal(await gauge(), 3);
    running = 1;
    assert.equal(await gauge(), 1);
  });
});
