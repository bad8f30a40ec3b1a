// What a modification may change.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { newOrderRecord } from './new-order.js';
import { checkModify } from './modify-rules.js';

const order = {
  ...newOrderRecord(
    { id: randomUUID(), accountId: randomUUID(), ownerUserId: randomUUID(), clientOrderId: 'c', parentOrderId: null, parentRole: null },
    { symbol: 'ACME', side: 'buy', type: 'limit', timeInForce: 'GTC', quantityLots: 10, limitPriceTicks: 100, stopPriceTicks: null, expireAt: null, postOnly: false, displayQuantityLots: null, lotSelection: null },
    null,
    '2026-03-02T14:30:00.000Z',
  ),
  filledQuantityLots: 4,
};

test('larger or higher terms need buying power, smaller ones do not', () => {
  assert.deepEqual(checkModify(order, { quantityLots: 12 }, null), { ok: true, terms: { quantityLots: 12, limitPriceTicks: 100, stopPriceTicks: null }, needsBuyingPower: true });
  assert.deepEqual(checkModify(order, { limitPriceTicks: 99 }, null), { ok: true, terms: { quantityLots: 10, limitPriceTicks: 99, stopPriceTicks: null }, needsBuyingPower: false });
  const smallerButDearer = checkModify(order, { quantityLots: 5, limitPriceTicks: 101 }, null);
  assert.ok(smallerButDearer.ok && smallerButDearer.needsBuyingPower, 'a higher price needs buying power even with fewer lots');
});

test('refusals say why', () => {
  const problem = (request: Parameters<typeof checkModify>[1]) => {
    const check = checkModify(order, request, null);
    return check.ok ? null : check.problem;
  };
  assert.match(problem({ quantityLots: 4 })!, /above the 4 lots already filled/);
  assert.match(problem({ stopPriceTicks: 90 })!, /has no stop price/);
  assert.match(problem({ limitPriceTicks: 100 })!, /changes nothing/);
});
