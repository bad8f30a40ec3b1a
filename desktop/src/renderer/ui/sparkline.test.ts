import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sparklinePoints } from './sparkline.js';

describe('sparklinePoints', () => {
  it('spans the box from the lowest to the highest value', () => {
    assert.equal(sparklinePoints([10, 20, 15], 100, 12), '0.0,11.0 50.0,1.0 100.0,6.0');
  });

  it('draws a flat series in the middle-bottom and nothing for fewer than two points', () => {
    assert.equal(sparklinePoints([5, 5], 10, 10), '0.0,9.0 10.0,9.0');
    assert.equal(sparklinePoints([5], 10, 10), '');
  });
});
