// The search space of an optimisation: for each varied parameter either a list of values or a
// numeric range, and the points a grid or a random search visits. Invariants: every point is a
// complete RawParams (fixed parameters merged in), points come in a deterministic order (grid: the
// Cartesian product in the order the space lists its parameters, last varying fastest; random:
// the sequence of a seeded generator), and every varied name is a declared parameter with values
// inside its declared range (checked before anything runs).

import type { ParamSpecs, RawParams, StrategyDefinition } from '@kestrel/shared';
import { BacktestError } from '../backtest/backtest-error.js';
import { seededRandom } from '../backtest/seeded-random.js';

/** The values one parameter takes: a list, or min..max (grid: by step; random: uniform). */
export type ParamRange = { values: readonly (number | boolean | string)[] } | { min: number; max: number; step?: number };

/** Varied parameters by name. */
export type ParameterSpace = Readonly<Record<string, ParamRange>>;

/** The most points a grid may have. */
export const MAX_GRID_POINTS = 1_000_000;

function fail(message: string): never {
  throw new BacktestError('OPTIMISE_INVALID_SPACE', message);
}

/** Checks names and ranges against the strategy's declarations. */
export function checkSpace(definition: StrategyDefinition<ParamSpecs>, space: ParameterSpace): void {
  const names = Object.keys(space);
  if (names.length === 0) fail('the search space varies no parameter');
  for (const name of names) {
    const spec = definition.params[name];
    if (spec === undefined) fail(`${definition.name} has no parameter "${name}" (declared: ${Object.keys(definition.params).join(', ')})`);
    const range = space[name]!;
    if ('values' in range) {
      if (range.values.length === 0) fail(`${name}: the value list is empty`);
      continue;
    }
    if (spec.type !== 'integer' && spec.type !== 'number') fail(`${name} is a ${spec.type} parameter: give a list of values`);
    const { min, max, step } = range;
    if (!Number.isFinite(min) || !Number.isFinite(max) || min > max) fail(`${name}: min ${min} and max ${max} do not form a range`);
    if (step !== undefined && !(step > 0)) fail(`${name}: step must be > 0`);
    if (spec.type === 'integer' && (!Number.isInteger(min) || !Number.isInteger(max) || (step !== undefined && !Number.isInteger(step)))) {
      fail(`${name} is an integer parameter: min, max and step must be whole numbers`);
    }
    if ((spec.min !== undefined && min < spec.min) || (spec.max !== undefined && max > spec.max)) {
      fail(`${name}: ${min}..${max} leaves the declared range ${spec.min ?? '-inf'}..${spec.max ?? 'inf'}`);
    }
  }
}

/** The grid values of one range. */
function gridValues(name: string, range: ParamRange, integer: boolean): (number | boolean | string)[] {
  if ('values' in range) return [...range.values];
  const step = range.step ?? (integer ? 1 : fail(`${name}: a real-valued range needs a step for a grid search`));
  const values: number[] = [];
  // Multiply rather than accumulate, so 0.1 steps do not drift.
  for (let k = 0; ; k++) {
    const value = range.min + k * step;
    if (value > range.max + step * 1e-9) break;
    values.push(integer ? value : Number(value.toPrecision(12)));
    if (values.length > MAX_GRID_POINTS) fail(`${name}: more than ${MAX_GRID_POINTS} values`);
  }
  return values;
}

/** Every point of the grid (the last listed parameter varies fastest). */
export function gridPoints(definition: StrategyDefinition<ParamSpecs>, space: ParameterSpace, fixed: RawParams = {}): RawParams[] {
  checkSpace(definition, space);
  const names = Object.keys(space);
  const axes = names.map((name) => gridValues(name, space[name]!, definition.params[name]!.type === 'integer'));
  const total = axes.reduce((product, axis) => product * axis.length, 1);
  if (total > MAX_GRID_POINTS) fail(`the grid has ${total} points; at most ${MAX_GRID_POINTS}`);
  const points: RawParams[] = [];
  const index = new Array<number>(names.length).fill(0);
  for (let p = 0; p < total; p++) {
    const point: Record<string, unknown> = { ...fixed };
    names.forEach((name, i) => (point[name] = axes[i]![index[i]!]));
    points.push(point);
    for (let i = names.length - 1; i >= 0; i--) {
      if (++index[i]! < axes[i]!.length) break;
      index[i] = 0;
    }
  }
  return points;
}

/** `count` points drawn with a seeded generator (integers uniform in min..max inclusive). */
export function randomPoints(definition: StrategyDefinition<ParamSpecs>, space: ParameterSpace, count: number, seed: number, fixed: RawParams = {}): RawParams[] {
  checkSpace(definition, space);
  if (!Number.isSafeInteger(count) || count < 1 || count > MAX_GRID_POINTS) fail(`samples must be 1..${MAX_GRID_POINTS}, got ${String(count)}`);
  const random = seededRandom(seed);
  const names = Object.keys(space);
  const points: RawParams[] = [];
  for (let p = 0; p < count; p++) {
    const point: Record<string, unknown> = { ...fixed };
    for (const name of names) {
      const range = space[name]!;
      if ('values' in range) {
        point[name] = range.values[Math.floor(random() * range.values.length)];
      } else if (definition.params[name]!.type === 'integer') {
        const step = range.step ?? 1;
        point[name] = range.min + step * Math.floor(random() * (Math.floor((range.max - range.min) / step) + 1));
      } else {
        point[name] = range.min + random() * (range.max - range.min);
      }
    }
    points.push(point);
  }
  return points;
}
