import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { priceToTicks, tickDecimals } from './chart-model.js';

describe('chart price units', () => {
  it('counts the tick decimals and converts chart prices back to whole ticks', () => {
    assert.equal(tickDecimals('0.01'), 2);
    assert.equal(tickDecimals('0.0001'), 4);
    assert.equal(tickDecimals('1'), 0);
    assert.equal(priceToTicks(100.34, '0.01'), 10034);
    assert.equal(priceToTicks(4.25, '0.25'), 17);
  });
});
