// Indicators over the chart's full series (not the drawn window), with an O(1) live update of the
// forming bar. Each indicator runs the shared library's streaming class (the batch functions are
// built on the same streams, so values are bit-identical to sma(), ema(), …): the stream is fed
// every complete bar once and kept as the committed state; the forming (last) bar is evaluated on
// a copy of that state, so a changing last bar never pollutes the history, and a new bar commits
// the previous one. Invariants: outputs are aligned to the bars (NaN during the lookback);
// `committed` has consumed bars [0, committedThrough]; bars prepended to the series (older
// history) need reset(), a full recomputation, since every later value may depend on them.
// Known limit: the state copy duplicates the streams' own fields (plain data, typed arrays, the
// VWAP session function by reference); a stream with truly private (#) state would not copy —
// the tests compare every kind with the batch functions after live updates, so such a change
// fails there.
import { BollingerBandsStream, EmaStream, MacdStream, RsiStream, SmaStream, VwapStream } from '@kestrel/shared';
import type { IndicatorSpec } from '../workspace/panel-params.js';
import type { BarColumns } from './bar-columns.js';

/** One output line of an indicator. */
export interface IndicatorLine {
  key: string;
  label: string;
  /** Over the price, or in a pane of its own. */
  pane: 'price' | 'separate';
  style: 'line' | 'histogram';
}

/** Default period of each indicator. */
export const DEFAULT_PERIODS: Readonly<Record<IndicatorSpec['kind'], number>> = { sma: 20, ema: 20, bollinger: 20, vwap: 0, rsi: 14, macd: 0 };

interface Kernel<S> {
  lines: IndicatorLine[];
  create(): S;
  /** Feeds bars [from, to) in order and writes each line's values at them into `out`. */
  run(state: S, bars: BarColumns, from: number, to: number, out: Float64Array[]): void;
}

// One loop per kind (not a callback per bar): a million bars go through in one monomorphic loop.
function kernelOf(spec: IndicatorSpec): Kernel<object> {
  const period = spec.period ?? DEFAULT_PERIODS[spec.kind];
  const single = (label: string, pane: IndicatorLine['pane']): IndicatorLine[] => [{ key: spec.id, label, pane, style: 'line' }];
  const closes = <S extends { update(value: number): number }>(lines: IndicatorLine[], create: () => S): Kernel<object> => ({
    lines,
    create,
    run: (state, bars, from, to, out) => {
      const stream = state as S;
      const close = bars.close;
      const values = out[0]!;
      for (let i = from; i < to; i++) values[i] = stream.update(close[i]!);
    },
  });
  switch (spec.kind) {
    case 'sma':
      return closes(single(`SMA ${period}`, 'price'), () => new SmaStream({ period }));
    case 'ema':
      return closes(single(`EMA ${period}`, 'price'), () => new EmaStream({ period }));
    case 'rsi':
      return closes(single(`RSI ${period}`, 'separate'), () => new RsiStream({ period }));
    case 'vwap':
      return {
        lines: single('VWAP', 'price'),
        create: () => new VwapStream(),
        run: (state, bars, from, to, out) => {
          const stream = state as VwapStream;
          const values = out[0]!;
          for (let i = from; i < to; i++) values[i] = stream.update(bars.time[i]! * 1000, bars.high[i]!, bars.low[i]!, bars.close[i]!, bars.volume[i]!);
        },
      };
    case 'bollinger':
      return {
        lines: [
          { key: `${spec.id}.upper`, label: `BB ${period} upper`, pane: 'price', style: 'line' },
          { key: `${spec.id}.middle`, label: `BB ${period}`, pane: 'price', style: 'line' },
          { key: `${spec.id}.lower`, label: `BB ${period} lower`, pane: 'price', style: 'line' },
        ],
        create: () => new BollingerBandsStream({ period, deviationsUp: 2, deviationsDown: 2 }),
        run: (state, bars, from, to, out) => {
          const stream = state as BollingerBandsStream;
          const [upper, middle, lower] = out as [Float64Array, Float64Array, Float64Array];
          for (let i = from; i < to; i++) {
            stream.update(bars.close[i]!);
            upper[i] = stream.upper;
            middle[i] = stream.middle;
            lower[i] = stream.lower;
          }
        },
      };
    case 'macd':
      return {
        lines: [
          { key: `${spec.id}.macd`, label: 'MACD', pane: 'separate', style: 'line' },
          { key: `${spec.id}.signal`, label: 'Signal', pane: 'separate', style: 'line' },
          { key: `${spec.id}.histogram`, label: 'Histogram', pane: 'separate', style: 'histogram' },
        ],
        create: () => new MacdStream({ fastPeriod: 12, slowPeriod: 26, signalPeriod: 9 }),
        run: (state, bars, from, to, out) => {
          const stream = state as MacdStream;
          const [line, signal, histogram] = out as [Float64Array, Float64Array, Float64Array];
          for (let i = from; i < to; i++) {
            stream.update(bars.close[i]!);
            line[i] = stream.macd;
            signal[i] = stream.signal;
            histogram[i] = stream.histogram;
          }
        },
      };
  }
}

/** An indicator's values over the full series, kept current as live bars arrive. */
export class LiveIndicator {
  readonly lines: IndicatorLine[];
  /** One array per line, aligned to the bars (valid up to the series length). */
  values: Float64Array[];
  private readonly kernel: Kernel<object>;
  private committed: object;
  private committedThrough = -1;

  constructor(spec: IndicatorSpec, bars: BarColumns) {
    this.kernel = kernelOf(spec);
    this.lines = this.kernel.lines;
    this.committed = this.kernel.create();
    this.values = this.lines.map(() => new Float64Array(bars.time.length));
    this.sync(bars);
  }

  /**
   * Recomputes the values over the whole series from a fresh state: for a series that changed
   * before its end (an older history page prepended), where the committed state no longer fits.
   */
  reset(bars: BarColumns): void {
    this.committed = this.kernel.create();
    this.committedThrough = -1;
    this.values = this.lines.map(() => new Float64Array(bars.time.length));
    this.sync(bars);
  }

  /** Brings the values up to the series (new complete bars fed once, the last bar re-evaluated). */
  sync(bars: BarColumns): void {
    if (this.values[0] && this.values[0].length < bars.time.length) {
      this.values = this.values.map((old) => {
        const grown = new Float64Array(bars.time.length);
        grown.set(old);
        return grown;
      });
    }
    const lastIndex = bars.length - 1;
    if (this.committedThrough + 1 < lastIndex) this.kernel.run(this.committed, bars, this.committedThrough + 1, lastIndex, this.values);
    this.committedThrough = Math.max(this.committedThrough, lastIndex - 1);
    if (lastIndex >= 0) this.kernel.run(copyState(this.committed), bars, lastIndex, lastIndex + 1, this.values);
  }

  /** Finite points and the last value of each line (what the panel reports). */
  summary(length: number): Record<string, { points: number; last: number | null }> {
    const result: Record<string, { points: number; last: number | null }> = {};
    this.lines.forEach((line, index) => {
      const values = this.values[index]!;
      let points = 0;
      let last: number | null = null;
      for (let i = 0; i < length; i++) {
        if (Number.isFinite(values[i]!)) {
          points += 1;
          last = values[i]!;
        }
      }
      result[line.key] = { points, last };
    });
    return result;
  }
}

/** A deep copy of a stream's state that keeps each object's prototype (so its methods still work). */
export function copyState<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (ArrayBuffer.isView(value)) return (value as unknown as Float64Array).slice() as T;
  if (Array.isArray(value)) return value.map((each: unknown) => copyState(each)) as T;
  const copy = Object.create(Object.getPrototypeOf(value) as object) as Record<string, unknown>;
  for (const key of Object.keys(value)) copy[key] = copyState((value as Record<string, unknown>)[key]);
  return copy as T;
}
