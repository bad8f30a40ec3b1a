import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IChartApi, ISeriesApi, SeriesType } from 'lightweight-charts';
import type { Bar } from '../../api/market-data-api.js';
import { BarColumns } from './bar-columns.js';
import { ChartViewport, type VisibleBars } from './chart-viewport.js';
import { timeAtLogical } from './chart-window.js';
import { LiveIndicator } from './live-indicators.js';

// The viewport's contract with lightweight-charts is the time scale's logical range and each
// series' setData/update; this stand-in keeps exactly those (a browser draws them in the e2e).
function fakeChart(width = 1000) {
  let range: { from: number; to: number } | null = null;
  const data = new Map<string, Array<{ time: number }>>();
  const series = (name: string) =>
    ({
      setData: (points: Array<{ time: number }>) => data.set(name, points),
      update: (point: { time: number }) => {
        const points = data.get(name) ?? [];
        if (points.length > 0 && points[points.length - 1]!.time === point.time) points[points.length - 1] = point;
        else points.push(point);
      },
    }) as unknown as ISeriesApi<SeriesType>;
  const timeScale = {
    subscribeVisibleLogicalRangeChange: () => undefined,
    unsubscribeVisibleLogicalRangeChange: () => undefined,
    getVisibleLogicalRange: () => range,
    setVisibleLogicalRange: (next: { from: number; to: number }) => (range = { ...next }),
    width: () => width,
  };
  const chart = { timeScale: () => timeScale } as unknown as IChartApi;
  return { chart, series, data, range: () => range!, setRange: (next: { from: number; to: number }) => (range = next) };
}

// One-minute bars with an overnight gap every 500 bars (as exchange sessions have).
const timeOf = (i: number) => Date.UTC(2024, 0, 2) + (i + Math.floor(i / 500) * 900) * 60_000;
const bar = (i: number): Bar => {
  const close = 10_000 + ((i * 37) % 101) + Math.floor(i / 11);
  return { time: new Date(timeOf(i)).toISOString(), open: close - 4, high: close + 9, low: close - 9, close, volumeLots: 10 + (i % 7), tradeCount: null, vwapNumerator: null, origin: 'import', complete: true };
};

function setUp(total: number, loaded: number) {
  const history = Array.from({ length: total }, (_, i) => bar(i));
  const bars = BarColumns.fromApiBars(history.slice(total - loaded), '0.01');
  const fake = fakeChart();
  const viewport = new ChartViewport(fake.chart);
  const sma = new LiveIndicator({ id: 's', kind: 'sma', period: 20 }, bars);
  viewport.setSeries({ main: fake.series('main'), style: 'candles', volume: fake.series('volume') as unknown as ISeriesApi<'Histogram'>, volumeColors: { up: 'u', down: 'd' } });
  viewport.setOverlays([{ series: fake.series('sma') as unknown as ISeriesApi<'Line'>, indicator: sma, line: 0 }]);
  viewport.load(bars, 60);
  return { history, bars, fake, viewport, sma };
}

/** The bar time drawn at each whole logical index of the view. */
function timesInView(fake: ReturnType<typeof fakeChart>, viewport: ChartViewport): number[] {
  const { from, to } = fake.range();
  const out: number[] = [];
  for (let logical = Math.ceil(from); logical <= Math.floor(to); logical++) out.push(logical >= 0 && logical < viewport.current.count ? viewport.current.times[logical]! : NaN);
  return out;
}

describe('chart viewport: older history prepended', () => {
  it('keeps the bars in view at the same logical positions and fills the space left of the oldest bar', () => {
    const { history, bars, fake, viewport, sma } = setUp(6_000, 500);
    assert.equal(viewport.current.from, 0, 'the window holds the oldest loaded bar');
    // Scrolled left past the oldest loaded bar: 40 empty slots, then bars 0..120 of the loaded ones.
    fake.setRange({ from: -40, to: 120 });
    const seen: VisibleBars[] = [];
    viewport.setRangeListener((view) => seen.push(view));
    viewport.notifyRange();
    assert.deepEqual(seen, [{ first: -1, count: 121, firstTime: timeOf(5_500) / 1000 }]);
    const before = timesInView(fake, viewport);
    const added = bars.prepend(history.slice(0, 5_500));
    sma.reset(bars);
    viewport.prepended(added);
    const after = timesInView(fake, viewport);
    assert.equal(after.length, before.length);
    assert.deepEqual(after.slice(40), before.slice(40), 'the loaded bars did not move');
    assert.deepEqual(after.slice(0, 40), Array.from({ length: 40 }, (_, k) => timeOf(5_500 - 40 + k) / 1000), 'the empty slots now hold the 40 bars before');
    const { from, to } = fake.range();
    assert.ok(viewport.current.from > 0 && viewport.current.from <= bars.indexAtOrBefore(timeAtLogical(viewport.current, from)), 'the new slice covers the view');
    assert.ok(viewport.current.to > bars.indexAtOrBefore(timeAtLogical(viewport.current, to)));
    // The indicator line is redrawn from the values over the full series (no NaN gap where the
    // old first 19 bars had no SMA yet).
    const drawn = fake.data.get('sma')!;
    assert.equal(drawn.length, viewport.current.count);
    const main = fake.data.get('main')!;
    assert.equal(main.length, viewport.current.count);
    assert.equal(main[0]!.time, viewport.current.times[0]);
  });

  it('keeps an aggregated (zoomed-out) view at the same bucket and position', () => {
    const { history, bars, fake, viewport, sma } = setUp(60_000, 20_000);
    viewport.showAll();
    const bucket = viewport.current.bucketSeconds;
    assert.ok(bucket > 60, 'zoomed out');
    const before = timesInView(fake, viewport);
    const added = bars.prepend(history.slice(0, 40_000));
    assert.equal(added, 40_000);
    sma.reset(bars);
    viewport.prepended(added);
    assert.equal(viewport.current.bucketSeconds, bucket, 'same zoom level');
    const after = timesInView(fake, viewport);
    const firstOld = before.findIndex(Number.isFinite);
    assert.deepEqual(after.slice(firstOld), before.slice(firstOld));
  });

  it('keeps the newest bars in view and drawing live bars when a page is prefetched', () => {
    const { history, bars, fake, viewport, sma } = setUp(3_000, 1_000);
    const before = timesInView(fake, viewport);
    const added = bars.prepend(history.slice(0, 2_000));
    sma.reset(bars);
    viewport.prepended(added);
    assert.deepEqual(timesInView(fake, viewport), before);
    assert.equal(viewport.current.to, bars.length);
    const live = bar(3_000);
    const length = bars.length;
    assert.equal(bars.mergeLive([live]), 'append');
    sma.sync(bars);
    viewport.live(length);
    assert.equal(fake.data.get('main')!.at(-1)!.time, Date.parse(live.time) / 1000);
    assert.equal(fake.data.get('sma')!.at(-1)!.time, Date.parse(live.time) / 1000);
  });
});
