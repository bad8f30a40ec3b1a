// Search spaces: grid order and size, seeded random points inside their ranges, and refusals.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { smaCross } from '../strategies/sma-cross.js';
import { rsiMeanReversion } from '../strategies/rsi-mean-reversion.js';
import { gridPoints, randomPoints } from './parameter-space.js';

const SMA = smaCross as never;
const RSI = rsiMeanReversion as never;

test('a grid is the Cartesian product, last parameter fastest, fixed parameters merged in', () => {
  const points = gridPoints(SMA, { fast: { min: 5, max: 15, step: 5 }, slow: { values: [30, 60] } }, { size: 3 });
  assert.deepEqual(points, [
    { size: 3, fast: 5, slow: 30 },
    { size: 3, fast: 5, slow: 60 },
    { size: 3, fast: 10, slow: 30 },
    { size: 3, fast: 10, slow: 60 },
    { size: 3, fast: 15, slow: 30 },
    { size: 3, fast: 15, slow: 60 },
  ]);
  const real = gridPoints(RSI, { oversold: { min: 20, max: 30, step: 2.5 } });
  assert.deepEqual(real.map((p) => p.oversold), [20, 22.5, 25, 27.5, 30]);
  const tenths = gridPoints(RSI, { exit: { min: 50, max: 51, step: 0.1 } });
  assert.equal(tenths.length, 11, 'no float drift drops the last point');
  assert.equal(tenths[3]!.exit, 50.3);
});

test('random points are reproducible for a seed and stay inside their ranges', () => {
  const space = { fast: { min: 2, max: 20 }, slow: { min: 30, max: 200, step: 10 }, size: { values: [1, 2, 3] } };
  const a = randomPoints(SMA, space, 200, 42);
  assert.deepEqual(a, randomPoints(SMA, space, 200, 42));
  assert.notDeepEqual(a, randomPoints(SMA, space, 200, 43));
  for (const point of a) {
    const { fast, slow, size } = point as { fast: number; slow: number; size: number };
    assert.ok(Number.isInteger(fast) && fast >= 2 && fast <= 20);
    assert.ok(slow >= 30 && slow <= 200 && slow % 10 === 0);
    assert.ok([1, 2, 3].includes(size));
  }
  assert.ok(new Set(a.map((p) => p.fast)).size > 15, 'the whole range is sampled');
});

test('invalid spaces are refused with OPTIMISE_INVALID_SPACE', () => {
  const bad = [
    {},
    { speed: { values: [1] } },
    { fast: { values: [] } },
    { fast: { min: 10, max: 5 } },
    { fast: { min: 0, max: 5 } },
    { fast: { min: 1.5, max: 5 } },
    { fast: { min: 1, max: 5, step: 0 } },
  ];
  for (const space of bad) {
    assert.throws(() => gridPoints(SMA, space as never), (e: unknown) => (e as { code?: string }).code === 'OPTIMISE_INVALID_SPACE', JSON.stringify(space));
  }
  assert.throws(() => gridPoints(RSI, { short: { min: 0, max: 1 } }), (e: unknown) => (e as { code?: string }).code === 'OPTIMISE_INVALID_SPACE');
  assert.throws(() => gridPoints(RSI, { exit: { min: 50, max: 60 } }), /needs a step/);
  assert.throws(() => gridPoints(SMA, { fast: { min: 1, max: 1000 }, slow: { min: 1, max: 1001 }, size: { min: 1, max: 10 } }), /at most/);
});
