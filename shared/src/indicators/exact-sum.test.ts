// ExactSum against an independent exact reference (BigInt fixed point over the full double range
// used) and math.fsum's documented cases.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRandom } from '../testing/random.js';
import { ExactSum } from './exact-sum.js';

/** Exact value of a double as a BigInt scaled by 2^1100 (every double >= 2^-1074 in magnitude is exact). */
function scaled(x: number): bigint {
  if (x === 0) return 0n;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const exponent = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & 0xfffffffffffffn;
  mantissa = exponent === 0 ? mantissa : mantissa | (1n << 52n);
  const shift = BigInt((exponent === 0 ? 1 : exponent) - 1075 + 1100);
  const magnitude = mantissa << shift;
  return x < 0 ? -magnitude : magnitude;
}

/** The double nearest to a scaled BigInt, rounding half to even, via its decimal-free binary form. */
function nearestDouble(value: bigint): number {
  if (value === 0n) return 0;
  const negative = value < 0n;
  let magnitude = negative ? -value : value;
  let exponent = -1100;
  const bitLength = magnitude.toString(2).length;
  if (bitLength > 53) {
    const drop = BigInt(bitLength - 53);
    const remainder = magnitude & ((1n << drop) - 1n);
    const half = 1n << (drop - 1n);
    magnitude >>= drop;
    exponent += Number(drop);
    if (remainder > half || (remainder === half && (magnitude & 1n) === 1n)) magnitude += 1n;
  }
  const result = Number(magnitude) * 2 ** exponent;
  return negative ? -result : result;
}

test('fsum reference cases', () => {
  const cases: [number[], number][] = [
    [[0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1], 1],
    [[1e100, 1, -1e100], 1],
    [[1e-16, 1, 1e16], 10000000000000002],
    [[1, 1e100, 1, -1e100], 2],
    [[2 ** 53, -0.5, -(2 ** -54)], 2 ** 53 - 1],
  ];
  for (const [values, expected] of cases) {
    const sum = new ExactSum();
    for (const v of values) sum.add(v);
    assert.equal(sum.value(), expected, `fsum(${values.join(', ')})`);
  }
});

test('random sums with adds, subtractions and products equal the exactly rounded BigInt reference', () => {
  for (let seed = 1; seed <= 200; seed++) {
    const random = seededRandom(seed);
    const sum = new ExactSum();
    let reference = 0n;
    for (let i = 0; i < 300; i++) {
      const magnitude = 10 ** Math.floor(random() * 30 - 15);
      const x = (random() - 0.5) * magnitude;
      if (random() < 0.2) {
        const k = Math.floor(random() * 1000);
        sum.addProduct(x, k);
        reference += scaled(x) * BigInt(k);
      } else {
        sum.add(x);
        reference += scaled(x);
      }
      assert.equal(sum.value(), nearestDouble(reference), `seed ${seed} step ${i}`);
    }
  }
});

test('adding then removing every value returns exactly to zero, and reset empties it', () => {
  const random = seededRandom(7);
  const values = Array.from({ length: 1000 }, () => (random() - 0.5) * 10 ** (random() * 20 - 10));
  const sum = new ExactSum();
  for (const v of values) sum.add(v);
  for (const v of values) sum.add(-v);
  assert.equal(sum.value(), 0);
  sum.add(3.5);
  sum.reset();
  assert.equal(sum.value(), 0);
});

test('subtract removes another sum exactly', () => {
  const a = new ExactSum();
  const b = new ExactSum();
  for (const v of [0.1, 0.2, 0.3, 1e20, -7.25]) {
    a.add(v);
    b.add(v);
  }
  a.add(42);
  a.subtract(b);
  assert.equal(a.value(), 42);
});

test('divide equals q + fl(S - q d) / d computed with BigInts (the fast path never changes a result)', () => {
  const check = (sum: ExactSum, reference: bigint, divisor: number, label: string) => {
    const q = nearestDouble(reference) / divisor;
    const r = nearestDouble(reference - scaled(q) * BigInt(divisor));
    assert.equal(sum.divide(divisor), r === 0 ? q : q + r / divisor, label);
  };
  for (let seed = 1; seed <= 200; seed++) {
    const random = seededRandom(1000 + seed);
    const sum = new ExactSum();
    let reference = 0n;
    for (let i = 0; i < 400; i++) {
      const x = Math.round((random() - 0.3) * 1e6) / 100;
      sum.add(x);
      reference += scaled(x);
      for (const divisor of [3, 7, 30, 64, 465]) check(sum, reference, divisor, `seed ${seed} step ${i} divisor ${divisor}`);
    }
  }
});

test('the mean of n copies of c is exactly c (where fl(fl(n c) / n) often is not)', () => {
  const random = seededRandom(77);
  let plainDivisionWrong = 0;
  for (let k = 0; k < 3000; k++) {
    const c = Math.round(random() * 1e8) / 1000;
    const n = 2 + Math.floor(random() * 500);
    const sum = new ExactSum();
    for (let i = 0; i < n; i++) sum.add(c);
    assert.equal(sum.divide(n), c, `${n} x ${c}`);
    if (sum.value() / n !== c) plainDivisionWrong++;
  }
  assert.ok(plainDivisionWrong > 0, 'control: plain division of the rounded sum is sometimes off');
});
