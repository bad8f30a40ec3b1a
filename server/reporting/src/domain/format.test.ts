import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { money, percent, price, units, usDate } from './format.js';

describe('format', () => {
  it('prices ticks exactly', () => {
    assert.equal(price(12345, '0.01'), '123.45');
    assert.equal(price(5, '0.01'), '0.05');
    assert.equal(price(3, '0.25'), '0.75');
    assert.equal(price(7, '5'), '35');
    assert.equal(price(-12345, '0.01'), '-123.45');
    assert.equal(price(9007199254740991, '0.0001'), '900719925474.0991');
  });
  it('formats money, units, dates and percentages', () => {
    assert.equal(money(-1234, 'USD'), '-12.34');
    assert.equal(money(1234, 'JPY'), '1234');
    assert.equal(units(3, 100), '300');
    assert.equal(usDate(new Date('2024-02-29T23:59:59Z')), '02/29/2024');
    assert.equal(percent(0.12345), '12.35 %');
    assert.equal(percent(null), 'n/a');
  });
});
