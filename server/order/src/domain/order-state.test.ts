// The order state machine: examples of every report kind, and a property test driving random
// report sequences (plausible and contradictory) through applyReport.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import fc from 'fast-check';
import { canTransition, type Execution, type OrderStatus } from '@kestrel/shared';
import { newOrderRecord } from './new-order.js';
import { averageFillPrice, closedQuantityOf, isOpen, leavesOf, type OrderRecord } from './order-record.js';
import { applyReport, markRouted, rejectBeforeRouting, requestCancel, requestReplace, type OrderReport, type Transition } from './order-state.js';

const AT = '2026-03-02T14:30:00.000Z';

function routedOrder(quantityLots = 10): OrderRecord {
  const order = newOrderRecord(
    { id: randomUUID(), accountId: randomUUID(), ownerUserId: randomUUID(), clientOrderId: 'c-1', parentOrderId: null, parentRole: null },
    { symbol: 'ACME', side: 'buy', type: 'limit', timeInForce: 'GTC', quantityLots, limitPriceTicks: 100, stopPriceTicks: null, expireAt: null, postOnly: false, displayQuantityLots: null, lotSelection: null },
    null,
    AT,
  );
  const routed = markRouted(order, randomUUID(), AT);
  assert.equal(routed.kind, 'applied');
  return (routed as Extract<Transition, { kind: 'applied' }>).order;
}

function fill(order: OrderRecord, quantityLots: number, priceTicks = 100): OrderReport {
  const execution: Execution = {
    id: randomUUID(),
    orderId: order.id,
    clientOrderId: order.clientOrderId,
    accountId: order.accountId,
    symbol: order.symbol,
    side: order.side,
    priceTicks,
    quantityLots,
    liquidity: 'taker',
    feeMinor: 0,
    venue: 'KESTREL',
    venueExecutionId: null,
    engineSequence: null,
    executedAt: AT,
    recordedAt: AT,
  };
  return { kind: 'fill', orderId: order.id, accountId: order.accountId, at: AT, execution };
}

function applied(transition: Transition): OrderRecord {
  assert.equal(transition.kind, 'applied', transition.kind === 'applied' ? '' : transition.note);
  return (transition as Extract<Transition, { kind: 'applied' }>).order;
}

const base = (order: OrderRecord) => ({ orderId: order.id, accountId: order.accountId, at: AT });

test('accepted, two fills and the exact average price', () => {
  let order = routedOrder(10);
  order = applied(applyReport(order, { kind: 'accepted', ...base(order) }, AT));
  assert.equal(order.status, 'accepted');
  order = applied(applyReport(order, fill(order, 4, 101), AT));
  assert.equal(order.status, 'partially_filled');
  assert.equal(leavesOf(order), 6);
  order = applied(applyReport(order, fill(order, 6, 102), AT));
  assert.equal(order.status, 'filled');
  assert.equal(leavesOf(order), 0);
  assert.deepEqual(averageFillPrice(order), { numerator: '508', denominator: '5' }, '(4×101 + 6×102) / 10 = 101.6');
});

test('engine and risk rejections keep their reason code by name', () => {
  const order = routedOrder();
  const transition = applyReport(order, { kind: 'rejected', ...base(order), reason: 'RISK_MAX_POSITION', message: 'limit 500' }, AT);
  const rejected = applied(transition);
  assert.equal(rejected.status, 'rejected');
  assert.equal(rejected.rejectReason, 'RISK_MAX_POSITION');
  assert.equal((transition as { ended: boolean }).ended, true);
});

test('a partial fill then a cancel leaves filled + cancelled = quantity', () => {
  let order = routedOrder(10);
  order = applied(applyReport(order, fill(order, 3), AT));
  order = applied(applyReport(order, { kind: 'cancelled', ...base(order), reason: 'BOOK_IOC_REMAINDER_CANCELLED', cancelledQuantityLots: 7 }, AT));
  assert.equal(order.status, 'cancelled');
  assert.equal(order.rejectReason, 'BOOK_IOC_REMAINDER_CANCELLED');
  assert.equal(order.filledQuantityLots + closedQuantityOf(order), 10);
});

test('contradicting reports are anomalies and change nothing', () => {
  const order = routedOrder(5);
  assert.equal(applyReport(order, fill(order, 6), AT).kind, 'anomaly', 'over-fill');
  const cancelled = applied(applyReport(order, { kind: 'cancelled', ...base(order), reason: 'BOOK_USER_CANCELLED', cancelledQuantityLots: 5 }, AT));
  assert.equal(applyReport(cancelled, fill(cancelled, 1), AT).kind, 'anomaly', 'fill after the end');
  assert.equal(applyReport(order, { kind: 'replaced', ...base(order), commandId: randomUUID(), quantityLots: 7, limitPriceTicks: 100, stopPriceTicks: null }, AT).kind, 'anomaly');
  const foreign = { ...fill(order, 1), orderId: randomUUID() } as OrderReport;
  assert.equal(applyReport(order, foreign, AT).kind, 'anomaly');
});

test('repeated acknowledgements and late confirmations are ignored', () => {
  const routed = routedOrder();
  const order = applied(applyReport(routed, { kind: 'accepted', ...base(routed) }, AT));
  assert.equal(applyReport(order, { kind: 'accepted', ...base(order) }, AT).kind, 'ignored');
  const ended = applied(applyReport(order, { kind: 'expired', ...base(order), expiredQuantityLots: 10 }, AT));
  assert.equal(ended.rejectReason, null);
  assert.equal(applyReport(ended, { kind: 'cancel-rejected', ...base(ended), commandId: randomUUID(), reason: 'BOOK_UNKNOWN_ORDER' }, AT).kind, 'ignored');
});

test('cancel: local before routing, remote after, once', () => {
  const checking = newOrderRecord(
    { id: randomUUID(), accountId: randomUUID(), ownerUserId: randomUUID(), clientOrderId: 'c-2', parentOrderId: null, parentRole: null },
    { symbol: 'ACME', side: 'sell', type: 'market', timeInForce: 'IOC', quantityLots: 3, limitPriceTicks: null, stopPriceTicks: null, expireAt: null, postOnly: false, displayQuantityLots: null, lotSelection: null },
    null,
    AT,
  );
  const local = requestCancel(checking, randomUUID(), AT);
  assert.equal(local.kind, 'local');
  const localOrder = applied((local as { transition: Transition }).transition);
  assert.equal(localOrder.status, 'cancelled');
  assert.equal(localOrder.routing, 'local');
  assert.deepEqual(requestCancel(localOrder, randomUUID(), AT), { kind: 'refused', refusal: 'not-open' });

  const routed = routedOrder();
  const remote = requestCancel(routed, 'c0ffee00-0000-4000-8000-000000000000', AT);
  assert.equal(remote.kind, 'remote');
  const pending = (remote as { order: OrderRecord }).order;
  assert.equal(pending.status, 'new', 'status changes only when execution confirms');
  assert.equal(requestCancel(pending, randomUUID(), AT).kind, 'already-pending');
  const refused = applied(applyReport(pending, { kind: 'cancel-rejected', ...base(pending), commandId: 'c0ffee00-0000-4000-8000-000000000000', reason: 'BOOK_UNKNOWN_ORDER' }, AT));
  assert.equal(refused.cancelCommandId, null);
});

test('replace: one at a time, applied only with the matching command id', () => {
  const order = routedOrder(10);
  const commandId = randomUUID();
  const requested = requestReplace(order, { commandId, quantityLots: 12, limitPriceTicks: 99, stopPriceTicks: null }, AT);
  assert.ok(requested.ok);
  const pending = requested.order;
  assert.deepEqual(requestReplace(pending, { commandId: randomUUID(), quantityLots: 11, limitPriceTicks: 99, stopPriceTicks: null }, AT), { ok: false, refusal: 'replace-pending' });
  const replaced = applied(applyReport(pending, { kind: 'replaced', ...base(pending), commandId, quantityLots: 12, limitPriceTicks: 99, stopPriceTicks: null }, AT));
  assert.equal(replaced.quantityLots, 12);
  assert.equal(replaced.limitPriceTicks, 99);
  assert.equal(replaced.pendingReplace, null);
});

test('a portfolio refusal before routing ends the order locally with its reason', () => {
  const checking = newOrderRecord(
    { id: randomUUID(), accountId: randomUUID(), ownerUserId: randomUUID(), clientOrderId: 'c-3', parentOrderId: null, parentRole: null },
    { symbol: 'ACME', side: 'buy', type: 'limit', timeInForce: 'DAY', quantityLots: 1, limitPriceTicks: 5, stopPriceTicks: null, expireAt: null, postOnly: false, displayQuantityLots: null, lotSelection: null },
    null,
    AT,
  );
  const rejected = applied(rejectBeforeRouting(checking, 'PORTFOLIO_INSUFFICIENT_BUYING_POWER', AT));
  assert.equal(rejected.rejectReason, 'PORTFOLIO_INSUFFICIENT_BUYING_POWER');
  assert.equal(rejected.routing, 'local');
});

/** One step a test venue can report, with its size as a fraction of what is left. */
const reportStep = fc.oneof(
  fc.record({ kind: fc.constant('accepted' as const) }),
  fc.record({ kind: fc.constant('fill' as const), share: fc.integer({ min: 1, max: 120 }), price: fc.integer({ min: 1, max: 1000 }) }),
  fc.record({ kind: fc.constant('cancelled' as const) }),
  fc.record({ kind: fc.constant('expired' as const) }),
  fc.record({ kind: fc.constant('rejected' as const) }),
  fc.record({ kind: fc.constant('replace' as const), delta: fc.integer({ min: -5, max: 5 }) }),
);

test('property: for any report sequence, filled + leaves + closed = quantity and statuses move legally', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 50 }), fc.array(reportStep, { maxLength: 25 }), (quantity, steps) => {
      let order = routedOrder(quantity);
      let notional = 0n;
      for (const step of steps) {
        const before = order;
        let report: OrderReport;
        switch (step.kind) {
          case 'accepted':
            report = { kind: 'accepted', ...base(order) };
            break;
          case 'fill': {
            // Sometimes more than is left: the machine must refuse it.
            const size = Math.max(1, Math.ceil((Math.max(leavesOf(order), 1) * step.share) / 100));
            report = fill(order, size, step.price);
            break;
          }
          case 'cancelled':
            report = { kind: 'cancelled', ...base(order), reason: 'BOOK_USER_CANCELLED', cancelledQuantityLots: leavesOf(order) };
            break;
          case 'expired':
            report = { kind: 'expired', ...base(order), expiredQuantityLots: leavesOf(order) };
            break;
          case 'rejected':
            report = { kind: 'rejected', ...base(order), reason: 'RISK_MAX_ORDER_QUANTITY', message: null };
            break;
          case 'replace': {
            const commandId = randomUUID();
            const quantityLots = Math.max(1, order.quantityLots + step.delta);
            const requested = requestReplace(order, { commandId, quantityLots, limitPriceTicks: 100, stopPriceTicks: null }, AT);
            if (!requested.ok) continue;
            order = requested.order;
            report = { kind: 'replaced', ...base(order), commandId, quantityLots, limitPriceTicks: 100, stopPriceTicks: null };
            break;
          }
        }
        const transition = applyReport(order, report, AT);
        if (transition.kind === 'applied') {
          const next = transition.order;
          if (next.status !== before.status) assert.ok(canTransition(before.status, next.status), `${before.status} -> ${next.status}`);
          if (!isOpen(before.status)) assert.fail('an ended order changed');
          if (transition.execution) notional += BigInt(transition.execution.priceTicks) * BigInt(transition.execution.quantityLots);
          order = next;
        }
        assert.ok(order.filledQuantityLots <= order.quantityLots);
        assert.equal(order.filledQuantityLots + leavesOf(order) + closedQuantityOf(order), order.quantityLots);
        assert.equal(order.fillNotional, notional);
        const ended: OrderStatus[] = ['filled', 'cancelled', 'rejected', 'expired'];
        if (ended.includes(order.status)) assert.equal(leavesOf(order), 0);
      }
    }),
    { numRuns: 500 },
  );
});
