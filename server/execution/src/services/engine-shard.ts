// One engine shard: an Engine on `<dataDir>/engine/<database>/<shard>`, a queue that runs its requests one at
// a time (the engine is single-threaded and every request's events must be persisted before the
// next one's), and recovery against PostgreSQL on open.
// Invariants:
// - after open(), the engine's journal position equals the shard's persisted position: if the
//   database is ahead (OS crash lost unsynced journal records), the missing stored inputs are
//   re-applied; if the engine is ahead (a crash between the journal append and the database
//   commit), the journal is moved aside and the engine is rebuilt from the stored inputs, so
//   events that were never persisted are never half-applied — the order service re-sends those
//   commands because they were never answered;
// - a request is journaled and synced (sync()) before its events are written to PostgreSQL; a
//   batch of commands is journaled request by request and synced once, before its one commit, so a
//   crash between the two leaves the engine ahead by the whole batch and recovery rebuilds it
//   exactly as it does for one request;
// - a submit the router split onto an external venue is stored with its routing record (the venue
//   configuration and quotes it was planned against, and the plan): venues and quotes are not
//   journaled, so re-applying it registers them for that one request, and the re-made plan must
//   equal the recorded one (same child ids, venues, prices, quantities) or the shard does not open.
// - a request applied whose transaction then failed (markDiverged()) leaves the engine ahead of
//   PostgreSQL: the shard's next run() reopens it with the same recovery (rebuilt from the stored
//   inputs) and registers the live venues and quotes again, so a redelivered command meets the
//   engine as it was before, never one that already has it.
// Known limit: rebuilding replays every stored input of the shard (no database-side snapshot yet).
// Venue configuration and quotes must go through this class (addVenue, setVenueDepth,
// setVenueStatus), not the engine directly, or a routed submit's record misses them.
import { mkdirSync, renameSync, existsSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { Engine, type Command, type SubmitOutcome, type VenueConfig, type VenueLevel, type VenueStatus } from '@kestrel/engine';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { EngineInput, PlannedChild, RoutedQuote, RoutingRecord } from '../domain/engine-input.js';
import { executionError } from '../errors.js';
import { inputsAfter, shardPosition } from '../store/execution-store.js';

/**
 * Where a process keeps its engines: `<dataDir>/engine/<database>`. A journal belongs to one
 * system of record, so two databases (e.g. test runs in parallel, or a fresh install next to an old
 * data dir) never share — or fight over the lock of — one engine directory.
 */
export async function engineRoot(db: pg.Pool, dataDir: string): Promise<string> {
  const { rows } = await db.query<{ name: string }>('SELECT current_database() AS name');
  return path.join(dataDir, 'engine', rows[0]!.name.replace(/[^A-Za-z0-9_.-]/g, '_'));
}

/** What opening a shard found. */
export interface ShardRecovery {
  shard: string;
  engineSequence: bigint;
  databaseSequence: bigint;
  action: 'none' | 'reapplied' | 'rebuilt';
  reapplied: number;
}

/** Options of EngineShard.open. */
export interface ShardOptions {
  name: string;
  /** The engine root (`<dataDir>/engine/<database>`, see engineRoot()). */
  dataDir: string;
  db: pg.Pool;
  logger: Logger;
  now: () => number;
  fsync: 'every' | 'group' | 'none';
  snapshotEvery: number;
}

/** An applied request and the input to store for it (with its routing record when it was routed). */
export interface AppliedInput {
  outcome: SubmitOutcome;
  input: EngineInput;
}

type NewOrder = Extract<Command, { type: 'new_order' }>;

/** The children the router tracks for `parentId`, in plan order (empty when it is not a routed parent). */
function plannedChildren(engine: Engine, parentId: bigint): PlannedChild[] {
  const parent = engine.routedParents().find((p) => p.parentId === parentId);
  return (parent?.children ?? []).map((c) => ({ childId: c.childId, venue: c.venue, kind: c.kind, limitPrice: c.limitPrice, quantity: c.quantity }));
}

/** A hosted engine shard. */
export class EngineShard {
  readonly name: string;
  /** What the last open (or realignment) found. */
  recovery: ShardRecovery;
  #engine: Engine | null;
  #queue: Promise<unknown> = Promise.resolve();
  #lastTimestamp = 0n;
  readonly #now: () => number;
  readonly #options: ShardOptions;
  /** Set when requests were applied whose transaction did not commit: run() realigns first. */
  #diverged = false;
  /** External venues registered on the engine, and what each quotes per symbol (`venue:symbol`). */
  readonly #venues = new Map<number, VenueConfig>();
  readonly #quotes = new Map<string, RoutedQuote>();

  private constructor(options: ShardOptions, engine: Engine, recovery: ShardRecovery) {
    this.name = options.name;
    this.#engine = engine;
    this.recovery = recovery;
    this.#now = options.now;
    this.#options = options;
  }

  /** Opens (recovering) the shard's engine and aligns it with the database. */
  static async open(options: ShardOptions): Promise<EngineShard> {
    const { engine, recovery } = await EngineShard.#recover(options);
    return new EngineShard(options, engine, recovery);
  }

  /** Opens the engine on the shard's data dir and brings it to the position PostgreSQL holds. */
  static async #recover(options: ShardOptions): Promise<{ engine: Engine; recovery: ShardRecovery }> {
    const dir = path.join(options.dataDir, options.name);
    mkdirSync(path.dirname(dir), { recursive: true });
    // The shard syncs the journal itself (sync()) before any of its requests' events are committed to
    // PostgreSQL, once per unit of work (one request, or a batch of commands); under `group` the
    // engine must not also sync at the end of each call, or a batch would pay one sync per command.
    const engineOptions = { dataDir: dir, fsync: options.fsync === 'every' ? 'every' : 'none', snapshotEvery: options.snapshotEvery } as const;
    let engine = Engine.open(engineOptions);
    const databaseSequence = await shardPosition(options.db, options.name);
    const engineSequence = engine.sequences().last;
    let action: ShardRecovery['action'] = 'none';
    let reapplied = 0;
    if (engineSequence !== databaseSequence) {
      let from = engineSequence;
      if (engineSequence > databaseSequence) {
        engine.close();
        const aside = `${dir}.ahead-${Date.now()}`;
        if (existsSync(dir)) renameSync(dir, aside);
        options.logger.warn({ shard: options.name, engineSequence, databaseSequence, aside }, 'engine journal ahead of the database: rebuilding from the stored inputs');
        engine = Engine.open(engineOptions);
        from = 0n;
        action = 'rebuilt';
      } else {
        action = 'reapplied';
      }
      for (const { sequence, input } of await inputsAfter(options.db, options.name, from)) {
        const outcome = EngineShard.#replay(engine, input);
        if (outcome.journalSequence !== sequence) {
          engine.close();
          throw new Error(`shard ${options.name}: stored input ${sequence} re-journaled as ${outcome.journalSequence}; the engine data cannot be aligned with the database`);
        }
        reapplied++;
      }
      engine.commit();
    }
    const recovery = { shard: options.name, engineSequence, databaseSequence, action, reapplied };
    options.logger.info({ ...recovery, engineRecovery: engine.recovery }, 'engine shard open');
    return { engine, recovery };
  }

  static #apply(engine: Engine, input: EngineInput): SubmitOutcome {
    switch (input.kind) {
      case 'command':
        return engine.submit(input.command);
      case 'config':
        return engine.configure(input.change);
      case 'external-fill':
        return engine.externalFill(input.fill);
      case 'external-done':
        return engine.externalDone(input.done);
    }
  }

  /** Re-applies a stored input; a routed submit is re-planned against its recorded venues and quotes only. */
  static #replay(engine: Engine, input: EngineInput): SubmitOutcome {
    if (input.kind !== 'command' || !input.routing || input.command.type !== 'new_order') return EngineShard.#apply(engine, input);
    const { venues, quotes, plan } = input.routing;
    const command = input.command;
    for (const venue of venues) engine.addVenue(venue);
    let outcome: SubmitOutcome;
    try {
      for (const quote of quotes) {
        engine.setVenueDepth(quote.venue, command.symbol, quote);
        if (quote.status !== 'available') engine.setVenueStatus(quote.venue, command.symbol, quote.status);
      }
      outcome = engine.submit(command);
    } finally {
      // Children stay tracked without their venue; the live venues are registered after open.
      for (const venue of venues) engine.removeVenue(venue.id);
    }
    const replanned = plannedChildren(engine, BigInt(command.orderId));
    if (!isDeepStrictEqual(replanned, plan)) {
      engine.close();
      const text = (value: unknown) => JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
      throw new Error(`routed order ${command.orderId}: re-applied with its recorded quotes it planned ${text(replanned)}, the record says ${text(plan)}`);
    }
    return outcome;
  }

  /** Runs `task` after every earlier task of this shard has finished (realigning the engine first if it diverged). */
  run<T>(task: () => Promise<T>): Promise<T> {
    const guarded = async () => {
      if (this.#diverged) await this.#realign();
      return task();
    };
    const next = this.#queue.then(guarded, guarded);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  /**
   * Records that requests were applied (journaled) whose transaction did not commit, so the engine
   * is ahead of PostgreSQL; call inside run(). The shard's next run() reopens the engine with the
   * recovery of open() (rebuilt from the stored inputs) before anything else is applied.
   */
  markDiverged(): void {
    this.#diverged = true;
  }

  /** Reopens the engine aligned with PostgreSQL and registers the live venues and quotes again. */
  async #realign(): Promise<void> {
    this.#options.logger.warn({ shard: this.name }, 'engine shard ahead of the database after a failed commit: realigning');
    this.#engine?.close();
    this.#engine = null;
    const { engine, recovery } = await EngineShard.#recover(this.#options);
    this.#engine = engine;
    this.recovery = recovery;
    for (const venue of this.#venues.values()) engine.addVenue(venue);
    for (const [key, quote] of this.#quotes) {
      const symbol = Number(key.slice(key.indexOf(':') + 1));
      engine.setVenueDepth(quote.venue, symbol, { bids: quote.bids, asks: quote.asks });
      if (quote.status !== 'available') engine.setVenueStatus(quote.venue, symbol, quote.status);
    }
    this.#diverged = false;
  }

  /** Engine time for the next request: the clock in ns, strictly increasing. */
  timestamp(): bigint {
    const now = BigInt(Math.trunc(this.#now())) * 1_000_000n;
    this.#lastTimestamp = now > this.#lastTimestamp ? now : this.#lastTimestamp + 1n;
    return this.#lastTimestamp;
  }

  /** Applies one input and syncs the journal (call inside run()); a routed submit comes back with its routing record. */
  apply(input: EngineInput): AppliedInput {
    const applied = this.journal(input);
    if (applied.outcome.journalSequence > 0n) this.sync();
    return applied;
  }

  /**
   * Applies one input, journaled but not yet synced (call inside run(), and sync() before anything
   * it produced is committed to PostgreSQL); a routed submit comes back with its routing record.
   */
  journal(input: EngineInput): AppliedInput {
    const engine = this.engine;
    // Only a new order can be routed, and only while venues are registered: capture what the router sees first.
    const order = input.kind === 'command' && input.command.type === 'new_order' && this.#venues.size > 0 ? input.command : null;
    const context = order ? this.#routingContext(order) : null;
    const outcome = EngineShard.#apply(engine, input);
    if (!order || !context || !outcome.events.some((e) => e.type === 'route_order')) return { outcome, input };
    return { outcome, input: { kind: 'command', command: order, routing: { ...context, plan: plannedChildren(engine, BigInt(order.orderId)) } } };
  }

  /** Forces everything journaled to stable storage (one fdatasync for every request since the last). */
  sync(): void {
    this.engine.commit();
  }

  #routingContext(command: NewOrder): Omit<RoutingRecord, 'plan'> {
    const quotes = [...this.#venues.keys()].flatMap((venue) => {
      const quote = this.#quotes.get(`${venue}:${command.symbol}`);
      return quote ? [structuredClone(quote)] : [];
    });
    return { venues: [...this.#venues.values()].map((v) => ({ ...v })), quotes };
  }

  /** Registers an external venue on the engine (configuration: after every open). */
  addVenue(venue: VenueConfig): void {
    this.engine.addVenue(venue);
    this.#venues.set(venue.id, { ...venue });
  }

  /** Replaces what venue `id` quotes for engine symbol `symbol` (marks it available, as the engine does). */
  setVenueDepth(id: number, symbol: number, depth: { bids: readonly VenueLevel[]; asks: readonly VenueLevel[] }): void {
    this.engine.setVenueDepth(id, symbol, depth);
    this.#quotes.set(`${id}:${symbol}`, { venue: id, status: 'available', bids: depth.bids.map((l) => ({ price: l.price, quantity: l.quantity })), asks: depth.asks.map((l) => ({ price: l.price, quantity: l.quantity })) });
  }

  /** Marks engine symbol `symbol` available or unavailable at venue `id`. */
  setVenueStatus(id: number, symbol: number, status: VenueStatus): void {
    this.engine.setVenueStatus(id, symbol, status);
    const quote = this.#quotes.get(`${id}:${symbol}`);
    this.#quotes.set(`${id}:${symbol}`, quote ? { ...quote, status } : { venue: id, status, bids: [], asks: [] });
  }

  /** The live engine (for queries). */
  get engine(): Engine {
    if (!this.#engine) throw executionError('EXECUTION_ENGINE_UNAVAILABLE', `engine shard ${this.name} is closed`);
    return this.#engine;
  }

  /** Waits for queued work, snapshots and closes the engine. Idempotent. */
  async close(): Promise<void> {
    await this.#queue;
    if (!this.#engine) return;
    try {
      this.#engine.snapshot();
    } finally {
      this.#engine.close();
      this.#engine = null;
    }
  }
}
