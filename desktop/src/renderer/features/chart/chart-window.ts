// Which slice of the full series the drawing library holds, and when to change it. The library
// is given the visible bars plus a margin on each side, at the finest timeframe that keeps at
// least MIN_SPACING pixels per bar; when the user scrolls near an edge of that slice or zooms so
// that bars get thinner than MIN_SPACING (or, when aggregated, wider than MAX_SPACING), the chart
// re-windows: new slice, same visible time range. Pure functions over times, so the policy is
// tested without a browser. Invariants: a planned window covers the visible bars and is aligned
// to bucket boundaries; after applying a plan, needsRewindow is false for the same view (no
// re-windowing loop).
import type { BarColumns } from './bar-columns.js';
import { bucketFor, TIMEFRAME_LADDER } from './bar-decimation.js';

/** Thinnest bar (pixels) before the chart switches to a coarser timeframe. */
export const MIN_SPACING = 1.5;
/**
 * Widest aggregated bar (pixels) before the chart switches to a finer timeframe: above
 * TARGET_SPACING × the largest ratio between neighbouring ladder steps (4.3), so a fresh plan
 * never qualifies at once.
 */
export const MAX_SPACING = 24;
/** Pixels per bar a new plan aims for (between the two limits, so a plan is stable). */
const TARGET_SPACING = 4;
/** Buckets kept on each side of the visible ones, at least. */
const MIN_MARGIN_BUCKETS = 400;

/** A raw index range and the bucket it is drawn at. */
export interface WindowPlan {
  from: number;
  to: number;
  bucketSeconds: number;
}

/** The current window as the library holds it. */
export interface WindowState {
  from: number;
  to: number;
  bucketSeconds: number;
  /** Bucket times of the window (what the library's logical indices point at). */
  times: ArrayLike<number>;
  count: number;
}

/**
 * Plans the window showing [fromTime, toTime] on a time scale `widthPixels` wide, at the bucket
 * that fits the pixels or at `keepBucket` (to change the slice without changing the zoom level).
 */
export function planWindow(bars: BarColumns, baseSeconds: number, fromTime: number, toTime: number, widthPixels: number, keepBucket?: number): WindowPlan {
  const n = bars.length;
  if (n === 0) return { from: 0, to: 0, bucketSeconds: baseSeconds };
  const first = Math.max(0, bars.indexAtOrBefore(fromTime));
  const last = Math.max(first, bars.indexAtOrBefore(toTime));
  const span = Math.max(baseSeconds, Math.min(toTime, bars.time[n - 1]! + baseSeconds) - Math.max(fromTime, bars.time[0]!));
  const bucketSeconds = keepBucket ?? bucketFor(baseSeconds, span, Math.max(10, widthPixels / TARGET_SPACING));
  const visible = last - first + 1;
  const margin = Math.max(visible, Math.ceil((MIN_MARGIN_BUCKETS * bucketSeconds) / baseSeconds));
  let from = Math.max(0, first - margin);
  let to = Math.min(n, last + 1 + margin);
  if (bucketSeconds > baseSeconds) {
    // Whole buckets only: the first and last bars drawn must not be partial aggregates.
    const startKey = Math.floor(bars.time[from]! / bucketSeconds);
    while (from > 0 && Math.floor(bars.time[from - 1]! / bucketSeconds) === startKey) from -= 1;
    const endKey = Math.floor(bars.time[to - 1]! / bucketSeconds);
    while (to < n && Math.floor(bars.time[to]! / bucketSeconds) === endKey) to += 1;
  }
  return { from, to, bucketSeconds };
}

/** Whether the view (logical range over the window, in pixels) calls for a new window. */
export function needsRewindow(window: WindowState, seriesLength: number, baseSeconds: number, logicalFrom: number, logicalTo: number, widthPixels: number): boolean {
  if (window.count === 0) return false;
  const spacing = widthPixels / Math.max(1e-9, logicalTo - logicalFrom);
  const coarsest = TIMEFRAME_LADDER[TIMEFRAME_LADDER.length - 1]!;
  if (spacing < MIN_SPACING && window.bucketSeconds < coarsest && !(window.from === 0 && window.to === seriesLength && window.count <= widthPixels / MIN_SPACING)) return true;
  if (window.bucketSeconds > baseSeconds && spacing > MAX_SPACING) return true;
  const edge = Math.max(20, (logicalTo - logicalFrom) / 4);
  if (window.from > 0 && logicalFrom < edge) return true;
  if (window.to < seriesLength && logicalTo > window.count - 1 - edge) return true;
  return false;
}

/** The time at a (fractional) logical index of the window; beyond its ends, one bucket per index. */
export function timeAtLogical(window: WindowState, logical: number): number {
  const { times, count, bucketSeconds } = window;
  if (count === 0) return 0;
  if (logical <= 0) return times[0]! + logical * bucketSeconds;
  if (logical >= count - 1) return times[count - 1]! + (logical - (count - 1)) * bucketSeconds;
  const index = Math.floor(logical);
  return times[index]! + (logical - index) * (times[index + 1]! - times[index]!);
}

/** The (fractional) logical index of a time in the window: the inverse of timeAtLogical. */
export function logicalAtTime(window: WindowState, time: number): number {
  const { times, count, bucketSeconds } = window;
  if (count === 0) return 0;
  if (time <= times[0]!) return (time - times[0]!) / bucketSeconds;
  if (time >= times[count - 1]!) return count - 1 + (time - times[count - 1]!) / bucketSeconds;
  let low = 0;
  let high = count - 1;
  while (high - low > 1) {
    const middle = (low + high) >>> 1;
    if (times[middle]! <= time) low = middle;
    else high = middle;
  }
  return low + (time - times[low]!) / (times[high]! - times[low]!);
}

/** A trend line's two points clipped to the window's times and snapped to its buckets. */
export function clipSegment(window: WindowState, a: { time: number; value: number }, b: { time: number; value: number }): Array<{ time: number; value: number }> {
  const { times, count } = window;
  if (count < 2 || a.time >= b.time) return [];
  const first = times[0]!;
  const last = times[count - 1]!;
  if (b.time < first || a.time > last) return [];
  const at = (time: number) => a.value + ((b.value - a.value) * (time - a.time)) / (b.time - a.time);
  const snap = (time: number) => times[Math.max(0, Math.floor(logicalAtTime(window, time) + 1e-9))]!;
  const start = snap(Math.max(a.time, first));
  const end = snap(Math.min(b.time, last));
  if (start >= end) return [];
  return [
    { time: start, value: at(start) },
    { time: end, value: at(end) },
  ];
}
