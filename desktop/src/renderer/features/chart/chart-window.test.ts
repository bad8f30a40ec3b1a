import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Bar } from '../../api/market-data-api.js';
import { BarColumns } from './bar-columns.js';
import { decimate } from './bar-decimation.js';
import { clipSegment, logicalAtTime, MAX_SPACING, MIN_SPACING, needsRewindow, planWindow, timeAtLogical, type WindowState } from './chart-window.js';

const START = Date.UTC(2024, 0, 1) / 1000;

function minuteSeries(count: number): BarColumns {
  const bars: Bar[] = Array.from({ length: count }, (_, i) => ({
    time: new Date((START + i * 60) * 1000).toISOString(),
    open: 100,
    high: 110,
    low: 90,
    close: 100 + (i % 5),
    volumeLots: 1,
    tradeCount: null,
    vwapNumerator: null,
    origin: 'import',
    complete: true,
  }));
  return BarColumns.fromApiBars(bars, '0.01');
}

function stateOf(bars: BarColumns, plan: { from: number; to: number; bucketSeconds: number }): WindowState {
  const window = decimate(bars, plan.from, plan.to, plan.bucketSeconds, 60);
  return { from: window.from, to: window.to, bucketSeconds: window.bucketSeconds, times: window.time, count: window.count };
}

describe('chart window', () => {
  const bars = minuteSeries(200_000);
  const width = 1200;

  it('plans the newest bars at the base timeframe with a margin, and a zoomed-out view aggregated to the pixels', () => {
    const n = bars.length;
    const latest = planWindow(bars, 60, bars.time[n - 160]!, bars.time[n - 1]!, width);
    assert.equal(latest.bucketSeconds, 60);
    assert.equal(latest.to, n);
    assert.ok(latest.from <= n - 160 - 400 && latest.from >= n - 160 - 1000, `from ${latest.from}`);
    const all = planWindow(bars, 60, bars.time[0]!, bars.time[n - 1]!, width);
    assert.ok(all.bucketSeconds > 60);
    const window = stateOf(bars, all);
    assert.ok(window.count <= width / 4 + 2 && window.count >= width / 4 / 5, `${window.count} buckets`);
    assert.equal(all.from, 0);
    assert.equal(all.to, n);
  });

  it('never asks to re-window right after a plan is applied (no loop), for any zoom and position', () => {
    for (const span of [50, 300, 1000, 5000, 20_000, 100_000, 199_999]) {
      for (const end of [bars.length - 1, 150_000, span + 10].filter((each) => each - span >= 0 && each < bars.length)) {
        const fromTime = bars.time[end - span]!;
        const toTime = bars.time[end]!;
        const plan = planWindow(bars, 60, fromTime, toTime, width);
        const window = stateOf(bars, plan);
        const from = logicalAtTime(window, fromTime);
        const to = logicalAtTime(window, toTime);
        const spacing = width / (to - from);
        assert.ok(plan.bucketSeconds === 60 || (spacing >= MIN_SPACING && spacing <= MAX_SPACING), `span ${span}: spacing ${spacing}`);
        assert.equal(needsRewindow(window, bars.length, 60, from, to, width), false, `span ${span} end ${end}`);
      }
    }
  });

  it('asks to re-window near an edge, when bars get too thin, or too wide while aggregated', () => {
    const n = bars.length;
    const middle = stateOf(bars, planWindow(bars, 60, bars.time[100_000]!, bars.time[100_200]!, width));
    const from = logicalAtTime(middle, bars.time[100_000]!);
    assert.equal(needsRewindow(middle, n, 60, from, from + 200, width), false);
    assert.equal(needsRewindow(middle, n, 60, 5, 205, width), true, 'near the left edge');
    assert.equal(needsRewindow(middle, n, 60, middle.count - 100, middle.count + 100, width), true, 'near the right edge');
    assert.equal(needsRewindow(middle, n, 60, from, from + width / MIN_SPACING + 1, width), true, 'too thin');
    const coarse = stateOf(bars, planWindow(bars, 60, bars.time[0]!, bars.time[n - 1]!, width));
    const all = [logicalAtTime(coarse, bars.time[0]!), logicalAtTime(coarse, bars.time[n - 1]!)] as const;
    assert.equal(needsRewindow(coarse, n, 60, all[0], all[1], width), false);
    assert.equal(needsRewindow(coarse, n, 60, all[1] - 10, all[1], width), true, 'zoomed in on an aggregated window');
  });

  it('maps logical indices and times both ways, beyond the ends one bucket per index', () => {
    const window: WindowState = { from: 0, to: 4, bucketSeconds: 60, times: [0, 60, 120, 600], count: 4 };
    for (const logical of [-3, 0, 0.5, 1, 2.25, 3, 5.5]) assert.ok(Math.abs(logicalAtTime(window, timeAtLogical(window, logical)) - logical) < 1e-9, String(logical));
    assert.equal(timeAtLogical(window, 2.5), 360);
    assert.equal(timeAtLogical(window, 4), 660);
    assert.equal(timeAtLogical(window, -1), -60);
  });

  it('clips a trend line to the window and snaps its ends to bucket times on the original line', () => {
    const window: WindowState = { from: 0, to: 5, bucketSeconds: 100, times: [1000, 1100, 1200, 1300, 1400], count: 5 };
    assert.deepEqual(clipSegment(window, { time: 1100, value: 1 }, { time: 1300, value: 3 }), [
      { time: 1100, value: 1 },
      { time: 1300, value: 3 },
    ]);
    assert.deepEqual(clipSegment(window, { time: 0, value: 0 }, { time: 2000, value: 20 }), [
      { time: 1000, value: 10 },
      { time: 1400, value: 14 },
    ]);
    assert.deepEqual(clipSegment(window, { time: 1150, value: 0 }, { time: 1350, value: 2 }), [
      { time: 1100, value: -0.5 },
      { time: 1300, value: 1.5 },
    ]);
    assert.deepEqual(clipSegment(window, { time: 0, value: 0 }, { time: 900, value: 1 }), []);
    assert.deepEqual(clipSegment(window, { time: 1210, value: 0 }, { time: 1290, value: 1 }), []);
  });
});
