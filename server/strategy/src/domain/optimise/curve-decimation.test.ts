import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRandom } from '../backtest/seeded-random.js';
import { decimateCurve } from './curve-decimation.js';

function walk(n: number, seed: number): number[] {
  const random = seededRandom(seed);
  const values: number[] = [];
  let value = 1_000_000;
  for (let i = 0; i < n; i++) values.push((value += Math.round((random() - 0.5) * 1000)));
  return values;
}

test('a range that fits is returned whole', () => {
  assert.deepEqual(decimateCurve([5, 6, 7, 8, 9], 1, 4, 10), [1, 2, 3]);
  assert.deepEqual(decimateCurve([5, 6], 2, 2, 10), []);
});

test('decimated ranges keep at most maxPoints real, increasing indices with the extremes and window boundaries', () => {
  for (let seed = 1; seed <= 40; seed++) {
    const random = seededRandom(seed);
    const n = 500 + Math.floor(random() * 20_000);
    const values = walk(n, seed);
    const from = Math.floor(random() * 100);
    const to = n - Math.floor(random() * 100);
    const maxPoints = 20 + Math.floor(random() * 400);
    const windowStarts = [0, Math.floor(n / 3), Math.floor((2 * n) / 3)];
    const kept = decimateCurve(values, from, to, maxPoints, windowStarts);
    assert.ok(kept.length <= maxPoints, `${kept.length} > ${maxPoints}`);
    kept.forEach((index, i) => {
      assert.ok(index >= from && index < to);
      if (i > 0) assert.ok(index > kept[i - 1]!);
    });
    assert.equal(kept[0], from);
    assert.equal(kept[kept.length - 1], to - 1);
    const range = values.slice(from, to);
    const lowest = from + range.indexOf(Math.min(...range));
    const highest = from + range.indexOf(Math.max(...range));
    assert.ok(kept.includes(lowest) && kept.includes(highest), `seed ${seed}: the trough and the peak survive`);
    for (const start of windowStarts) if (start > from && start < to) assert.ok(kept.includes(start) && kept.includes(start - 1), `seed ${seed}: boundary ${start}`);
  }
});

test('very many windows do not push the result past maxPoints', () => {
  const values = walk(10_000, 7);
  const starts = Array.from({ length: 5_000 }, (_, i) => i * 2);
  const kept = decimateCurve(values, 0, values.length, 100, starts);
  assert.ok(kept.length <= 100 && kept.length > 50, String(kept.length));
});
