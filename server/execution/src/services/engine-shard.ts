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
// - a request is journaled and synced (commit()) before its events are written to PostgreSQL.
// Known limit: rebuilding replays every stored input of the shard (no database-side snapshot yet).
import { mkdirSync, renameSync, existsSync } from 'node:fs';
import path from 'node:path';
import { Engine, type SubmitOutcome } from '@kestrel/engine';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { EngineInput } from '../domain/engine-input.js';
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

/** A hosted engine shard. */
export class EngineShard {
  readonly name: string;
  readonly recovery: ShardRecovery;
  #engine: Engine | null;
  #queue: Promise<unknown> = Promise.resolve();
  #lastTimestamp = 0n;
  readonly #now: () => number;

  private constructor(name: string, engine: Engine, recovery: ShardRecovery, now: () => number) {
    this.name = name;
    this.#engine = engine;
    this.recovery = recovery;
    this.#now = now;
  }

  /** Opens (recovering) the shard's engine and aligns it with the database. */
  static async open(options: ShardOptions): Promise<EngineShard> {
    const dir = path.join(options.dataDir, options.name);
    mkdirSync(path.dirname(dir), { recursive: true });
    const engineOptions = { dataDir: dir, fsync: options.fsync, snapshotEvery: options.snapshotEvery } as const;
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
        const outcome = EngineShard.#apply(engine, input);
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
    return new EngineShard(options.name, engine, recovery, options.now);
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

  /** Runs `task` after every earlier task of this shard has finished. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(task, task);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  /** Engine time for the next request: the clock in ns, strictly increasing. */
  timestamp(): bigint {
    const now = BigInt(Math.trunc(this.#now())) * 1_000_000n;
    this.#lastTimestamp = now > this.#lastTimestamp ? now : this.#lastTimestamp + 1n;
    return this.#lastTimestamp;
  }

  /** Applies one input and syncs the journal (call inside run()). */
  apply(input: EngineInput): SubmitOutcome {
    const engine = this.engine;
    const outcome = EngineShard.#apply(engine, input);
    if (outcome.journalSequence > 0n) engine.commit();
    return outcome;
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
