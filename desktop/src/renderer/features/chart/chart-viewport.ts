// The bridge between the full series (BarColumns + LiveIndicators) and lightweight-charts: the
// library only ever holds the window chart-window.ts plans (a few thousand bars, decimated to
// the zoom level), so loading a million bars costs a window's setData, and a live update is an
// update() of the last bar of a short series. Re-windowing runs at most once per animation frame
// after the visible range changes, and keeps the same time range in view. Invariants: every
// series (price, volume, indicator lines, trend lines) holds points at the window's bucket times
// only; a live bar is drawn only when the window reaches the end of the series. Older history
// prepended to the series (prepended()) shifts the window's raw indices and keeps the bars in
// view at the same pixels: the library's logical range moves by the buckets added before them.
// Known limit: indicator lines are sampled at each bucket's last bar when aggregated (an
// aggregated bar shows the indicator's value at its close, not an envelope).
import type { IChartApi, ISeriesApi, SeriesType, UTCTimestamp } from 'lightweight-charts';
import type { ChartParams } from '../workspace/panel-params.js';
import type { BarColumns } from './bar-columns.js';
import { aggregateRange, bucketStart, decimate, type BucketBar } from './bar-decimation.js';
import { clipSegment, logicalAtTime, needsRewindow, planWindow, timeAtLogical, type WindowState } from './chart-window.js';
import type { LiveIndicator } from './live-indicators.js';

/** An indicator line drawn by a chart series. */
export interface OverlaySeries {
  series: ISeriesApi<'Line'> | ISeriesApi<'Histogram'>;
  indicator: LiveIndicator;
  line: number;
}

/** A trend line drawn by a two-point line series (prices in display units). */
export interface TrendSeries {
  series: ISeriesApi<'Line'>;
  from: { time: number; value: number };
  to: { time: number; value: number };
}

/** The series the viewport feeds. */
export interface ViewportSeries {
  main: ISeriesApi<SeriesType>;
  style: ChartParams['style'];
  volume: ISeriesApi<'Histogram'> | null;
  volumeColors: { up: string; down: string };
}

/** The bars in view, as indices of the full series. */
export interface VisibleBars {
  /** Index of the first bar in view (-1 when the view starts before the oldest bar). */
  first: number;
  /** Bars in view. */
  count: number;
  /** Time (UTC seconds) of the first bar in view, or of the oldest bar when the view starts before it. */
  firstTime: number;
}

const seconds = (time: number) => time as UTCTimestamp;

/** Keeps the chart's series fed with the window of the full series in view. */
export class ChartViewport {
  private bars: BarColumns | null = null;
  private baseSeconds = 60;
  private series: ViewportSeries | null = null;
  private overlays: OverlaySeries[] = [];
  private trends: TrendSeries[] = [];
  private windowListener: ((window: Readonly<WindowState>) => void) | null = null;
  private rangeListener: ((view: VisibleBars) => void) | null = null;
  private window: WindowState & { times: number[] } = { from: 0, to: 0, bucketSeconds: 60, times: [], count: 0 };
  private scheduled = 0;
  private applying = false;
  private readonly onRange = () => {
    if (this.applying || this.scheduled) return;
    this.scheduled = requestAnimationFrame(() => {
      this.scheduled = 0;
      this.checkWindow();
    });
  };

  constructor(private readonly chart: IChartApi) {
    chart.timeScale().subscribeVisibleLogicalRangeChange(this.onRange);
  }

  /** The window the library holds (for the panel's data attributes and the benchmarks). */
  get current(): Readonly<WindowState> {
    return this.window;
  }

  /** Sets the series objects (after the panel (re)creates them). */
  setSeries(series: ViewportSeries | null): void {
    this.series = series;
  }

  /** Sets the indicator lines. */
  setOverlays(overlays: OverlaySeries[]): void {
    this.overlays = overlays;
  }

  /** Sets the trend lines and draws them in the current window. */
  setTrends(trends: TrendSeries[]): void {
    this.trends = trends;
    this.drawTrends();
  }

  /**
   * Calls `listener` whenever the bar times the library holds change (a new window, a new live
   * bucket), so things placed on bar times (fill markers) follow the window.
   */
  setWindowListener(listener: ((window: Readonly<WindowState>) => void) | null): void {
    this.windowListener = listener;
  }

  /**
   * Calls `listener` with the bars in view after the view moves (at most once per animation
   * frame) and on notifyRange(), so the panel can page older history in.
   */
  setRangeListener(listener: ((view: VisibleBars) => void) | null): void {
    this.rangeListener = listener;
  }

  /** Reports the bars in view to the range listener now. */
  notifyRange(): void {
    const view = this.visibleBars();
    if (view) this.rangeListener?.(view);
  }

  /**
   * Takes `count` bars prepended to the series (BarColumns.prepend) and indicators recomputed
   * over it: the window is re-sliced at the same bucket and the view shifted by the buckets that
   * came before the bars in view, so what the trader sees does not move.
   */
  prepended(count: number): void {
    const bars = this.bars;
    if (!bars || count <= 0) return;
    const old = { ...this.window, times: this.window.times };
    this.window.from += count;
    this.window.to += count;
    const range = this.chart.timeScale().getVisibleLogicalRange();
    if (!range || old.count === 0) {
      this.refresh();
      return;
    }
    // A bucket time in view that both windows hold (the re-slice is planned around the view).
    const anchor = old.times[Math.min(old.count - 1, Math.max(0, Math.ceil(range.from)))]!;
    const fromTime = timeAtLogical(old, range.from);
    const toTime = timeAtLogical(old, range.to);
    this.apply(planWindow(bars, this.baseSeconds, fromTime, toTime, this.chart.timeScale().width() || 800, old.bucketSeconds), null);
    const shift = logicalAtTime(this.window, anchor) - logicalAtTime(old, anchor);
    this.setRange(range.from + shift, range.to + shift);
  }

  /** Loads a new full series and shows its newest `visibleBars` bars. */
  load(bars: BarColumns, baseSeconds: number, visibleBars = 160): void {
    this.bars = bars;
    this.baseSeconds = baseSeconds;
    const n = bars.length;
    if (n === 0) {
      this.apply({ from: 0, to: 0, bucketSeconds: baseSeconds }, null);
      return;
    }
    const first = bars.time[Math.max(0, n - visibleBars)]!;
    const plan = planWindow(bars, baseSeconds, first, bars.time[n - 1]!, this.chart.timeScale().width() || 800);
    this.apply(plan, null);
    const count = this.window.count;
    const shown = Math.min(visibleBars, count);
    this.setRange(count - shown, count + 4);
  }

  /** Shows the whole series (aggregated to the pixels). */
  showAll(): void {
    const bars = this.bars;
    if (!bars || bars.length === 0) return;
    const times = [bars.time[0]!, bars.time[bars.length - 1]!];
    this.apply(planWindow(bars, this.baseSeconds, times[0]!, times[1]!, this.chart.timeScale().width() || 800), times);
  }

  /** Redraws the current window (after a style, volume or indicator change), keeping the view. */
  refresh(): void {
    if (!this.bars) return;
    const range = this.chart.timeScale().getVisibleLogicalRange();
    const times = range ? [timeAtLogical(this.window, range.from), timeAtLogical(this.window, range.to)] : null;
    this.apply({ from: this.window.from, to: this.window.to, bucketSeconds: this.window.bucketSeconds }, times);
  }

  /**
   * Draws live changes: the bars from `previousLength - 1` to the end (the old last bar may have
   * changed, newer ones were appended). Only touches the last bucket(s), through update().
   */
  live(previousLength: number): void {
    const bars = this.bars;
    const series = this.series;
    if (!bars || !series || this.window.to < previousLength || bars.length === 0) return;
    const bucket = this.window.bucketSeconds;
    const aggregated = bucket > this.baseSeconds;
    let index = Math.max(0, previousLength - 1);
    while (index < bars.length) {
      const start = aggregated ? bucketStart(bars, index, bucket) : index;
      let end = index + 1;
      if (aggregated) {
        const key = Math.floor(bars.time[index]! / bucket);
        while (end < bars.length && Math.floor(bars.time[end]! / bucket) === key) end += 1;
      }
      const time = aggregated ? Math.floor(bars.time[index]! / bucket) * bucket : bars.time[index]!;
      this.drawBucket(aggregateRange(bars, start, end, time), end - 1);
      index = end;
    }
    this.window.to = bars.length;
  }

  /** Stops listening to the chart. */
  dispose(): void {
    this.chart.timeScale().unsubscribeVisibleLogicalRangeChange(this.onRange);
    if (this.scheduled) cancelAnimationFrame(this.scheduled);
    this.scheduled = 0;
  }

  private visibleBars(): VisibleBars | null {
    const bars = this.bars;
    const range = this.chart.timeScale().getVisibleLogicalRange();
    if (!bars || !range || this.window.count === 0) return null;
    const first = range.from < 0 && this.window.from === 0 ? -1 : bars.indexAtOrBefore(timeAtLogical(this.window, range.from));
    const last = bars.indexAtOrBefore(timeAtLogical(this.window, range.to));
    return { first, count: Math.max(0, last - Math.max(0, first) + 1), firstTime: bars.time[Math.max(0, first)]! };
  }

  private checkWindow(): void {
    const bars = this.bars;
    const range = this.chart.timeScale().getVisibleLogicalRange();
    if (!bars || !range || !this.series) return;
    this.notifyRange();
    const width = this.chart.timeScale().width();
    if (!needsRewindow(this.window, bars.length, this.baseSeconds, range.from, range.to, width)) return;
    const fromTime = timeAtLogical(this.window, range.from);
    const toTime = timeAtLogical(this.window, range.to);
    this.apply(planWindow(bars, this.baseSeconds, fromTime, toTime, width), [fromTime, toTime]);
  }

  private apply(plan: { from: number; to: number; bucketSeconds: number }, keepTimes: number[] | null): void {
    const bars = this.bars;
    const series = this.series;
    if (!bars) return;
    this.applying = true;
    try {
      const window = decimate(bars, plan.from, plan.to, plan.bucketSeconds, this.baseSeconds);
      this.window = { from: window.from, to: window.to, bucketSeconds: window.bucketSeconds, times: Array.from(window.time), count: window.count };
      if (series) {
        const data: unknown[] = new Array(window.count);
        const line = series.style === 'line' || series.style === 'area';
        for (let k = 0; k < window.count; k++) {
          data[k] = line
            ? { time: seconds(window.time[k]!), value: window.close[k]! }
            : { time: seconds(window.time[k]!), open: window.open[k]!, high: window.high[k]!, low: window.low[k]!, close: window.close[k]! };
        }
        series.main.setData(data as Parameters<ISeriesApi<SeriesType>['setData']>[0]);
        if (series.volume) {
          const volume = new Array<{ time: UTCTimestamp; value: number; color: string }>(window.count);
          for (let k = 0; k < window.count; k++) {
            volume[k] = { time: seconds(window.time[k]!), value: window.volume[k]!, color: window.close[k]! >= window.open[k]! ? series.volumeColors.up : series.volumeColors.down };
          }
          series.volume.setData(volume);
        }
      }
      for (const overlay of this.overlays) {
        const values = overlay.indicator.values[overlay.line]!;
        const points: Array<{ time: UTCTimestamp; value: number }> = [];
        for (let k = 0; k < window.count; k++) {
          const value = values[window.last[k]!]!;
          if (Number.isFinite(value)) points.push({ time: seconds(window.time[k]!), value });
        }
        overlay.series.setData(points);
      }
      this.drawTrends();
      this.windowListener?.(this.window);
      if (keepTimes) this.setRange(logicalAtTime(this.window, keepTimes[0]!), logicalAtTime(this.window, keepTimes[1]!));
    } finally {
      this.applying = false;
    }
  }

  private drawBucket(bar: BucketBar, lastRaw: number): void {
    const series = this.series!;
    const time = seconds(bar.time);
    const line = series.style === 'line' || series.style === 'area';
    series.main.update(line ? { time, value: bar.close } : { time, open: bar.open, high: bar.high, low: bar.low, close: bar.close });
    series.volume?.update({ time, value: bar.volume, color: bar.close >= bar.open ? series.volumeColors.up : series.volumeColors.down });
    for (const overlay of this.overlays) {
      const value = overlay.indicator.values[overlay.line]![lastRaw]!;
      if (Number.isFinite(value)) overlay.series.update({ time, value });
    }
    const times = this.window.times;
    if (times.length === 0 || bar.time > times[times.length - 1]!) {
      times.push(bar.time);
      this.window.count = times.length;
      this.windowListener?.(this.window);
    }
  }

  private drawTrends(): void {
    for (const trend of this.trends) {
      trend.series.setData(clipSegment(this.window, trend.from, trend.to).map((point) => ({ time: seconds(point.time), value: point.value })));
    }
  }

  private setRange(from: number, to: number): void {
    this.applying = true;
    try {
      this.chart.timeScale().setVisibleLogicalRange({ from, to });
    } finally {
      this.applying = false;
    }
  }
}
