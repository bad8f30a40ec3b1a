// The instrument definitions order entry reads on every order, kept in memory instead of one
// query per order. Invariants: the source of truth stays order_instruments (kept by
// instrument-consumer.ts); an entry — including "no such symbol" — is reused for at most `ttlMs`,
// and this process's consumer drops the whole cache after it commits a change, so a change is
// seen here at once and by other instances of the service within `ttlMs`. Concurrent misses of
// one symbol share one query. Known limit: an instance whose consumer group does not receive a
// change (the group's partitions sit on another instance) sees it up to `ttlMs` late.
import type { Instrument } from '@kestrel/shared';
import { findInstrument } from '../store/market-store.js';
import type { Queryable } from '../store/queryable.js';

interface Entry {
  instrument: Promise<Instrument | null>;
  loadedAt: number;
}

/** Instrument definitions by symbol, cached for a short time. */
export class InstrumentCache {
  readonly #db: Queryable;
  readonly #ttlMs: number;
  readonly #entries = new Map<string, Entry>();
  #generation = 0;

  constructor(db: Queryable, ttlMs: number) {
    this.#db = db;
    this.#ttlMs = ttlMs;
  }

  /** The definition of `symbol`, or null when instruments.updated never announced it. */
  get(symbol: string): Promise<Instrument | null> {
    const now = Date.now();
    const entry = this.#entries.get(symbol);
    if (entry !== undefined && now - entry.loadedAt < this.#ttlMs) return entry.instrument;
    const generation = this.#generation;
    const instrument = findInstrument(this.#db, symbol);
    if (this.#ttlMs > 0) this.#entries.set(symbol, { instrument, loadedAt: now });
    // A failed read is not remembered; neither is one that raced a clear().
    instrument.then(
      () => {
        if (generation !== this.#generation) this.#entries.delete(symbol);
      },
      () => this.#entries.delete(symbol),
    );
    return instrument;
  }

  /** Forgets everything (after this process stored an instrument change). */
  clear(): void {
    this.#generation += 1;
    this.#entries.clear();
  }
}
