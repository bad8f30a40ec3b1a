// The recent bars of one symbol as a strategy sees them: newest first by "bars ago", no lookahead
// (only bars already delivered). A fixed-capacity ring of references, so recording a bar is one
// array store and memory stays bounded in long runs and live sessions.
// Invariants: at(0) is the bar just delivered; at(k) for k >= length throws
// STRATEGY_HISTORY_OUT_OF_RANGE; length never exceeds capacity.

import type { MarketBar } from './market-events.js';
import { StrategyError } from './strategy-error.js';

/** Read access to the recent bars of one symbol. */
export interface BarHistory {
  readonly symbol: string;
  /** How many bars are held (at most the capacity). */
  readonly length: number;
  /** Bars delivered so far, including those that fell out of the ring. */
  readonly count: number;
  /** The bar `ago` bars back (0 = the latest). */
  at(ago: number): MarketBar;
  /** Close of the bar `ago` bars back (0 = the latest). */
  close(ago?: number): number;
  /** The latest bar, or undefined before the first. */
  readonly last: MarketBar | undefined;
}

/** A ring buffer of the last `capacity` bars. */
export class RingBarHistory implements BarHistory {
  private readonly bars: (MarketBar | undefined)[];
  private next = 0;
  count = 0;

  constructor(
    readonly symbol: string,
    readonly capacity: number,
  ) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) {
      throw new StrategyError('STRATEGY_DEFINITION_INVALID', `bar history capacity must be a positive integer, got ${String(capacity)}`);
    }
    this.bars = new Array<MarketBar | undefined>(capacity).fill(undefined);
  }

  get length(): number {
    return this.count < this.capacity ? this.count : this.capacity;
  }

  get last(): MarketBar | undefined {
    return this.count === 0 ? undefined : this.bars[this.next === 0 ? this.capacity - 1 : this.next - 1];
  }

  /** Records the bar just delivered. */
  push(bar: MarketBar): void {
    this.bars[this.next] = bar;
    this.next = this.next + 1 === this.capacity ? 0 : this.next + 1;
    this.count++;
  }

  at(ago: number): MarketBar {
    if (!Number.isInteger(ago) || ago < 0 || ago >= this.length) {
      throw new StrategyError('STRATEGY_HISTORY_OUT_OF_RANGE', `${this.symbol}: bar ${String(ago)} ago is not held (history has ${this.length})`);
    }
    let index = this.next - 1 - ago;
    if (index < 0) index += this.capacity;
    return this.bars[index]!;
  }

  close(ago = 0): number {
    return this.at(ago).close;
  }
}
