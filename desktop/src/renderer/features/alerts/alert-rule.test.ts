import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fires, readRule, readRules, subjectKey, type AlertRule } from './alert-rule.js';

const rule = (condition: AlertRule['condition'], threshold: number, armed = true) => ({ condition, threshold, armed });

describe('fires', () => {
  it('at-or-above fires on the first observation at or beyond the level, then only after leaving and re-entering', () => {
    const r = rule('at-or-above', 100);
    assert.equal(fires(r, undefined, 100), true, 'first observation at the level');
    assert.equal(fires(r, undefined, 99), false);
    assert.equal(fires(r, 100, 101), false, 'still satisfied: no second firing');
    assert.equal(fires(r, 99, 100), true, 're-entered');
  });

  it('at-or-below mirrors it', () => {
    const r = rule('at-or-below', 50);
    assert.equal(fires(r, undefined, 49), true);
    assert.equal(fires(r, 49, 48), false);
    assert.equal(fires(r, 51, 50), true);
    assert.equal(fires(r, 51, 51), false);
  });

  it('crosses-* needs a previous observation on the other side', () => {
    assert.equal(fires(rule('crosses-above', 70), undefined, 75), false, 'no previous value: no cross');
    assert.equal(fires(rule('crosses-above', 70), 69.9, 70), true);
    assert.equal(fires(rule('crosses-above', 70), 71, 72), false);
    assert.equal(fires(rule('crosses-below', 30), 30.5, 29), true);
    assert.equal(fires(rule('crosses-below', 30), 29, 28), false);
  });

  it('a disarmed rule and a non-finite value never fire; a non-finite previous is no observation', () => {
    assert.equal(fires(rule('at-or-above', 1, false), undefined, 5), false);
    assert.equal(fires(rule('at-or-above', 1), undefined, Number.NaN), false);
    assert.equal(fires(rule('crosses-above', 1), Number.NaN, 5), false);
    assert.equal(fires(rule('at-or-above', 1), Number.NaN, 5), true);
  });
});

describe('readRules', () => {
  const valid = { id: 'a', symbol: 'AAPL', subject: { kind: 'last' }, condition: 'at-or-above', threshold: 19_000, once: true, armed: true, lastFired: null };

  it('reads valid rules and defaults once/armed to true', () => {
    assert.deepEqual(readRule(valid), valid);
    const { once: _once, armed: _armed, ...bare } = valid;
    assert.deepEqual(readRule(bare), valid);
    const rsi = { ...valid, id: 'b', subject: { kind: 'indicator', indicator: 'rsi', period: 14, interval: '1m' }, threshold: 70.5, lastFired: { time: '2026-11-24T00:00:00Z', value: 71.2 } };
    assert.deepEqual(readRule(rsi), rsi);
  });

  it('drops invalid rules instead of guessing', () => {
    const broken = [
      null,
      'x',
      { ...valid, symbol: 'lower case' },
      { ...valid, condition: 'near' },
      { ...valid, threshold: 190.5 },
      { ...valid, threshold: Number.POSITIVE_INFINITY },
      { ...valid, subject: { kind: 'indicator', indicator: 'rsi', period: 1, interval: '1m' } },
      { ...valid, subject: { kind: 'indicator', indicator: 'macd', period: 14, interval: '1m' } },
      { ...valid, subject: { kind: 'indicator', indicator: 'sma', period: 14, interval: '2m' } },
    ];
    assert.deepEqual(readRules([...broken, valid]), [valid]);
    assert.deepEqual(readRules({ not: 'a list' }), []);
  });

  it('keys subjects so that rules on the same value share one subscription', () => {
    assert.equal(subjectKey('AAPL', { kind: 'last' }), 'last:AAPL');
    assert.equal(subjectKey('AAPL', { kind: 'indicator', indicator: 'rsi', period: 14, interval: '1m' }), 'rsi:14:1m:AAPL');
  });
});
