// Live bar aggregation for one symbol: trades in, bar updates out (every interval 1s .. 1d at
// once), reported to a listener (Liquibook style: the aggregator knows no I/O). Invariants:
// - a bar exists only for a bucket that had a trade; when trading resumes after empty buckets the
//   listener gets one `gap` naming the absent stretch — a flat bar is never invented;
// - every trade updates the open bar of each interval (`final: false`); a bar becomes `final`
//   when a trade of a later bucket arrives or advanceTo() passes its end;
// - a trade older than an interval's open (or last closed) bucket is late for that interval and
//   is left out of the live bar (history re-materialises from stored trades, so it is not lost);
// - the first trade after construction emits no gap (what came before is unknown, not empty).
// Time is an input (trade times and advanceTo), so the aggregator is deterministic.
import { BAR_INTERVALS, BAR_INTERVAL_MICROS, barStart, type BarGap, type BarInterval, type LiveBar } from '@kestrel/shared';
import { addTrade, barEnd, startBar, type BarBuilder, type TradePrint } from './bar-math.js';

/** Receives the aggregator's output. */
export interface BarListener {
  /** A bar changed (`final: false`) or was finished (`final: true`). */
  bar(bar: LiveBar): void;
  /** Buckets in [fromMicros, toMicros) had no trades. */
  gap(gap: BarGap): void;
}

interface IntervalState {
  interval: BarInterval;
  open: BarBuilder | null;
  /** End of the last finished bar; trades before it are late. */
  closedThrough: number | null;
}

/** Builds bars of every interval from one symbol's trades. */
export class BarAggregator {
  readonly symbol: string;
  readonly #states: IntervalState[];
  #lateTrades = 0;

  constructor(symbol: string, intervals: readonly BarInterval[] = BAR_INTERVALS) {
    this.symbol = symbol;
    this.#states = intervals.map((interval) => ({ interval, open: null, closedThrough: null }));
  }

  /** Trades left out of at least one interval because they arrived after their bucket moved on. */
  get lateTrades(): number {
    return this.#lateTrades;
  }

  /** Adds one trade; returns false when it was late for some interval. */
  addTrade(trade: TradePrint, listener: BarListener): boolean {
    let onTime = true;
    for (const state of this.#states) {
      const start = barStart(trade.timeMicros, state.interval);
      const open = state.open;
      if (open && start === open.startMicros) {
        addTrade(open, trade);
        listener.bar(this.#live(state.interval, open, false));
        continue;
      }
      const horizon = open ? open.startMicros : state.closedThrough;
      if (horizon !== null && start < horizon) {
        onTime = false;
        continue;
      }
      if (open) this.#finish(state, listener);
      if (state.closedThrough !== null && start > state.closedThrough) {
        const length = BAR_INTERVAL_MICROS[state.interval];
        listener.gap({
          symbol: this.symbol,
          interval: state.interval,
          fromMicros: state.closedThrough,
          toMicros: start,
          missingBars: (start - state.closedThrough) / length,
        });
      }
      state.open = startBar(trade, state.interval);
      listener.bar(this.#live(state.interval, state.open, false));
    }
    if (!onTime) this.#lateTrades++;
    return onTime;
  }

  /** Finishes every open bar whose period ended at or before `timeMicros`. */
  advanceTo(timeMicros: number, listener: BarListener): void {
    for (const state of this.#states) {
      if (state.open && barEnd(state.open.startMicros, state.interval) <= timeMicros) this.#finish(state, listener);
    }
  }

  /** The bars still forming, finest interval first. */
  openBars(): LiveBar[] {
    return this.#states.flatMap((state) => (state.open ? [this.#live(state.interval, state.open, false)] : []));
  }

  #finish(state: IntervalState, listener: BarListener): void {
    const open = state.open!;
    listener.bar(this.#live(state.interval, open, true));
    state.closedThrough = barEnd(open.startMicros, state.interval);
    state.open = null;
  }

  #live(interval: BarInterval, bar: BarBuilder, final: boolean): LiveBar {
    return {
      symbol: this.symbol,
      interval,
      startMicros: bar.startMicros,
      open: bar.open,
      high: bar.high,
      low: bar.low,
      close: bar.close,
      volumeLots: bar.volumeLots,
      tradeCount: bar.tradeCount ?? 0,
      vwapNumerator: String(bar.vwapNumerator ?? 0n),
      final,
    };
  }
}
