import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { drawdownCurve, summariseDrawdown } from './drawdown.js';

describe('drawdown', () => {
  it('measures from the running peak, starting at the start value', () => {
    assert.deepEqual(Array.from(drawdownCurve(100, [75, 120, 60, 120, 130])), [0.25, 0, 0.5, 0, 0]);
    assert.deepEqual(summariseDrawdown([0.1, 0, 0.5, 0.2, 0, 0.3]), { maxDrawdown: 0.5, longestRun: 2, longestRunStart: 2 });
  });

  it('keeps the first of equally long runs, counts a run open at the end, and has none when never under water', () => {
    assert.deepEqual(summariseDrawdown([0.1, 0.1, 0, 0.2, 0.2]), { maxDrawdown: 0.2, longestRun: 2, longestRunStart: 0 });
    assert.deepEqual(summariseDrawdown([0, 0.1, 0.1, 0.1]), { maxDrawdown: 0.1, longestRun: 3, longestRunStart: 1 });
    assert.deepEqual(summariseDrawdown([0, 0]), { maxDrawdown: 0, longestRun: 0, longestRunStart: -1 });
  });

  it('gives undefined points NaN drawdown that ends a run', () => {
    const curve = drawdownCurve(1, [0.9, 0.8, Number.NaN, Number.NaN]);
    assert.ok(Number.isNaN(curve[2]!) && Number.isNaN(curve[3]!));
    assert.deepEqual(summariseDrawdown(curve).longestRun, 2);
  });

  it('stays in [0, 1) for positive values and is 0 exactly at new peaks', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 1_000_000 }), { maxLength: 60 }), (values) => {
        const curve = drawdownCurve(values[0] ?? 1, values);
        let peak = values[0] ?? 1;
        values.forEach((value, i) => {
          peak = Math.max(peak, value);
          assert.ok(curve[i]! >= 0 && curve[i]! < 1);
          assert.equal(curve[i] === 0, value === peak);
        });
        const summary = summariseDrawdown(curve);
        assert.equal(summary.maxDrawdown, Math.max(0, ...curve));
      }),
    );
  });
});
