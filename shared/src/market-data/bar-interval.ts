// The bar intervals every market-data producer and consumer shares, and how a time falls into a
// bar. Invariants: buckets are aligned to the Unix epoch in UTC, so a `1d` bar is a UTC calendar
// day and a `1h` bar starts on the hour; every interval is a whole multiple of the one it rolls
// up from (ROLLUP_SOURCE), so a coarser bar is exactly the combination of the finer bars inside
// it. Times are integer microseconds since the epoch (safe integers until the year 2255).
// Known limit: no session-aligned days (a `1d` bar of a venue in UTC-5 spans two local days'
// trading only when the session crosses midnight UTC).
import { literalUnion } from '../trading/primitives.js';

/** Supported bar intervals, finest first. */
export const BAR_INTERVALS = ['1s', '1m', '5m', '15m', '1h', '1d'] as const;
/** One bar interval. */
export type BarInterval = (typeof BAR_INTERVALS)[number];

/** Schema of a bar interval. */
export const BarIntervalSchema = literalUnion(BAR_INTERVALS, { description: 'Bar interval (epoch-aligned UTC buckets)' });

/** Length of each interval in microseconds. */
export const BAR_INTERVAL_MICROS: Readonly<Record<BarInterval, number>> = {
  '1s': 1_000_000,
  '1m': 60_000_000,
  '5m': 300_000_000,
  '15m': 900_000_000,
  '1h': 3_600_000_000,
  '1d': 86_400_000_000,
};

/** The finer interval each coarser interval is rolled up from (`1s` comes from trades). */
export const ROLLUP_SOURCE: Readonly<Record<Exclude<BarInterval, '1s'>, BarInterval>> = {
  '1m': '1s',
  '5m': '1m',
  '15m': '5m',
  '1h': '15m',
  '1d': '1h',
};

/** True when `value` names a bar interval. */
export function isBarInterval(value: string): value is BarInterval {
  return (BAR_INTERVALS as readonly string[]).includes(value);
}

/** Start (µs) of the bar of `interval` that contains `timeMicros`; correct before 1970 too. */
export function barStart(timeMicros: number, interval: BarInterval): number {
  const length = BAR_INTERVAL_MICROS[interval];
  return Math.floor(timeMicros / length) * length;
}

/** True when `timeMicros` is the first instant of a bar of `interval`. */
export function isBarAligned(timeMicros: number, interval: BarInterval): boolean {
  return barStart(timeMicros, interval) === timeMicros;
}
