// An L2 order book: price level → quantity per side, built from snapshots and absolute-quantity
// deltas (a quantity of 0 removes the level; removing an unknown level is normal, as the venues
// document). Invariants: stored quantities are > 0; levels() returns bids best (highest) first
// and asks best (lowest) first. The book does not judge a crossed state (a venue's snapshot is
// data); `crossed` lets the caller report it. No I/O.
import type { BookLevel } from '@kestrel/shared';

/** A side of the book. */
export type BookSide = 'bids' | 'asks';

/** One instrument's L2 book. */
export class L2Book {
  readonly #bids = new Map<number, number>();
  readonly #asks = new Map<number, number>();

  /** Replaces the whole book. */
  applySnapshot(bids: readonly BookLevel[], asks: readonly BookLevel[]): void {
    this.#bids.clear();
    this.#asks.clear();
    this.applyDelta(bids, asks);
  }

  /** Sets each level's quantity; 0 removes it. */
  applyDelta(bids: readonly BookLevel[], asks: readonly BookLevel[]): void {
    for (const [price, quantity] of bids) setLevel(this.#bids, price, quantity);
    for (const [price, quantity] of asks) setLevel(this.#asks, price, quantity);
  }

  /** The side's levels, best first, at most `depth` of them. */
  levels(side: BookSide, depth = Infinity): BookLevel[] {
    const map = side === 'bids' ? this.#bids : this.#asks;
    const prices = [...map.keys()].sort(side === 'bids' ? (a, b) => b - a : (a, b) => a - b);
    const count = Math.min(prices.length, depth);
    const out: BookLevel[] = new Array(count);
    for (let i = 0; i < count; i++) out[i] = [prices[i]!, map.get(prices[i]!)!];
    return out;
  }

  /** Number of levels on a side. */
  size(side: BookSide): number {
    return (side === 'bids' ? this.#bids : this.#asks).size;
  }

  /** True when the best bid is at or above the best ask. */
  get crossed(): boolean {
    if (this.#bids.size === 0 || this.#asks.size === 0) return false;
    return Math.max(...this.#bids.keys()) >= Math.min(...this.#asks.keys());
  }
}

function setLevel(side: Map<number, number>, price: number, quantity: number): void {
  if (quantity === 0) side.delete(price);
  else side.set(price, quantity);
}
