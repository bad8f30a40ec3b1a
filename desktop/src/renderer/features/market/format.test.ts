import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { changeBps, formatBps, formatLots, formatMoney, formatPrice, groupDigits } from './format.js';

describe('display formatting', () => {
  it('groups digits of integers and decimals', () => {
    assert.equal(groupDigits(1234567), '1,234,567');
    assert.equal(groupDigits('-1234.50'), '-1,234.50');
    assert.equal(groupDigits(12), '12');
  });

  it('prints prices with the exact tick decimals', () => {
    assert.equal(formatPrice({ tickSize: '0.01' }, 10034), '100.34');
    assert.equal(formatPrice({ tickSize: '0.0001' }, 1234567), '123.4567');
    assert.equal(formatPrice({ tickSize: '0.25' }, 17), '4.25');
    assert.equal(formatPrice({ tickSize: '0.01' }, 123456789), '1,234,567.89');
    assert.equal(formatPrice({ tickSize: '0.01' }, null), '—');
  });

  it('prints money in the currency minor units and lots as integers', () => {
    assert.equal(formatMoney(-123456, 'USD'), '-1,234.56');
    assert.equal(formatMoney(5000, 'JPY'), '5,000');
    assert.equal(formatLots(2500), '2,500');
  });

  it('computes change in integer basis points, rounding half away from zero', () => {
    assert.equal(changeBps(10125, 10000), 125);
    assert.equal(changeBps(9875, 10000), -125);
    assert.equal(changeBps(10000, 10000), 0);
    assert.equal(changeBps(3, 7), -5714);
    assert.equal(changeBps(1, 3), -6667);
    assert.equal(changeBps(200, 300), -3333);
    assert.equal(changeBps(100, null), null);
    assert.equal(changeBps(100, 0), null);
  });

  it('prints basis points as a signed percentage', () => {
    assert.equal(formatBps(125), '+1.25%');
    assert.equal(formatBps(-5), '-0.05%');
    assert.equal(formatBps(0), '0.00%');
    assert.equal(formatBps(null), '—');
  });
});
