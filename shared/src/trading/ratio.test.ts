import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  addFractions,
  allocateProportionally,
  compareFractions,
  divideRounded,
  formatFraction,
  fraction,
  fromRatio,
  toRatio,
  toSafeNumber,
  type RoundingMode,
} from './ratio.js';

/** Reference rounding through exact decimal reasoning on small integers (doubles are exact there). */
function reference(n: number, d: number, mode: RoundingMode): number {
  const q = n / d;
  const floor = Math.floor(q);
  const diff = n - floor * d; // exact: 0 <= diff < d
  switch (mode) {
    case 'floor':
      return floor;
    case 'ceil':
      return diff === 0 ? floor : floor + 1;
    case 'trunc':
      return Math.trunc(q);
    case 'half-up':
      if (2 * diff === d) return n < 0 ? floor : floor + 1;
      return 2 * diff < d ? floor : floor + 1;
    case 'half-even':
      if (2 * diff === d) return floor % 2 === 0 ? floor : floor + 1;
      return 2 * diff < d ? floor : floor + 1;
  }
}

test('divideRounded agrees with a reference on every mode', () => {
  const modes: RoundingMode[] = ['floor', 'ceil', 'trunc', 'half-up', 'half-even'];
  fc.assert(
    fc.property(fc.integer({ min: -100_000, max: 100_000 }), fc.integer({ min: 1, max: 1000 }), fc.constantFrom(...modes), (n, d, mode) => {
      assert.equal(divideRounded(BigInt(n), BigInt(d), mode), BigInt(reference(n, d, mode)));
    }),
  );
});

test('half-even rounds ties to the even neighbour in both directions', () => {
  assert.equal(divideRounded(5n, 2n, 'half-even'), 2n);
  assert.equal(divideRounded(7n, 2n, 'half-even'), 4n);
  assert.equal(divideRounded(-5n, 2n, 'half-even'), -2n);
  assert.equal(divideRounded(-7n, 2n, 'half-even'), -4n);
  assert.equal(divideRounded(-5n, 2n, 'half-up'), -3n);
});

test('fractions normalise, compare and add exactly', () => {
  assert.deepEqual(fraction(6, -4), { numerator: -3n, denominator: 2n });
  assert.equal(compareFractions(fraction(1, 3), fraction(333, 1000)), 1);
  assert.deepEqual(addFractions(fraction(1, 3), fraction(1, 6)), fraction(1, 2));
  assert.throws(() => fraction(1, 0), { code: 'TRADING_INVALID_RATIO' });
});

test('the wire form round-trips and rejects a non-positive denominator', () => {
  const value = fraction(10_034_000_000_000_000_001n, 3n);
  assert.deepEqual(fromRatio(toRatio(value)), value);
  assert.throws(() => fromRatio({ numerator: '1', denominator: '0' }), { code: 'TRADING_INVALID_RATIO' });
  assert.throws(() => fromRatio({ numerator: '1.5', denominator: '2' }), { code: 'TRADING_INVALID_RATIO' });
});

test('formatFraction prints exact decimals', () => {
  assert.equal(formatFraction(fraction(10034, 100), 2), '100.34');
  assert.equal(formatFraction(fraction(-1, 3), 4), '-0.3333');
  assert.equal(formatFraction(fraction(2, 3), 0), '1');
  assert.equal(formatFraction(fraction(1, 8), 2), '0.12');
});

test('allocateProportionally always sums to the total and gives zero weights nothing', () => {
  fc.assert(
    fc.property(
      fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
      fc.array(fc.bigInt({ min: 0n, max: 10n ** 9n }), { minLength: 1, maxLength: 12 }).filter((w) => w.some((x) => x > 0n)),
      (total, weights) => {
        const parts = allocateProportionally(total, weights);
        assert.equal(parts.reduce((a, b) => a + b, 0n), total);
        weights.forEach((weight, index) => {
          if (weight === 0n) assert.equal(parts[index], 0n);
        });
      },
    ),
  );
  assert.deepEqual(allocateProportionally(3n, [1n, 1n, 0n]), [1n, 2n, 0n]);
});

test('toSafeNumber refuses values a JSON number cannot carry', () => {
  assert.equal(toSafeNumber(9_007_199_254_740_991n, 'x'), Number.MAX_SAFE_INTEGER);
  assert.throws(() => toSafeNumber(9_007_199_254_740_992n, 'x'), { code: 'TRADING_AMOUNT_OUT_OF_RANGE' });
});
