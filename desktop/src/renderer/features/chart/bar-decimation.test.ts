import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Bar } from '../../api/market-data-api.js';
import { BarColumns } from './bar-columns.js';
import { aggregateRange, bucketFor, bucketStart, decimate } from './bar-decimation.js';

/** `count` one-minute bars from 2024-01-01 00:00 UTC with varied prices and volumes. */
function minuteBars(count: number, skip: (i: number) => boolean = () => false): BarColumns {
  const bars: Bar[] = [];
  for (let i = 0; i < count; i++) {
    if (skip(i)) continue;
    const close = 10_000 + ((i * 37) % 101) - 50;
    bars.push({
      time: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(),
      open: close + ((i * 13) % 7) - 3,
      high: close + 5 + (i % 4),
      low: close - 5 - (i % 3),
      close,
      volumeLots: 1 + (i % 10),
      tradeCount: null,
      vwapNumerator: null,
      origin: 'import',
      complete: true,
    });
  }
  return BarColumns.fromApiBars(bars, '0.01');
}

describe('bar decimation', () => {
  it('picks the finest ladder timeframe (a multiple of the base) that fits the span into the pixels', () => {
    assert.equal(bucketFor(60, 60 * 1000, 1000), 60);
    assert.equal(bucketFor(60, 60 * 1001, 1000), 120);
    assert.equal(bucketFor(60, 60 * 1_000_000, 350), 172_800);
    assert.equal(bucketFor(86_400, 86_400 * 10_000, 500), 2_592_000);
    assert.equal(bucketFor(300, 300 * 5000, 1000), 1800, '600 and 900 fit 2,500 and 1,667 bars, too many; 1,800 s gives 834');
  });

  it('keeps raw bars as they are at the base timeframe', () => {
    const bars = minuteBars(100);
    const window = decimate(bars, 10, 20, 60, 60);
    assert.equal(window.aggregated, false);
    assert.equal(window.count, 10);
    assert.deepEqual([...window.close], [...bars.close.subarray(10, 20)]);
    assert.deepEqual([...window.last], [10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
  });

  it('aggregates into epoch-aligned buckets exactly as a coarser timeframe (open first, close last, extremes, summed volume), gaps included', () => {
    const bars = minuteBars(1000, (i) => i % 97 > 90);
    const window = decimate(bars, 0, bars.length, 900, 60);
    assert.equal(window.aggregated, true);
    let raw = 0;
    for (let k = 0; k < window.count; k++) {
      assert.equal(window.time[k]! % 900, 0);
      const members: number[] = [];
      while (raw < bars.length && Math.floor(bars.time[raw]! / 900) * 900 === window.time[k]) members.push(raw++);
      assert.ok(members.length > 0);
      assert.equal(window.open[k], bars.open[members[0]!]);
      assert.equal(window.close[k], bars.close[members.at(-1)!]);
      assert.equal(window.high[k], Math.max(...members.map((i) => bars.high[i]!)));
      assert.equal(window.low[k], Math.min(...members.map((i) => bars.low[i]!)));
      assert.equal(window.volume[k], members.reduce((sum, i) => sum + bars.volume[i]!, 0));
      assert.equal(window.last[k], members.at(-1));
      const again = aggregateRange(bars, bucketStart(bars, members.at(-1)!, 900), members.at(-1)! + 1, window.time[k]!);
      assert.deepEqual(again, { time: window.time[k], open: window.open[k], high: window.high[k], low: window.low[k], close: window.close[k], volume: window.volume[k] });
    }
    assert.equal(raw, bars.length);
  });
});
