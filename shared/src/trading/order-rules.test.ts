import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Instrument } from './instrument.js';
import type { NewOrderRequest } from './order.js';
import { orderInstrumentIssues, orderShapeIssues } from './order-rules.js';
import { ALWAYS_OPEN } from './trading-hours.js';

const BASE: NewOrderRequest = {
  clientOrderId: 'c-1',
  accountId: '00000000-0000-4000-8000-000000000001',
  symbol: 'GOOG',
  side: 'buy',
  type: 'limit',
  timeInForce: 'GTC',
  quantityLots: 10,
  limitPriceTicks: 10_000,
};

test('a consistent order has no issues', () => {
  assert.deepEqual(orderShapeIssues(BASE), []);
  assert.deepEqual(orderShapeIssues({ ...BASE, type: 'market', timeInForce: 'IOC', limitPriceTicks: undefined }), []);
  assert.deepEqual(orderShapeIssues({ ...BASE, type: 'stop_limit', stopPriceTicks: 9_900, displayQuantityLots: 2 }), []);
  assert.deepEqual(orderShapeIssues({ ...BASE, timeInForce: 'GTD', expireAt: '2030-01-01T00:00:00Z', postOnly: true }), []);
});

test('each contradiction has its own code', () => {
  assert.deepEqual(orderShapeIssues({ ...BASE, limitPriceTicks: undefined }), ['ORDER_PRICE_REQUIRED']);
  assert.deepEqual(orderShapeIssues({ ...BASE, type: 'market', timeInForce: 'IOC' }), ['ORDER_PRICE_NOT_ALLOWED']);
  assert.deepEqual(orderShapeIssues({ ...BASE, type: 'stop', limitPriceTicks: undefined, timeInForce: 'DAY' }), ['ORDER_STOP_PRICE_REQUIRED']);
  assert.deepEqual(orderShapeIssues({ ...BASE, stopPriceTicks: 1 }), ['ORDER_STOP_PRICE_NOT_ALLOWED']);
  assert.deepEqual(orderShapeIssues({ ...BASE, timeInForce: 'GTD' }), ['ORDER_EXPIRY_REQUIRED']);
  assert.deepEqual(orderShapeIssues({ ...BASE, expireAt: '2030-01-01T00:00:00Z' }), ['ORDER_EXPIRY_NOT_ALLOWED']);
  assert.deepEqual(orderShapeIssues({ ...BASE, type: 'market', limitPriceTicks: undefined }), ['ORDER_TIME_IN_FORCE_INVALID']);
  assert.deepEqual(orderShapeIssues({ ...BASE, timeInForce: 'IOC', postOnly: true }), ['ORDER_POST_ONLY_INVALID']);
  assert.deepEqual(orderShapeIssues({ ...BASE, displayQuantityLots: 10 }), ['ORDER_DISPLAY_QUANTITY_INVALID']);
  assert.deepEqual(orderShapeIssues({ ...BASE, timeInForce: 'FOK', displayQuantityLots: 1 }), ['ORDER_DISPLAY_QUANTITY_INVALID']);
});

test('instrument limits and status are checked', () => {
  const instrument: Instrument = {
    symbol: 'GOOG',
    name: 'Alphabet',
    assetClass: 'equity',
    status: 'active',
    currency: 'USD',
    tickSize: '0.01',
    lotSize: 1,
    contractMultiplier: 1,
    minQuantityLots: 1,
    maxQuantityLots: 100,
    minPriceTicks: 1,
    maxPriceTicks: 1_000_000,
    tradingHours: ALWAYS_OPEN,
  };
  assert.deepEqual(orderInstrumentIssues(BASE, instrument), []);
  assert.deepEqual(orderInstrumentIssues({ ...BASE, quantityLots: 101 }, instrument), ['ORDER_QUANTITY_OUT_OF_RANGE']);
  assert.deepEqual(orderInstrumentIssues({ ...BASE, limitPriceTicks: 0 }, instrument), ['ORDER_PRICE_OUT_OF_RANGE']);
  assert.deepEqual(orderInstrumentIssues(BASE, { ...instrument, status: 'halted' }), ['ORDER_INSTRUMENT_NOT_TRADING']);
});
