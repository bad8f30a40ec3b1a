// Strategy order requests become the order API's NewOrderRequest with the runtime's bindings and
// the same shape rules as the order service.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { completeRequest, requestIssues, shortcutRequest } from './order-request.js';

const BINDINGS = { accountId: '00000000-0000-4000-8000-000000000001', clientOrderId: 'o-1', symbol: 'GOOG' };

/** The request as JSON would carry it (undefined fields dropped). */
function json(value: object): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

test('shortcut order types follow the prices given; defaults are DAY for market, GTC for limit', () => {
  assert.equal(shortcutRequest('buy', 1).type, 'market');
  assert.equal(shortcutRequest('buy', 1, { limitPriceTicks: 100 }).type, 'limit');
  assert.equal(shortcutRequest('sell', 1, { stopPriceTicks: 90 }).type, 'stop');
  assert.equal(shortcutRequest('sell', 1, { stopPriceTicks: 90, limitPriceTicks: 89 }).type, 'stop_limit');
  const market = completeRequest(shortcutRequest('buy', 5), BINDINGS);
  assert.deepEqual(json(market), { side: 'buy', quantityLots: 5, type: 'market', ...BINDINGS, timeInForce: 'DAY' });
  assert.deepEqual(json(completeRequest({ side: 'sell', type: 'stop', quantityLots: 1, stopPriceTicks: 9, postOnly: false, expireAt: 'x' }, BINDINGS)), { side: 'sell', type: 'stop', quantityLots: 1, stopPriceTicks: 9, postOnly: false, expireAt: 'x', ...BINDINGS, timeInForce: 'DAY' });
  assert.deepEqual(Object.keys(market), Object.keys(completeRequest({ side: 'sell', type: 'limit', quantityLots: 2, limitPriceTicks: 3 }, BINDINGS)), 'one shape');
  const limit = completeRequest(shortcutRequest('sell', 5, { limitPriceTicks: 101, symbol: 'AAPL', clientOrderId: 'mine' }), BINDINGS);
  assert.equal(limit.timeInForce, 'GTC');
  assert.equal(limit.symbol, 'AAPL');
  assert.equal(limit.clientOrderId, 'mine');
  assert.deepEqual(requestIssues(market), []);
});

test('requests the order service would reject carry the same reasons', () => {
  const bad = completeRequest({ side: 'buy', type: 'limit', quantityLots: 0 }, BINDINGS);
  assert.deepEqual(requestIssues(bad), ['BOOK_INVALID_QUANTITY', 'ORDER_PRICE_REQUIRED']);
  const gtcMarket = completeRequest({ side: 'buy', type: 'market', quantityLots: 1, timeInForce: 'GTC' }, BINDINGS);
  assert.deepEqual(requestIssues(gtcMarket), ['ORDER_TIME_IN_FORCE_INVALID']);
  const fractional = completeRequest({ side: 'buy', type: 'limit', quantityLots: 1, limitPriceTicks: 10.5 }, BINDINGS);
  assert.deepEqual(requestIssues(fractional), ['BOOK_INVALID_PRICE']);
});
