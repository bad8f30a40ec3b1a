// Decimation for the chart: the bars of a window of the full series, aggregated on the fly into
// a coarser timeframe when more bars are in view than there are pixels to draw them (a zoomed-out
// million 1-minute bars become a few thousand 4-hour bars, exactly as a 4h chart would show
// them). Buckets are aligned to multiples of their length in UTC (a 1h bucket starts on the
// hour), so panning never reshuffles bars between buckets. Invariants: a bucket holds the raw
// bars with floor(time / bucket) equal; open = first open, close = last close, high/low =
// extremes, volume = sum; `last[k]` is the raw index of bucket k's last bar, where overlays
// (indicators computed on the full series) are sampled.
import type { BarColumns } from './bar-columns.js';

/** Bucket lengths the chart aggregates into, in seconds: the usual chart timeframes. */
export const TIMEFRAME_LADDER: readonly number[] = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14_400, 21_600, 43_200, 86_400, 172_800, 604_800, 2_592_000, 7_776_000, 31_536_000,
];

/** Bars of a window, one per bucket, in columns ready for the drawing library. */
export interface DecimatedBars {
  /** Bucket length in seconds (the base interval when not aggregated). */
  bucketSeconds: number;
  /** Whether buckets aggregate raw bars (false: one raw bar per bucket). */
  aggregated: boolean;
  /** Raw index range [from, to) the window covers. */
  from: number;
  to: number;
  count: number;
  time: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
  /** Raw index of each bucket's last bar. */
  last: Int32Array;
}

/**
 * The finest bucket (a multiple of `baseSeconds` from the ladder, or `baseSeconds` itself) that
 * fits `spanSeconds` of history into at most `maxBars` bars.
 */
export function bucketFor(baseSeconds: number, spanSeconds: number, maxBars: number): number {
  if (spanSeconds / baseSeconds <= maxBars) return baseSeconds;
  for (const step of TIMEFRAME_LADDER) {
    if (step > baseSeconds && step % baseSeconds === 0 && spanSeconds / step <= maxBars) return step;
  }
  return TIMEFRAME_LADDER[TIMEFRAME_LADDER.length - 1]!;
}

/** Aggregates raw bars [from, to) into buckets of `bucketSeconds` (no copy of prices when base). */
export function decimate(bars: BarColumns, from: number, to: number, bucketSeconds: number, baseSeconds: number): DecimatedBars {
  const start = Math.max(0, from);
  const end = Math.min(bars.length, to);
  if (bucketSeconds <= baseSeconds) {
    const last = new Int32Array(Math.max(0, end - start));
    for (let k = 0; k < last.length; k++) last[k] = start + k;
    return {
      bucketSeconds: baseSeconds,
      aggregated: false,
      from: start,
      to: end,
      count: last.length,
      time: bars.time.subarray(start, end),
      open: bars.open.subarray(start, end),
      high: bars.high.subarray(start, end),
      low: bars.low.subarray(start, end),
      close: bars.close.subarray(start, end),
      volume: bars.volume.subarray(start, end),
      last,
    };
  }
  // Upper bound on buckets: one per raw bar, or one per bucket of the window's span.
  const span = end > start ? bars.time[end - 1]! - bars.time[start]! : 0;
  const capacity = Math.max(0, Math.min(end - start, Math.floor(span / bucketSeconds) + 2));
  const out = {
    time: new Float64Array(capacity),
    open: new Float64Array(capacity),
    high: new Float64Array(capacity),
    low: new Float64Array(capacity),
    close: new Float64Array(capacity),
    volume: new Float64Array(capacity),
    last: new Int32Array(capacity),
  };
  let k = -1;
  let bucket = NaN;
  for (let i = start; i < end; i++) {
    const key = Math.floor(bars.time[i]! / bucketSeconds);
    if (key !== bucket) {
      bucket = key;
      k += 1;
      out.time[k] = key * bucketSeconds;
      out.open[k] = bars.open[i]!;
      out.high[k] = bars.high[i]!;
      out.low[k] = bars.low[i]!;
      out.volume[k] = 0;
    } else {
      if (bars.high[i]! > out.high[k]!) out.high[k] = bars.high[i]!;
      if (bars.low[i]! < out.low[k]!) out.low[k] = bars.low[i]!;
    }
    out.close[k] = bars.close[i]!;
    out.volume[k] = out.volume[k]! + bars.volume[i]!;
    out.last[k] = i;
  }
  const count = k + 1;
  return {
    bucketSeconds,
    aggregated: true,
    from: start,
    to: end,
    count,
    time: out.time.subarray(0, count),
    open: out.open.subarray(0, count),
    high: out.high.subarray(0, count),
    low: out.low.subarray(0, count),
    close: out.close.subarray(0, count),
    volume: out.volume.subarray(0, count),
    last: out.last.subarray(0, count),
  };
}

/** Raw index of the first bar of the bucket that holds raw bar `index`. */
export function bucketStart(bars: BarColumns, index: number, bucketSeconds: number): number {
  const key = Math.floor(bars.time[index]! / bucketSeconds);
  let first = index;
  while (first > 0 && Math.floor(bars.time[first - 1]! / bucketSeconds) === key) first -= 1;
  return first;
}

/** One aggregated bar of raw bars [from, to). */
export interface BucketBar {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** Aggregates raw bars [from, to) (one bucket) into a bar stamped `time`. */
export function aggregateRange(bars: BarColumns, from: number, to: number, time: number): BucketBar {
  let high = -Infinity;
  let low = Infinity;
  let volume = 0;
  for (let i = from; i < to; i++) {
    if (bars.high[i]! > high) high = bars.high[i]!;
    if (bars.low[i]! < low) low = bars.low[i]!;
    volume += bars.volume[i]!;
  }
  return { time, open: bars.open[from]!, high, low, close: bars.close[to - 1]!, volume };
}
