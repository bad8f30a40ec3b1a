import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Instrument, Order } from '@kestrel/shared';
import { buildOrder } from '../../test-support/orders.js';
import { averagePriceText, editChange, flattenOrder, isWorking, workingByPrice } from './blotter-model.js';

const instrument = { symbol: 'AAPL', tickSize: '0.01', currency: 'USD', lotSize: 1, contractMultiplier: 1 } as Instrument;
/** A buy limit of 100 lots at 10,034 ticks, 40 of them filled at an average of 401337/40 ticks. */
const order = (overrides: Partial<Order> = {}): Order =>
  buildOrder({
    quantityLots: 100,
    limitPriceTicks: 10034,
    status: 'partially_filled',
    filledQuantityLots: 40,
    remainingQuantityLots: 60,
    averageFillPrice: { numerator: '401337', denominator: '40' },
    ...overrides,
  });

describe('blotter model', () => {
  it('knows which orders are still working', () => {
    assert.equal(isWorking(order()), true);
    assert.equal(isWorking(order({ status: 'new' })), true);
    for (const status of ['filled', 'cancelled', 'rejected', 'expired'] as const) assert.equal(isWorking(order({ status })), false);
  });

  it('shows the exact average price with two extra decimals', () => {
    // 401337 / 40 = 10033.425 ticks = 100.33425, half-even to four decimals.
    assert.equal(averagePriceText({ numerator: '401337', denominator: '40' }, '0.01'), '100.3342');
    assert.equal(averagePriceText({ numerator: '401339', denominator: '40' }, '0.01'), '100.3348');
    assert.equal(averagePriceText({ numerator: '17', denominator: '1' }, '0.25'), '4.2500');
    assert.equal(averagePriceText(null, '0.01'), '');
  });

  it('turns inline edits into exact changes and refuses impossible ones', () => {
    assert.deepEqual(editChange(order(), 'quantity', '150', instrument), { ok: true, change: { quantityLots: 150 } });
    assert.deepEqual(editChange(order(), 'quantity', '40', instrument), { ok: false, problem: 'The quantity must stay above the 40 lots already filled' });
    assert.deepEqual(editChange(order(), 'limitPrice', '100.50', instrument), { ok: true, change: { limitPriceTicks: 10050 } });
    assert.equal(editChange(order(), 'limitPrice', '100.505', instrument).ok, false);
    assert.equal(editChange(order(), 'limitPrice', '100.34', instrument).ok, false);
    assert.deepEqual(editChange(order(), 'stopPrice', '99', instrument), { ok: false, problem: 'A limit order has no stop price' });
  });

  it('closes a position with a market order of the opposite side', () => {
    const long = flattenOrder({ accountId: 'a', symbol: 'AAPL', quantityLots: 250 }, 'c');
    assert.deepEqual(long, { clientOrderId: 'c', accountId: 'a', symbol: 'AAPL', side: 'sell', type: 'market', timeInForce: 'DAY', quantityLots: 250 });
    assert.equal(flattenOrder({ accountId: 'a', symbol: 'AAPL', quantityLots: -3 }, 'c')?.side, 'buy');
    assert.equal(flattenOrder({ accountId: 'a', symbol: 'AAPL', quantityLots: 0 }, 'c'), null);
  });

  it('sums the remaining quantity of working limit orders by price and side', () => {
    const byPrice = workingByPrice(
      [order(), order({ id: 'x', side: 'sell', limitPriceTicks: 10040, remainingQuantityLots: 5 }), order({ id: 'y', remainingQuantityLots: 10 }), order({ id: 'z', status: 'filled' }), order({ id: 'w', symbol: 'MSFT' })],
      'AAPL',
    );
    assert.deepEqual([...byPrice], [
      [10034, { buy: 70, sell: 0 }],
      [10040, { buy: 0, sell: 5 }],
    ]);
  });
});
