import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Instrument } from '@kestrel/shared';
import { DEFAULT_CONFIRMATIONS } from '../preferences/preferences-store.js';
import { EMPTY_TICKET, applicableFields, buildOrder, confirmationReasons, describeOrder, newClientOrderId, orderNotional } from './ticket-model.js';

const aapl: Instrument = {
  symbol: 'AAPL',
  name: 'Apple',
  assetClass: 'equity',
  status: 'active',
  currency: 'USD',
  tickSize: '0.01',
  lotSize: 1,
  contractMultiplier: 1,
  minQuantityLots: 1,
  maxQuantityLots: 10_000,
  minPriceTicks: 1,
  maxPriceTicks: 10_000_000,
  tradingHours: { timeZone: 'America/New_York', sessions: [{ days: [1, 2, 3, 4, 5], open: '09:30', close: '16:00' }], holidays: [] },
};
const account = '6f1e2c4a-0000-4000-8000-000000000001';

describe('order ticket model', () => {
  it('builds an exact limit order', () => {
    const result = buildOrder({ ...EMPTY_TICKET, quantity: '1,500', limitPrice: '100.34' }, aapl, account, 'c1');
    assert.deepEqual(result, {
      ok: true,
      request: { clientOrderId: 'c1', accountId: account, symbol: 'AAPL', side: 'buy', type: 'limit', timeInForce: 'DAY', quantityLots: 1500, limitPriceTicks: 10034 },
    });
  });

  it('refuses off-tick prices and fractional or zero quantities instead of rounding', () => {
    const result = buildOrder({ ...EMPTY_TICKET, quantity: '1.5', limitPrice: '100.345' }, aapl, account, 'c1');
    assert.deepEqual(result, { ok: false, problems: ['Quantity must be a whole number of lots', 'Limit price must be a price on the 0.01 tick grid'] });
    assert.equal(buildOrder({ ...EMPTY_TICKET, quantity: '0', limitPrice: '1' }, aapl, account, 'c').ok, false);
  });

  it('sends only the fields the type and time in force have', () => {
    const market = buildOrder({ ...EMPTY_TICKET, type: 'market', timeInForce: 'IOC', limitPrice: '99', stopPrice: '98', postOnly: true, displayQuantity: '10' }, aapl, account, 'c');
    assert.ok(market.ok);
    assert.deepEqual(Object.keys(market.request).sort(), ['accountId', 'clientOrderId', 'quantityLots', 'side', 'symbol', 'timeInForce', 'type']);
    const stopLimit = buildOrder({ ...EMPTY_TICKET, type: 'stop_limit', limitPrice: '101', stopPrice: '100.50', displayQuantity: '10' }, aapl, account, 'c');
    assert.ok(stopLimit.ok);
    assert.equal(stopLimit.request.stopPriceTicks, 10050);
    assert.equal(stopLimit.request.displayQuantityLots, 10);
    assert.deepEqual(applicableFields({ type: 'market', timeInForce: 'DAY' }).timesInForce, ['DAY', 'IOC', 'FOK']);
  });

  it('applies the shared order rules and instrument limits', () => {
    const resting = buildOrder({ ...EMPTY_TICKET, type: 'market', timeInForce: 'GTC' }, aapl, account, 'c');
    assert.deepEqual(resting, { ok: false, problems: ['The time in force does not apply to this order type (a market order cannot rest: use IOC, FOK or DAY).'] });
    const big = buildOrder({ ...EMPTY_TICKET, quantity: '20000', limitPrice: '1' }, aapl, account, 'c');
    assert.deepEqual(big, { ok: false, problems: ['The quantity is outside the instrument minQuantityLots..maxQuantityLots.'] });
    const iceberg = buildOrder({ ...EMPTY_TICKET, quantity: '10', limitPrice: '1', displayQuantity: '10' }, aapl, account, 'c');
    assert.equal(iceberg.ok, false);
    const halted = buildOrder({ ...EMPTY_TICKET, limitPrice: '1' }, { ...aapl, status: 'halted' }, account, 'c');
    assert.deepEqual(halted, { ok: false, problems: ['The instrument is halted or delisted.'] });
  });

  it('needs a future expiry for GTD', () => {
    assert.deepEqual(buildOrder({ ...EMPTY_TICKET, limitPrice: '1', timeInForce: 'GTD', expireAt: '2001-01-01T10:00' }, aapl, account, 'c'), {
      ok: false,
      problems: ['Expiry must be a future date and time'],
    });
    const future = buildOrder({ ...EMPTY_TICKET, limitPrice: '1', timeInForce: 'GTD', expireAt: '2999-01-01T10:00' }, aapl, account, 'c');
    assert.ok(future.ok && future.request.expireAt?.startsWith('2999-01-01'));
  });

  it('computes the notional and the confirmation reasons', () => {
    const built = buildOrder({ ...EMPTY_TICKET, quantity: '100', limitPrice: '100.34' }, aapl, account, 'c');
    assert.ok(built.ok);
    assert.equal(orderNotional(built.request, aapl), 1_003_400);
    assert.deepEqual(confirmationReasons(built.request, aapl, { always: false, aboveNotionalMinor: 0, marketOrders: true }), []);
    assert.deepEqual(confirmationReasons(built.request, aapl, { always: false, aboveNotionalMinor: 1_000_000, marketOrders: true }), ['The order is larger than your confirmation threshold']);
    assert.equal(confirmationReasons(built.request, aapl, DEFAULT_CONFIRMATIONS).length, 1);
    const market = buildOrder({ ...EMPTY_TICKET, type: 'market' }, aapl, account, 'c');
    assert.ok(market.ok);
    assert.equal(orderNotional(market.request, aapl), null);
    assert.deepEqual(confirmationReasons(market.request, aapl, { always: false, aboveNotionalMinor: 1, marketOrders: true }), ['Market order: the fill price is not limited']);
  });

  it('describes orders and makes unique client ids of the allowed alphabet', () => {
    const built = buildOrder({ ...EMPTY_TICKET, side: 'sell', type: 'stop_limit', quantity: '5', limitPrice: '99', stopPrice: '99.5', timeInForce: 'GTC' }, aapl, account, 'c');
    assert.ok(built.ok);
    assert.equal(describeOrder(built.request, (value) => (value / 100).toFixed(2)), 'SELL 5 AAPL stop 99.50 @ 99.00 STP LMT GTC');
    const ids = new Set(Array.from({ length: 200 }, () => newClientOrderId()));
    assert.equal(ids.size, 200);
    for (const id of ids) assert.match(id, /^[A-Za-z0-9._:-]{1,64}$/);
  });
});
