import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExponentialBackoff } from './backoff.js';

describe('ExponentialBackoff', () => {
  it('doubles the ceiling up to the maximum and draws each delay uniformly below it (full jitter)', () => {
    const draws = [0.5, 0.999, 0, 0.25, 0.5, 0.5];
    const backoff = new ExponentialBackoff({ initialMs: 100, maxMs: 1000, random: () => draws.shift()! });
    assert.deepEqual([backoff.next(), backoff.next(), backoff.next(), backoff.next(), backoff.next(), backoff.next()], [50, 199, 0, 200, 500, 500]);
    assert.equal(backoff.ceiling(), 1000);
    assert.equal(backoff.attempt, 6);
  });

  it('starts over after reset()', () => {
    const backoff = new ExponentialBackoff({ initialMs: 10, maxMs: 80, random: () => 0.5 });
    backoff.next();
    backoff.next();
    backoff.reset();
    assert.equal(backoff.next(), 5);
  });

  it('refuses nonsensical bounds', () => {
    assert.throws(() => new ExponentialBackoff({ initialMs: 0, maxMs: 10 }), RangeError);
    assert.throws(() => new ExponentialBackoff({ initialMs: 10, maxMs: 5 }), RangeError);
  });
});
