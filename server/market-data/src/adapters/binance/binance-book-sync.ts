// Binance's documented procedure for keeping a local order book from the diff depth stream
// ("How to manage a local order book correctly", binance-spot-api-docs web-socket-streams.md),
// as a pure state machine over one symbol (prices/quantities already converted to ticks/lots):
//   1-2. buffer diff events from the stream, noting the U of the first one;
//   3.   fetch a depth snapshot;
//   4.   if its lastUpdateId < that first U, fetch again;
//   5.   drop buffered events with u <= lastUpdateId;
//   6.   the book = the snapshot, its update id = lastUpdateId;
//   7.   apply the buffered events, then every new one, with the update procedure:
//        ignore an event with u < the book's id; if U > the book's id + 1 events were missed:
//        discard the book and start over (a gap); else set each level (0 removes) and id = u.
// Invariants: a delta is only ever emitted on a synced book; after a gap nothing is emitted
// until a new snapshot has been applied (the adapter reports the symbol `resyncing` meanwhile).
import type { BookLevel } from '@kestrel/shared';
import { L2Book } from '../../domain/order-book.js';

/** A diff depth event with integer levels. */
export interface DepthDiff {
  firstUpdateId: number;
  finalUpdateId: number;
  timeMicros: number;
  bids: BookLevel[];
  asks: BookLevel[];
}

/** A depth snapshot with integer levels. */
export interface DepthSnapshot {
  lastUpdateId: number;
  bids: BookLevel[];
  asks: BookLevel[];
}

/** Outcome of a diff event. */
export type DiffOutcome =
  | { kind: 'buffered'; first: boolean }
  | { kind: 'ignored' }
  | { kind: 'applied'; diff: DepthDiff }
  | { kind: 'gap'; bookId: number; firstUpdateId: number };

/** Outcome of a snapshot. */
export type SnapshotOutcome =
  | { kind: 'too-old'; lastUpdateId: number; firstBufferedU: number | null }
  | { kind: 'synced'; updateId: number; bids: BookLevel[]; asks: BookLevel[]; appliedBuffered: number }
  | { kind: 'gap'; bookId: number; firstUpdateId: number };

/** The procedure for one symbol. */
export class BinanceBookSync {
  #book: L2Book | null = null;
  #bookId = 0;
  #buffer: DepthDiff[] = [];

  /** True once a snapshot has been applied and no gap has been seen since. */
  get synced(): boolean {
    return this.#book !== null;
  }

  /** The book's update id (0 while not synced). */
  get updateId(): number {
    return this.#book ? this.#bookId : 0;
  }

  /** Forgets everything (new connection). */
  reset(): void {
    this.#book = null;
    this.#bookId = 0;
    this.#buffer = [];
  }

  /** Feeds one diff event. */
  onDiff(diff: DepthDiff): DiffOutcome {
    if (!this.#book) {
      this.#buffer.push(diff);
      return { kind: 'buffered', first: this.#buffer.length === 1 };
    }
    const outcome = this.#apply(diff);
    if (outcome.kind === 'gap') {
      this.reset();
      // Start over with this event as the first buffered one (step 2 of the procedure).
      this.#buffer.push(diff);
    }
    return outcome;
  }

  /** Feeds a fetched snapshot (steps 4-7). */
  onSnapshot(snapshot: DepthSnapshot): SnapshotOutcome {
    const firstU = this.#buffer[0]?.firstUpdateId ?? null;
    if (firstU === null || snapshot.lastUpdateId < firstU) return { kind: 'too-old', lastUpdateId: snapshot.lastUpdateId, firstBufferedU: firstU };
    const pending = this.#buffer.filter((diff) => diff.finalUpdateId > snapshot.lastUpdateId);
    this.#buffer = [];
    this.#book = new L2Book();
    this.#book.applySnapshot(snapshot.bids, snapshot.asks);
    this.#bookId = snapshot.lastUpdateId;
    let applied = 0;
    for (const diff of pending) {
      const outcome = this.#apply(diff);
      if (outcome.kind === 'gap') {
        this.reset();
        return outcome;
      }
      if (outcome.kind === 'applied') applied++;
    }
    return { kind: 'synced', updateId: this.#bookId, bids: this.#book.levels('bids'), asks: this.#book.levels('asks'), appliedBuffered: applied };
  }

  #apply(diff: DepthDiff): DiffOutcome {
    if (diff.finalUpdateId < this.#bookId) return { kind: 'ignored' };
    if (diff.firstUpdateId > this.#bookId + 1) return { kind: 'gap', bookId: this.#bookId, firstUpdateId: diff.firstUpdateId };
    this.#book!.applyDelta(diff.bids, diff.asks);
    this.#bookId = diff.finalUpdateId;
    return { kind: 'applied', diff };
  }
}
