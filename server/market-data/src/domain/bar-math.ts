// How trades make a bar and how finer bars make a coarser one — the single definition shared by
// the live aggregator, the batch helpers and (mirrored in SQL) the bar materialiser. Invariants:
// open is the price of the earliest trade (ties: the first one seen), close the latest (ties: the
// last one seen); high/low are extremes; volume is Σ lots; tradeCount and the VWAP numerator
// Σ price × lots are exact integers, and unknown (null) as soon as one ingredient is unknown (an
// imported bar has neither). A bucket without trades produces no bar at all.
import { BAR_INTERVAL_MICROS, barStart, type BarInterval } from '@kestrel/shared';

/** A bar while it is being built or once built (times in µs since the epoch). */
export interface BarValues {
  startMicros: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volumeLots: number;
  tradeCount: number | null;
  vwapNumerator: bigint | null;
}

/** The fields of a trade a bar needs. */
export interface TradePrint {
  timeMicros: number;
  priceTicks: number;
  quantityLots: number;
}

/** A bar under construction: the values plus the times of its open and close trades. */
export interface BarBuilder extends BarValues {
  openMicros: number;
  closeMicros: number;
}

/** Starts a bar of `interval` from its first trade. */
export function startBar(trade: TradePrint, interval: BarInterval): BarBuilder {
  return {
    startMicros: barStart(trade.timeMicros, interval),
    open: trade.priceTicks,
    high: trade.priceTicks,
    low: trade.priceTicks,
    close: trade.priceTicks,
    volumeLots: trade.quantityLots,
    tradeCount: 1,
    vwapNumerator: BigInt(trade.priceTicks) * BigInt(trade.quantityLots),
    openMicros: trade.timeMicros,
    closeMicros: trade.timeMicros,
  };
}

/** Adds a trade of the same bucket; throws RangeError if the volume leaves the safe-integer range. */
export function addTrade(bar: BarBuilder, trade: TradePrint): void {
  const volume = bar.volumeLots + trade.quantityLots;
  if (!Number.isSafeInteger(volume)) throw new RangeError(`bar volume ${volume} exceeds 2^53 - 1 lots`);
  if (trade.timeMicros < bar.openMicros) {
    bar.open = trade.priceTicks;
    bar.openMicros = trade.timeMicros;
  }
  if (trade.timeMicros >= bar.closeMicros) {
    bar.close = trade.priceTicks;
    bar.closeMicros = trade.timeMicros;
  }
  if (trade.priceTicks > bar.high) bar.high = trade.priceTicks;
  if (trade.priceTicks < bar.low) bar.low = trade.priceTicks;
  bar.volumeLots = volume;
  bar.tradeCount = (bar.tradeCount ?? 0) + 1;
  bar.vwapNumerator = (bar.vwapNumerator ?? 0n) + BigInt(trade.priceTicks) * BigInt(trade.quantityLots);
}

/** Builds the bars of `interval` from trades in any order; bars come out sorted by start. */
export function aggregateTrades(trades: Iterable<TradePrint>, interval: BarInterval): BarValues[] {
  const bars = new Map<number, BarBuilder>();
  for (const trade of trades) {
    const start = barStart(trade.timeMicros, interval);
    const bar = bars.get(start);
    if (bar) addTrade(bar, trade);
    else bars.set(start, startBar(trade, interval));
  }
  return [...bars.values()].sort((a, b) => a.startMicros - b.startMicros).map(toValues);
}

/** Combines bars (sorted by start, each inside one bucket of `target`) into bars of `target`. */
export function rollUp(bars: readonly BarValues[], target: BarInterval): BarValues[] {
  const out: BarValues[] = [];
  let current: BarValues | undefined;
  for (const bar of bars) {
    const start = barStart(bar.startMicros, target);
    if (current && start < current.startMicros) throw new RangeError('rollUp needs bars sorted by start');
    if (!current || start !== current.startMicros) {
      current = { ...bar, startMicros: start };
      out.push(current);
      continue;
    }
    const volume = current.volumeLots + bar.volumeLots;
    if (!Number.isSafeInteger(volume)) throw new RangeError(`bar volume ${volume} exceeds 2^53 - 1 lots`);
    current.high = Math.max(current.high, bar.high);
    current.low = Math.min(current.low, bar.low);
    current.close = bar.close;
    current.volumeLots = volume;
    current.tradeCount = current.tradeCount === null || bar.tradeCount === null ? null : current.tradeCount + bar.tradeCount;
    current.vwapNumerator = current.vwapNumerator === null || bar.vwapNumerator === null ? null : current.vwapNumerator + bar.vwapNumerator;
  }
  return out;
}

/** The bar without its builder fields. */
export function toValues(bar: BarBuilder | BarValues): BarValues {
  return {
    startMicros: bar.startMicros,
    open: bar.open,
    high: bar.high,
    low: bar.low,
    close: bar.close,
    volumeLots: bar.volumeLots,
    tradeCount: bar.tradeCount,
    vwapNumerator: bar.vwapNumerator,
  };
}

/** End (exclusive, µs) of the bar of `interval` starting at `startMicros`. */
export function barEnd(startMicros: number, interval: BarInterval): number {
  return startMicros + BAR_INTERVAL_MICROS[interval];
}
