// The chart's full bar series, stored column by column in typed arrays (time in UTC seconds,
// prices in display units, volume in lots), so a million bars cost eight doubles each and no
// object per bar. The drawing library never sees this series: it gets a window of it, decimated
// to the zoom level (bar-decimation.ts). Invariants: times strictly increase; `length` bars are
// valid, the arrays beyond it are spare capacity; a live bar replaces the bar of its time or is
// appended after the last one (an older live bar is ignored: that bar is final in the history);
// an older history page is prepended, only its bars before the first one (so a page that overlaps
// what is loaded adds no duplicate). The columns may be views into larger buffers with room in
// front (left by prepend, which then copies nothing); the arrays' `length` is the capacity from
// the first bar.
// Prices are display values only (tick × tick size, the nearest double to the exact decimal):
// orders never take prices from the chart, drawings are stored back in ticks.
import type { Bar } from '../../api/market-data-api.js';
import { tickDecimals } from './chart-model.js';

/** What a live bar did to the series. */
export type LiveChange = 'none' | 'update' | 'append';

const COLUMNS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;
type Column = (typeof COLUMNS)[number];

/** A bar series in columns. */
export class BarColumns {
  time: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
  /** Number of valid bars. */
  length = 0;
  /** Converts whole ticks to the display price (exact decimal, correctly rounded). */
  readonly price: (ticks: number) => number;

  constructor(tickSize: string, capacity = 1024) {
    const decimals = tickDecimals(tickSize);
    const scale = 10 ** decimals;
    // The tick size in units of 10^-decimals is an integer, so ticks × it is exact and one
    // division by a power of ten gives the double nearest to the decimal price.
    const tickUnits = Math.round(Number(tickSize) * scale);
    this.price = (ticks) => (ticks * tickUnits) / scale;
    this.time = new Float64Array(capacity);
    this.open = new Float64Array(capacity);
    this.high = new Float64Array(capacity);
    this.low = new Float64Array(capacity);
    this.close = new Float64Array(capacity);
    this.volume = new Float64Array(capacity);
  }

  /** Columns holding `bars` (API bars, oldest first, in ticks). */
  static fromApiBars(bars: readonly Bar[], tickSize: string): BarColumns {
    const columns = new BarColumns(tickSize, Math.max(1024, bars.length + 1024));
    const times = new IsoSeconds();
    const { time, open, high, low, close, volume, price } = columns;
    // One tight loop over the columns (a million bars: no call per bar besides the time parse).
    for (let i = 0; i < bars.length; i++) {
      const bar = bars[i]!;
      time[i] = times.parse(bar.time);
      open[i] = price(bar.open);
      high[i] = price(bar.high);
      low[i] = price(bar.low);
      close[i] = price(bar.close);
      volume[i] = bar.volumeLots;
    }
    columns.length = bars.length;
    return columns;
  }

  /** Merges live API bars (oldest first); returns the strongest change ('append' over 'update'). */
  mergeLive(bars: readonly Bar[]): LiveChange {
    let change: LiveChange = 'none';
    const times = new IsoSeconds();
    for (const bar of bars) {
      const time = times.parse(bar.time);
      const last = this.length - 1;
      if (last < 0 || time > this.time[last]!) {
        this.put(time, bar);
        change = 'append';
      } else if (time === this.time[last]) {
        const open = this.price(bar.open);
        const high = this.price(bar.high);
        const low = this.price(bar.low);
        const close = this.price(bar.close);
        if (open !== this.open[last] || high !== this.high[last] || low !== this.low[last] || close !== this.close[last] || bar.volumeLots !== this.volume[last]) {
          this.write(last, time, open, high, low, close, bar.volumeLots);
          if (change === 'none') change = 'update';
        }
      }
    }
    return change;
  }

  /**
   * Puts older API bars (oldest first) in front of the series; bars at or after the current first
   * bar, or out of order, are skipped. Returns how many bars were added (indices shift by it).
   */
  prepend(bars: readonly Bar[]): number {
    const times = new IsoSeconds();
    const first = this.length > 0 ? this.time[0]! : Infinity;
    const kept: Array<{ time: number; bar: Bar }> = [];
    for (const bar of bars) {
      const time = times.parse(bar.time);
      if (time < first && (kept.length === 0 || time > kept[kept.length - 1]!.time)) kept.push({ time, bar });
    }
    const added = kept.length;
    if (added === 0) return 0;
    const headroom = this.time.byteOffset / Float64Array.BYTES_PER_ELEMENT;
    if (headroom >= added) {
      // Room in front: widen each column's view backwards, nothing is copied.
      for (const column of COLUMNS) {
        const current = this[column as Column];
        this[column as Column] = new Float64Array(current.buffer, current.byteOffset - added * Float64Array.BYTES_PER_ELEMENT, current.length + added);
      }
    } else {
      // New buffers with as much room in front as the series holds, so the copy is amortised
      // over the next pages (each bar is copied O(1) times on average).
      const front = added + Math.max(added, this.length);
      const spare = Math.max(1024, this.time.length - this.length);
      for (const column of COLUMNS) {
        const buffer = new Float64Array(front + this.length + spare);
        buffer.set(this[column as Column].subarray(0, this.length), front);
        this[column as Column] = buffer.subarray(front - added);
      }
    }
    for (let i = 0; i < added; i++) {
      const { time, bar } = kept[i]!;
      this.write(i, time, this.price(bar.open), this.price(bar.high), this.price(bar.low), this.price(bar.close), bar.volumeLots);
    }
    this.length += added;
    return added;
  }

  /** Index of the last bar with time <= `time` (-1 when every bar is later). */
  indexAtOrBefore(time: number): number {
    let low = 0;
    let high = this.length - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      if (this.time[middle]! <= time) {
        found = middle;
        low = middle + 1;
      } else high = middle - 1;
    }
    return found;
  }

  private put(time: number, bar: Bar): void {
    if (this.length === this.time.length) this.grow();
    this.write(this.length, time, this.price(bar.open), this.price(bar.high), this.price(bar.low), this.price(bar.close), bar.volumeLots);
    this.length += 1;
  }

  private write(index: number, time: number, open: number, high: number, low: number, close: number, volume: number): void {
    this.time[index] = time;
    this.open[index] = open;
    this.high[index] = high;
    this.low[index] = low;
    this.close[index] = close;
    this.volume[index] = volume;
  }

  private grow(): void {
    const capacity = Math.max(1024, this.time.length * 2);
    for (const column of COLUMNS) {
      const next = new Float64Array(capacity);
      next.set(this[column as Column]);
      this[column as Column] = next;
    }
  }
}

/**
 * ISO-8601 UTC timestamps ("2024-01-02T09:30:00.000Z", as the API writes them) to epoch seconds,
 * with the calendar day parsed once per day: Date.parse on a million strings costs about a
 * second, this a few tens of milliseconds. Any other shape falls back to Date.parse.
 */
export class IsoSeconds {
  private dayPrefix = '';
  private dayMs = 0;

  /** Epoch seconds (floored) of an ISO timestamp. */
  parse(text: string): number {
    if (text.length !== 24 || text.charCodeAt(10) !== 84 /* T */ || text.charCodeAt(23) !== 90 /* Z */) return Math.floor(Date.parse(text) / 1000);
    if (!text.startsWith(this.dayPrefix) || this.dayPrefix === '') {
      this.dayPrefix = text.slice(0, 11);
      this.dayMs = Date.parse(`${this.dayPrefix}00:00:00.000Z`);
    }
    const hours = digits2(text, 11);
    const minutes = digits2(text, 14);
    const secondsOfMinute = digits2(text, 17);
    if (Number.isNaN(this.dayMs) || hours > 23 || minutes > 59 || secondsOfMinute > 59 || Number.isNaN(hours + minutes + secondsOfMinute)) {
      return Math.floor(Date.parse(text) / 1000);
    }
    return this.dayMs / 1000 + hours * 3600 + minutes * 60 + secondsOfMinute;
  }
}

function digits2(text: string, at: number): number {
  const tens = text.charCodeAt(at) - 48;
  const ones = text.charCodeAt(at + 1) - 48;
  return tens >= 0 && tens <= 9 && ones >= 0 && ones <= 9 ? tens * 10 + ones : NaN;
}
