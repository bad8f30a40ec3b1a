import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bollingerBands, ema, macd, rsi, sma, vwap } from '@kestrel/shared';
import type { Bar } from '../../api/market-data-api.js';
import type { IndicatorSpec } from '../workspace/panel-params.js';
import { BarColumns } from './bar-columns.js';
import { copyState, LiveIndicator } from './live-indicators.js';

const bar = (i: number, close: number, volume = 100 + (i % 17)): Bar => ({
  time: new Date(Date.UTC(2024, 0, 1) + i * 3_600_000).toISOString(),
  open: close - 5,
  high: close + 10 + (i % 3),
  low: close - 10,
  close,
  volumeLots: volume,
  tradeCount: null,
  vwapNumerator: null,
  origin: 'import',
  complete: true,
});

const price = (i: number) => 10_000 + ((i * 37) % 101) - 50 + Math.floor(i / 7);

/** The batch functions of the shared library over the columns, line by line. */
function batch(spec: IndicatorSpec, bars: BarColumns): Float64Array[] {
  const n = bars.length;
  const close = bars.close.slice(0, n);
  switch (spec.kind) {
    case 'sma':
      return [sma(close, { period: spec.period ?? 20 })];
    case 'ema':
      return [ema(close, { period: spec.period ?? 20 })];
    case 'rsi':
      return [rsi(close, { period: spec.period ?? 14 })];
    case 'vwap':
      return [vwap({ timestamp: bars.time.slice(0, n).map((t) => t * 1000), high: bars.high.slice(0, n), low: bars.low.slice(0, n), close, volume: bars.volume.slice(0, n) })];
    case 'bollinger': {
      const bands = bollingerBands(close, { period: spec.period ?? 20, deviationsUp: 2, deviationsDown: 2 });
      return [bands.upper, bands.middle, bands.lower];
    }
    case 'macd': {
      const series = macd(close, { fastPeriod: 12, slowPeriod: 26, signalPeriod: 9 });
      return [series.macd, series.signal, series.histogram];
    }
  }
}

const SPECS: IndicatorSpec[] = [
  { id: 's', kind: 'sma', period: 5 },
  { id: 'e', kind: 'ema', period: 10 },
  { id: 'r', kind: 'rsi' },
  { id: 'v', kind: 'vwap' },
  { id: 'b', kind: 'bollinger' },
  { id: 'm', kind: 'macd' },
];

describe('live indicators', () => {
  for (const spec of SPECS) {
    it(`${spec.kind}: equals the batch function after loading, after forming-bar updates and after appends`, () => {
      const bars = BarColumns.fromApiBars(Array.from({ length: 120 }, (_, i) => bar(i, price(i))), '0.01');
      const live = new LiveIndicator(spec, bars);
      const check = (when: string) => {
        const expected = batch(spec, bars);
        assert.equal(live.values.length, expected.length);
        expected.forEach((line, index) => assert.deepEqual([...live.values[index]!.subarray(0, bars.length)], [...line], `${when}, line ${index}`));
      };
      check('loaded');
      for (let step = 0; step < 40; step++) {
        const i = bars.length - 1;
        const appending = step % 4 === 3;
        const index = appending ? i + 1 : i;
        bars.mergeLive([bar(index, price(index) + ((step * 29) % 41) - 20, 50 + step)]);
        live.sync(bars);
        check(`step ${step}`);
      }
      const summary = live.summary(bars.length);
      const expected = batch(spec, bars);
      live.lines.forEach((line, index) => {
        const finite = [...expected[index]!].filter(Number.isFinite);
        assert.deepEqual(summary[line.key], { points: finite.length, last: finite.at(-1) ?? null });
      });
    });
  }

  it('puts oscillators in their own pane and bands over the price', () => {
    const bars = BarColumns.fromApiBars(Array.from({ length: 60 }, (_, i) => bar(i, price(i))), '0.01');
    assert.deepEqual(
      new LiveIndicator({ id: 'b', kind: 'bollinger' }, bars).lines.map((line) => [line.key, line.pane]),
      [
        ['b.upper', 'price'],
        ['b.middle', 'price'],
        ['b.lower', 'price'],
      ],
    );
    assert.equal(new LiveIndicator({ id: 'r', kind: 'rsi' }, bars).lines[0]!.pane, 'separate');
    assert.deepEqual(
      new LiveIndicator({ id: 'm', kind: 'macd' }, bars).lines.map((line) => line.style),
      ['line', 'line', 'histogram'],
    );
  });

  it('copies state deeply and keeps prototypes', () => {
    class Inner {
      values = new Float64Array([1, 2]);
      twice() {
        return this.values[0]! * 2;
      }
    }
    const original = { inner: new Inner(), list: [1, { a: 2 }], fn: (x: number) => x };
    const copy = copyState(original);
    copy.inner.values[0] = 5;
    (copy.list[1] as { a: number }).a = 3;
    assert.equal(original.inner.values[0], 1);
    assert.equal((original.list[1] as { a: number }).a, 2);
    assert.equal(copy.inner.twice(), 10);
    assert.equal(copy.fn, original.fn);
  });

  it('recomputes over the whole series after older bars are prepended (reset), equal to the batch function', () => {
    for (const spec of SPECS) {
      const history = Array.from({ length: 400 }, (_, i) => bar(i, price(i)));
      const bars = BarColumns.fromApiBars(history.slice(250), '0.01');
      const live = new LiveIndicator(spec, bars);
      assert.equal(bars.prepend(history.slice(0, 250)), 250);
      live.reset(bars);
      const check = (when: string) => batch(spec, bars).forEach((line, index) => assert.deepEqual([...live.values[index]!.subarray(0, bars.length)], [...line], `${spec.kind} ${when}, line ${index}`));
      check('after the prepend');
      bars.mergeLive([bar(400, price(400))]);
      live.sync(bars);
      check('after a live bar');
    }
  });
});
