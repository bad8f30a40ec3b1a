// Entry checks and the idempotency fingerprint.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ALWAYS_OPEN, type Instrument, type NewOrderRequest } from '@kestrel/shared';
import { entryRejectReason, requestFingerprint } from './order-entry.js';

const AT = Date.parse('2026-03-02T14:30:00.000Z');
const instrument: Instrument = {
  symbol: 'ACME',
  currency: 'USD',
  tickSize: '0.01',
  lotSize: 1,
  contractMultiplier: 1,
  name: 'Acme',
  assetClass: 'equity',
  status: 'active',
  minQuantityLots: 1,
  maxQuantityLots: 1000,
  minPriceTicks: 1,
  maxPriceTicks: 100_000,
  tradingHours: ALWAYS_OPEN,
};
const request: NewOrderRequest = {
  clientOrderId: 'c-1',
  accountId: '00000000-0000-4000-8000-000000000001',
  symbol: 'ACME',
  side: 'buy',
  type: 'limit',
  timeInForce: 'GTC',
  quantityLots: 10,
  limitPriceTicks: 100,
};

test('the first failing rule wins, in a fixed order', () => {
  assert.equal(entryRejectReason(request, instrument, AT), null);
  assert.equal(entryRejectReason({ ...request, limitPriceTicks: undefined }, null, AT), 'ORDER_PRICE_REQUIRED', 'shape before instrument');
  assert.equal(entryRejectReason(request, null, AT), 'ORDER_INSTRUMENT_UNKNOWN');
  assert.equal(entryRejectReason({ ...request, quantityLots: 1001 }, { ...instrument, status: 'halted' }, AT), 'ORDER_INSTRUMENT_NOT_TRADING');
  assert.equal(entryRejectReason({ ...request, quantityLots: 1001 }, instrument, AT), 'ORDER_QUANTITY_OUT_OF_RANGE');
  const weekdays = { timeZone: 'America/New_York', sessions: [{ days: [1, 2, 3, 4, 5], open: '09:30', close: '16:00' }], holidays: [] };
  assert.equal(entryRejectReason(request, { ...instrument, tradingHours: weekdays }, AT), null, '09:30 New York');
  assert.equal(entryRejectReason(request, { ...instrument, tradingHours: weekdays }, Date.parse('2026-03-07T15:00:00Z')), 'ORDER_MARKET_CLOSED', 'a Saturday');
});

test('the fingerprint ignores key order, defaults and instant notation, and sees every field', () => {
  const same: NewOrderRequest = { limitPriceTicks: 100, quantityLots: 10, timeInForce: 'GTC', type: 'limit', side: 'buy', symbol: 'ACME', accountId: request.accountId, clientOrderId: 'c-1', postOnly: false };
  assert.equal(requestFingerprint(same), requestFingerprint(request));
  const gtd = { ...request, timeInForce: 'GTD' as const, expireAt: '2026-03-02T15:30:00Z' };
  assert.equal(requestFingerprint(gtd), requestFingerprint({ ...gtd, expireAt: '2026-03-02T16:30:00.000+01:00' }));
  assert.notEqual(requestFingerprint({ ...request, quantityLots: 11 }), requestFingerprint(request));
  assert.notEqual(requestFingerprint({ ...request, lotSelection: { method: 'fifo' } }), requestFingerprint(request));
});
