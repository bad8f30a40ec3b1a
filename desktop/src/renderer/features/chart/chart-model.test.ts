import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sma } from '@kestrel/shared';
import type { Bar } from '../../api/market-data-api.js';
import { computeIndicator, lineData, mergeLiveBars, priceToTicks, tickDecimals, toChartBars, type ChartBar } from './chart-model.js';

const bar = (day: number, close: number, volume = 100): Bar => ({
  time: new Date(Date.UTC(2024, 0, day)).toISOString(),
  open: close - 5,
  high: close + 10,
  low: close - 10,
  close,
  volumeLots: volume,
  tradeCount: null,
  vwapNumerator: null,
  origin: 'import',
  complete: true,
});

describe('chart model', () => {
  it('converts ticks to prices with the tick decimals and times to UTC seconds', () => {
    assert.equal(tickDecimals('0.01'), 2);
    assert.equal(tickDecimals('0.0001'), 4);
    assert.equal(tickDecimals('1'), 0);
    const [first] = toChartBars([bar(2, 10034)], '0.01');
    assert.deepEqual(first, { time: Date.UTC(2024, 0, 2) / 1000, open: 100.29, high: 100.44, low: 100.24, close: 100.34, volume: 100 });
    assert.equal(toChartBars([bar(2, 3)], '0.1')[0]!.close, 0.3);
    assert.equal(priceToTicks(100.34, '0.01'), 10034);
    assert.equal(priceToTicks(4.25, '0.25'), 17);
  });

  it('merges live bars: updates the forming bar, appends new ones, ignores old and unchanged ones', () => {
    const series: ChartBar[] = toChartBars([bar(1, 100), bar(2, 110)], '0.01');
    const forming = { ...series[1]!, close: 1.2, high: 1.25 };
    const next = { ...series[1]!, time: series[1]!.time + 86_400, close: 1.3 };
    const changes = mergeLiveBars(series, [series[0]!, series[1]!, forming, next]);
    assert.deepEqual(
      changes.map((change) => change.kind),
      ['update', 'append'],
    );
    assert.equal(series.length, 3);
    assert.equal(series[1]!.close, 1.2);
    assert.ok(series.every((each, index) => index === 0 || each.time > series[index - 1]!.time));
  });

  it('computes SMA exactly as the shared library over the closes, and omits the lookback', () => {
    const bars = toChartBars(Array.from({ length: 30 }, (_, i) => bar(i + 1, 10000 + i * 7 - (i % 3) * 11)), '0.01');
    const [line] = computeIndicator({ id: 's', kind: 'sma', period: 5 }, bars);
    const expected = sma(bars.map((each) => each.close), { period: 5 });
    assert.deepEqual([...line!.values], [...expected]);
    const points = lineData(bars, line!.values);
    assert.equal(points.length, 26);
    assert.equal(points[0]!.time, bars[4]!.time);
  });

  it('puts oscillators in their own pane and bands over the price', () => {
    const bars = toChartBars(Array.from({ length: 60 }, (_, i) => bar(i + 1, 10000 + ((i * 37) % 50))), '0.01');
    assert.deepEqual(
      computeIndicator({ id: 'b', kind: 'bollinger' }, bars).map((line) => [line.key, line.pane]),
      [
        ['b.upper', 'price'],
        ['b.middle', 'price'],
        ['b.lower', 'price'],
      ],
    );
    assert.equal(computeIndicator({ id: 'r', kind: 'rsi' }, bars)[0]!.pane, 'separate');
    const macdLines = computeIndicator({ id: 'm', kind: 'macd' }, bars);
    assert.deepEqual(
      macdLines.map((line) => line.style),
      ['line', 'line', 'histogram'],
    );
    assert.ok(computeIndicator({ id: 'v', kind: 'vwap' }, bars)[0]!.values.every(Number.isFinite));
  });
});
