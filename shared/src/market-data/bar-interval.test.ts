import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BAR_INTERVALS, BAR_INTERVAL_MICROS, ROLLUP_SOURCE, barStart, isBarAligned, isBarInterval } from './bar-interval.js';

describe('bar intervals', () => {
  it('aligns buckets to the epoch in UTC', () => {
    const t = Date.UTC(2024, 2, 10, 14, 37, 12, 345) * 1000 + 678;
    assert.equal(barStart(t, '1s'), Date.UTC(2024, 2, 10, 14, 37, 12) * 1000);
    assert.equal(barStart(t, '1m'), Date.UTC(2024, 2, 10, 14, 37) * 1000);
    assert.equal(barStart(t, '5m'), Date.UTC(2024, 2, 10, 14, 35) * 1000);
    assert.equal(barStart(t, '15m'), Date.UTC(2024, 2, 10, 14, 30) * 1000);
    assert.equal(barStart(t, '1h'), Date.UTC(2024, 2, 10, 14) * 1000);
    assert.equal(barStart(t, '1d'), Date.UTC(2024, 2, 10) * 1000);
  });

  it('puts a time exactly on a boundary into the bar it starts, and the instant before into the previous one', () => {
    const boundary = Date.UTC(2024, 0, 1) * 1000;
    for (const interval of BAR_INTERVALS) {
      assert.equal(barStart(boundary, interval), boundary, interval);
      assert.equal(barStart(boundary - 1, interval), boundary - BAR_INTERVAL_MICROS[interval], interval);
      assert.equal(isBarAligned(boundary, interval), true);
      assert.equal(isBarAligned(boundary + 1, interval), false);
    }
  });

  it('floors times before 1970 downwards', () => {
    assert.equal(barStart(-1, '1s'), -1_000_000);
  });

  it('rolls every interval up from a finer one it divides exactly', () => {
    for (const [coarse, fine] of Object.entries(ROLLUP_SOURCE)) {
      assert.ok(isBarInterval(coarse));
      assert.equal(BAR_INTERVAL_MICROS[coarse as keyof typeof BAR_INTERVAL_MICROS] % BAR_INTERVAL_MICROS[fine], 0, coarse);
    }
    assert.equal(isBarInterval('2m'), false);
  });
});
