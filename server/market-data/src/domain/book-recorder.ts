// Keeps each (symbol, source) book in memory as snapshots and deltas pass by, and says when to
// store a full snapshot: every `snapshotEvery` deltas since the last stored one. Why: GET /book
// rebuilds the latest book from the last stored snapshot plus the deltas after it, so this bounds
// that work without storing a full book per update. Used by the ingest sink and the importers,
// so every source gets the same cadence. Invariant: a delta for a book that never had a snapshot
// is kept (stored as a delta) but yields no synthetic snapshot — its full state is unknown.
import type { BookDeltaEvent, BookSnapshotEvent } from '@kestrel/shared';
import { L2Book } from './order-book.js';

interface Tracked {
  book: L2Book;
  known: boolean;
  deltasSinceSnapshot: number;
  depthLimit: number | null;
}

/** Tracks books and produces periodic full snapshots. */
export class BookRecorder {
  readonly #snapshotEvery: number;
  readonly #books = new Map<string, Tracked>();

  constructor(snapshotEvery: number) {
    if (!Number.isInteger(snapshotEvery) || snapshotEvery < 1) throw new RangeError('snapshotEvery must be a positive integer');
    this.#snapshotEvery = snapshotEvery;
  }

  /** Records a received snapshot. */
  snapshot(event: BookSnapshotEvent): void {
    const tracked = this.#tracked(event.symbol, event.source);
    tracked.book.applySnapshot(event.bids, event.asks);
    tracked.known = true;
    tracked.deltasSinceSnapshot = 0;
    tracked.depthLimit = event.depthLimit;
  }

  /** Records a delta; returns the full snapshot to store after it when one is due. */
  delta(event: BookDeltaEvent): BookSnapshotEvent | null {
    const tracked = this.#tracked(event.symbol, event.source);
    tracked.book.applyDelta(event.bids, event.asks);
    if (!tracked.known) return null;
    tracked.deltasSinceSnapshot++;
    if (tracked.deltasSinceSnapshot < this.#snapshotEvery) return null;
    tracked.deltasSinceSnapshot = 0;
    return {
      kind: 'book-snapshot',
      symbol: event.symbol,
      source: event.source,
      timeMicros: event.timeMicros,
      bids: tracked.book.levels('bids'),
      asks: tracked.book.levels('asks'),
      updateId: event.updateId,
      depthLimit: tracked.depthLimit,
    };
  }

  /** Forgets a book (its feed went stale or is resyncing: its state is unknown until the next snapshot). */
  forget(symbol: string, source: string): void {
    this.#books.delete(`${symbol}\u0000${source}`);
  }

  #tracked(symbol: string, source: string): Tracked {
    const key = `${symbol}\u0000${source}`;
    let tracked = this.#books.get(key);
    if (!tracked) {
      tracked = { book: new L2Book(), known: false, deltasSinceSnapshot: 0, depthLimit: null };
      this.#books.set(key, tracked);
    }
    return tracked;
  }
}
