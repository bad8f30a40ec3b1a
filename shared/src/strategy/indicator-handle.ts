// An indicator attached to a symbol's bar stream: the runtime feeds it every bar of that symbol
// before the strategy's onBar, so `value` is always the indicator at the latest bar and
// `previous` at the bar before (what cross detection needs). Invariant: a handle is updated
// exactly once per bar of its symbol, in registration order; a handle registered mid-run starts
// from the next bar (it has no access to earlier bars, which keeps live and backtest alike).

import type { MarketBar } from './market-events.js';

/** A live view of one indicator value fed from a symbol's bars. */
export interface IndicatorHandle {
  /** The value at the latest bar (NaN during the lookback). */
  readonly value: number;
  /** The value at the bar before the latest (NaN if there is none). */
  readonly previous: number;
  /** True once `value` is a number (the lookback has passed). */
  readonly ready: boolean;
  /** Bars fed so far. */
  readonly count: number;
}

/** The runtime side of a handle: computes the next value from a bar. */
export class FedIndicator implements IndicatorHandle {
  value = NaN;
  previous = NaN;
  count = 0;

  constructor(private readonly compute: (bar: MarketBar) => number) {}

  get ready(): boolean {
    return this.value === this.value; // not NaN
  }

  /** Feeds the next bar. */
  update(bar: MarketBar): void {
    this.previous = this.value;
    this.value = this.compute(bar);
    this.count++;
  }
}
