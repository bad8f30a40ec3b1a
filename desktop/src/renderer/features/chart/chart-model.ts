// The chart's data, kept apart from the drawing library: bars in ticks as the API sends them,
// converted once to the chart's time (UTC seconds) and price (tick × tickSize, a display value
// only — orders never take prices from the chart's floats, drawings are stored back in ticks),
// merged with live bars, and the indicators computed with the shared library (@kestrel/shared
// indicators, TA-Lib parity) over the same closes. Invariants: the series stays sorted by time
// with unique times (a live bar replaces the bar of its time or is appended after the last);
// indicator outputs are aligned to the bars (NaN during the lookback, omitted from the chart).
import { bollingerBands, ema, macd, rsi, sma, vwap } from '@kestrel/shared';
import type { Bar } from '../../api/market-data-api.js';
import type { IndicatorSpec } from '../workspace/panel-params.js';

/** A bar in chart units. */
export interface ChartBar {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** Decimal places of a tick size ("0.01" → 2). */
export function tickDecimals(tickSize: string): number {
  const dot = tickSize.indexOf('.');
  return dot < 0 ? 0 : tickSize.length - dot - 1;
}

/** Converts API bars (ticks, ISO times) to chart bars. */
export function toChartBars(bars: readonly Bar[], tickSize: string): ChartBar[] {
  const tick = Number(tickSize);
  const decimals = tickDecimals(tickSize);
  const price = (ticks: number) => Number((ticks * tick).toFixed(decimals));
  return bars.map((bar) => ({
    time: Math.floor(Date.parse(bar.time) / 1000),
    open: price(bar.open),
    high: price(bar.high),
    low: price(bar.low),
    close: price(bar.close),
    volume: bar.volumeLots,
  }));
}

/** A chart price back in whole ticks (for drawings and click-to-trade). */
export function priceToTicks(price: number, tickSize: string): number {
  return Math.round(price / Number(tickSize));
}

/** Merges live bars into a sorted series; returns what changed ('none', 'last' updated, or 'append'). */
export function mergeLiveBars(series: ChartBar[], live: readonly ChartBar[]): Array<{ kind: 'update' | 'append'; bar: ChartBar }> {
  const changes: Array<{ kind: 'update' | 'append'; bar: ChartBar }> = [];
  for (const bar of live) {
    const last = series[series.length - 1];
    if (!last || bar.time > last.time) {
      series.push(bar);
      changes.push({ kind: 'append', bar });
    } else if (bar.time === last.time) {
      if (last.open !== bar.open || last.high !== bar.high || last.low !== bar.low || last.close !== bar.close || last.volume !== bar.volume) {
        series[series.length - 1] = bar;
        changes.push({ kind: 'update', bar });
      }
    }
    // Older than the last bar: already final in the loaded history.
  }
  return changes;
}

/** One output line of an indicator. */
export interface IndicatorLine {
  key: string;
  label: string;
  /** Which pane: 0 = over the price, 1+ = its own pane. */
  pane: 'price' | 'separate';
  style: 'line' | 'histogram';
  values: Float64Array;
}

/** Default period of each indicator. */
export const DEFAULT_PERIODS: Readonly<Record<IndicatorSpec['kind'], number>> = { sma: 20, ema: 20, bollinger: 20, vwap: 0, rsi: 14, macd: 0 };

/** Computes an indicator over chart bars. */
export function computeIndicator(spec: IndicatorSpec, bars: readonly ChartBar[]): IndicatorLine[] {
  const close = Float64Array.from(bars, (bar) => bar.close);
  const period = spec.period ?? DEFAULT_PERIODS[spec.kind];
  switch (spec.kind) {
    case 'sma':
      return [{ key: spec.id, label: `SMA ${period}`, pane: 'price', style: 'line', values: sma(close, { period }) }];
    case 'ema':
      return [{ key: spec.id, label: `EMA ${period}`, pane: 'price', style: 'line', values: ema(close, { period }) }];
    case 'bollinger': {
      const bands = bollingerBands(close, { period, deviationsUp: 2, deviationsDown: 2 });
      return [
        { key: `${spec.id}.upper`, label: `BB ${period} upper`, pane: 'price', style: 'line', values: bands.upper },
        { key: `${spec.id}.middle`, label: `BB ${period}`, pane: 'price', style: 'line', values: bands.middle },
        { key: `${spec.id}.lower`, label: `BB ${period} lower`, pane: 'price', style: 'line', values: bands.lower },
      ];
    }
    case 'vwap':
      return [
        {
          key: spec.id,
          label: 'VWAP',
          pane: 'price',
          style: 'line',
          values: vwap({
            timestamp: Float64Array.from(bars, (bar) => bar.time * 1000),
            high: Float64Array.from(bars, (bar) => bar.high),
            low: Float64Array.from(bars, (bar) => bar.low),
            close,
            volume: Float64Array.from(bars, (bar) => bar.volume),
          }),
        },
      ];
    case 'rsi':
      return [{ key: spec.id, label: `RSI ${period}`, pane: 'separate', style: 'line', values: rsi(close, { period }) }];
    case 'macd': {
      const series = macd(close, { fastPeriod: 12, slowPeriod: 26, signalPeriod: 9 });
      return [
        { key: `${spec.id}.macd`, label: 'MACD', pane: 'separate', style: 'line', values: series.macd },
        { key: `${spec.id}.signal`, label: 'Signal', pane: 'separate', style: 'line', values: series.signal },
        { key: `${spec.id}.histogram`, label: 'Histogram', pane: 'separate', style: 'histogram', values: series.histogram },
      ];
    }
  }
}

/** Line data for the chart: finite values only, with their bar times. */
export function lineData(bars: readonly ChartBar[], values: Float64Array): Array<{ time: number; value: number }> {
  const points: Array<{ time: number; value: number }> = [];
  for (let i = 0; i < bars.length; i++) {
    const value = values[i]!;
    if (Number.isFinite(value)) points.push({ time: bars[i]!.time, value });
  }
  return points;
}
