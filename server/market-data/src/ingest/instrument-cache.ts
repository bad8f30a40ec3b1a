// The instruments the ingest sink checks events against, kept in memory. Why a cache: the sink
// sees thousands of events per second and must not query md_instruments for each. Invariants: a
// change made through this process is visible at once (set/remove); changes made by another
// instance are picked up by the periodic reload, or immediately when an unknown symbol arrives
// (at most one reload per `missReloadMs`, so a flood of bad symbols cannot hammer the database).
import type { Instrument } from '@kestrel/shared';
import type { Queryable } from '../store/sql-values.js';
import { listInstruments } from '../store/instruments-store.js';

/** In-memory instrument definitions by symbol. */
export class InstrumentCache {
  readonly #db: Queryable;
  readonly #missReloadMs: number;
  #bySymbol = new Map<string, Instrument>();
  #lastReload = 0;

  constructor(db: Queryable, options: { missReloadMs?: number } = {}) {
    this.#db = db;
    this.#missReloadMs = options.missReloadMs ?? 1000;
  }

  /** Reads every instrument. */
  async reload(): Promise<void> {
    const instruments = await listInstruments(this.#db);
    this.#bySymbol = new Map(instruments.map((instrument) => [instrument.symbol, instrument]));
    this.#lastReload = Date.now();
  }

  /** The instrument, if known (no I/O). */
  get(symbol: string): Instrument | undefined {
    return this.#bySymbol.get(symbol);
  }

  /** The instrument, reloading once when it is unknown and the last reload is old enough. */
  async resolve(symbol: string): Promise<Instrument | undefined> {
    const known = this.#bySymbol.get(symbol);
    if (known || Date.now() - this.#lastReload < this.#missReloadMs) return known;
    await this.reload();
    return this.#bySymbol.get(symbol);
  }

  /** Records a change made by this process. */
  set(instrument: Instrument): void {
    this.#bySymbol.set(instrument.symbol, instrument);
  }

  /** Records a deletion made by this process. */
  remove(symbol: string): void {
    this.#bySymbol.delete(symbol);
  }
}
