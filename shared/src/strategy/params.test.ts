// Parameter declarations: typed parsing from text and JSON, defaults, every problem reported at
// once with a stable code, and malformed declarations refused.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultParams, defineParams, paramIssues, parseParams } from './params.js';
import { StrategyError } from './strategy-error.js';

const SPECS = defineParams({
  fast: { type: 'integer', default: 10, min: 1, max: 1000 },
  threshold: { type: 'number', default: 0.5, min: 0, max: 1 },
  short: { type: 'boolean', default: false },
  mode: { type: 'choice', default: 'close', choices: ['close', 'open'] },
});

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof StrategyError ? error.code : 'other';
  }
  return undefined;
}

test('defaults fill what is missing and the result is frozen and typed', () => {
  const params = parseParams(SPECS, { fast: '12' });
  assert.deepEqual({ ...params }, { fast: 12, threshold: 0.5, short: false, mode: 'close' });
  assert.ok(Object.isFrozen(params));
  const fast: number = params.fast;
  const mode: 'close' | 'open' = params.mode;
  assert.equal(fast + mode.length, 17);
  assert.deepEqual(defaultParams(SPECS), { fast: 10, threshold: 0.5, short: false, mode: 'close' });
});

test('text and JSON values parse strictly', () => {
  assert.deepEqual({ ...parseParams(SPECS, { fast: 7, threshold: '.25', short: 'true', mode: 'open' }) }, { fast: 7, threshold: 0.25, short: true, mode: 'open' });
  assert.equal(codeOf(() => parseParams(SPECS, { fast: '10.5' })), 'STRATEGY_PARAM_INVALID');
  assert.equal(codeOf(() => parseParams(SPECS, { fast: 1.5 })), 'STRATEGY_PARAM_INVALID');
  assert.equal(codeOf(() => parseParams(SPECS, { short: 'yes' })), 'STRATEGY_PARAM_INVALID');
  assert.equal(codeOf(() => parseParams(SPECS, { mode: 'mid' })), 'STRATEGY_PARAM_INVALID');
  assert.equal(codeOf(() => parseParams(SPECS, { threshold: 'NaN' })), 'STRATEGY_PARAM_INVALID');
  assert.equal(codeOf(() => parseParams(SPECS, { fast: 0 })), 'STRATEGY_PARAM_INVALID');
  assert.equal(codeOf(() => parseParams(SPECS, { fast: 1001 })), 'STRATEGY_PARAM_INVALID');
});

test('unknown names are STRATEGY_PARAM_UNKNOWN and every problem is listed', () => {
  const issues = paramIssues(SPECS, { fats: 3, fast: 'x', threshold: 2 });
  assert.deepEqual(issues.map((issue) => issue.name).sort(), ['fast', 'fats', 'threshold']);
  try {
    parseParams(SPECS, { fats: 3, fast: 'x' });
    assert.fail('should throw');
  } catch (error) {
    assert.ok(error instanceof StrategyError);
    assert.equal(error.code, 'STRATEGY_PARAM_UNKNOWN');
    assert.equal(error.issues.length, 2);
    assert.match(error.message, /fats: unknown parameter/);
  }
});

test('malformed declarations are refused', () => {
  assert.equal(codeOf(() => defineParams({ p: { type: 'integer', default: 0, min: 1 } })), 'STRATEGY_DEFINITION_INVALID');
  assert.equal(codeOf(() => defineParams({ p: { type: 'integer', default: 1.5 } })), 'STRATEGY_DEFINITION_INVALID');
  assert.equal(codeOf(() => defineParams({ p: { type: 'number', default: 1, min: 2, max: 1 } })), 'STRATEGY_DEFINITION_INVALID');
  assert.equal(codeOf(() => defineParams({ p: { type: 'choice', default: 'a', choices: [] } })), 'STRATEGY_DEFINITION_INVALID');
  assert.equal(codeOf(() => defineParams({ '1bad': { type: 'boolean', default: true } })), 'STRATEGY_DEFINITION_INVALID');
});
