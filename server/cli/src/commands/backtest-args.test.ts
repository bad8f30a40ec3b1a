// Parsing of `kestrel backtest` options: model specs, times, intervals, defaults and usage errors.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError } from '../args.js';
import { parseBacktestArgs, parseCommissionSpec, parseInterval, parseSlippageSpec, parseTime } from './backtest-args.js';

test('commission specs', () => {
  assert.deepEqual(parseCommissionSpec('per-share:0.005,min=1,max=50'), { kind: 'per-share', rate: '0.005', minimum: '1', maximum: '50' });
  assert.deepEqual(parseCommissionSpec('per-order:1.5'), { kind: 'per-order', amount: '1.5' });
  assert.deepEqual(parseCommissionSpec('percent:0.1'), { kind: 'percent', percent: '0.1' });
  assert.deepEqual(parseCommissionSpec('tiered:0.0035@300000/0.002@3000000/0.0015,min=0.35'), {
    kind: 'tiered',
    tiers: [{ rate: '0.0035', upToLots: 300_000 }, { rate: '0.002', upToLots: 3_000_000 }, { rate: '0.0015', upToLots: null }],
    minimum: '0.35',
  });
  for (const bad of ['per-lot:1', 'per-share:-1', 'per-share:abc', 'per-order:1,min=2', 'tiered:0.1/0.2', 'percent:1,x']) {
    assert.throws(() => parseCommissionSpec(bad), UsageError, bad);
  }
});

test('slippage specs', () => {
  assert.deepEqual(parseSlippageSpec('none'), { kind: 'none' });
  assert.deepEqual(parseSlippageSpec('ticks:2'), { kind: 'ticks', ticks: 2 });
  assert.deepEqual(parseSlippageSpec('percent:0.05'), { kind: 'percent', percent: 0.05 });
  assert.deepEqual(parseSlippageSpec('volume:0.1,max=0.02'), { kind: 'volume', coefficient: 0.1, maxFraction: 0.02 });
  for (const bad of ['ticks:1.5', 'percent:100', 'volume:1,max=2', 'fixed:1']) assert.throws(() => parseSlippageSpec(bad), UsageError, bad);
});

test('times and intervals', () => {
  assert.equal(parseInterval('1d'), 86_400_000);
  assert.equal(parseInterval('5m'), 300_000);
  assert.throws(() => parseInterval('5 minutes'), UsageError);
  assert.equal(parseTime('2010-01-04', '--from', false), Date.UTC(2010, 0, 4));
  assert.equal(parseTime('2010-01-04', '--to', true), Date.UTC(2010, 0, 5) - 1);
  assert.equal(parseTime('2010-01-04T10:30:00Z', '--from', false), Date.UTC(2010, 0, 4, 10, 30));
  assert.throws(() => parseTime('04/01/2010', '--from', false), UsageError);
});

test('defaults and collected options', () => {
  const args = parseBacktestArgs(['--data', 'x.csv', '--strategy', 'sma-cross', '--param', 'fast=5', '--size', '3', '--commission', 'per-order:1', '--commission', 'percent:0.1', '--holiday', '2020-01-02']);
  assert.equal(args.cash, '10000');
  assert.equal(args.fill, 'next-open');
  assert.equal(args.limitFill, 'touch');
  assert.deepEqual(args.params, { fast: '5', size: '3' });
  assert.equal(args.commission.length, 2);
  assert.deepEqual(args.holidays, ['2020-01-02']);
  assert.equal(args.allowGaps, false);
  assert.equal(args.maxIdleBars, undefined, 'the pre-flight default (15) applies');
  assert.equal(args.strictSessions, false);
  const strict = parseBacktestArgs(['--data', 'x', '--strategy', 's', '--max-idle-bars', '0', '--strict-sessions']);
  assert.equal(strict.maxIdleBars, 0);
  assert.equal(strict.strictSessions, true);
  assert.equal(parseBacktestArgs(['--help']).help, true);
  for (const bad of [['--strategy', 's'], ['--data', 'x'], ['--data', 'x', '--strategy', 's', '--cash', '-5'], ['--data', 'x', '--strategy', 's', '--bogus'], ['--data', 'x', '--strategy', 's', '--param', 'novalue'], ['--data', 'x', '--strategy', 's', '--session', '9-17'], ['--data', 'x', '--strategy', 's', '--max-idle-bars', '-1'], ['--data', 'x', '--strategy', 's', '--max-idle-bars', '2.5']]) {
    assert.throws(() => parseBacktestArgs(bad), UsageError, bad.join(' '));
  }
});
