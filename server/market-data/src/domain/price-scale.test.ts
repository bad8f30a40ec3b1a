import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { priceScale } from './price-scale.js';

describe('price scale', () => {
  it('gives the double nearest to the decimal price', () => {
    assert.equal(priceScale('0.01').toPrice(58533), 585.33);
    assert.equal(priceScale('0.01').toPrice(35), 0.35);
    assert.notEqual(35 * 0.01, 0.35, 'the naive product is off');
    assert.equal(priceScale('0.25').toPrice(17), 4.25);
    assert.equal(priceScale('5').toPrice(3), 15);
    assert.equal(priceScale('0.0001').toPrice(5853300), 585.33);
  });
});
