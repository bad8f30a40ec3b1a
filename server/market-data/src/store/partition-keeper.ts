// Keeps the native layout's range partitions in place: loads which exist, creates missing ones
// before rows need them (ingest, imports of old history, the maintenance run's "ahead" window)
// and drops expired ones. Invariants: creation runs in its own short transaction under a
// per-table advisory lock (two instances creating the same partition cannot collide, and the
// parent is never locked for the duration of an ingest transaction); a partition is dropped only
// when its whole range is past the retention cutoff. The Timescale layout needs none of this
// (hypertables create chunks themselves; retention is a policy), so the keeper is then inert.
import type pg from 'pg';
import { createPartitionDdl, dropPartitionDdl, type RetentionDays, type StorageLayout } from '../domain/storage-ddl.js';
import {
  expiredPartitions,
  parsePartitionName,
  partitionsAhead,
  partitionsCovering,
  type PartitionRange,
} from '../domain/partitions.js';
import { SERIES_TABLES, type SeriesTable } from '../domain/series-tables.js';

/** What one maintenance run did. */
export interface MaintenanceReport {
  created: string[];
  dropped: string[];
}

/** Lock key namespace of partition DDL (xor'ed with the table's index). */
const LOCK_BASE = 0x6d64_7061_0000;

/** Creates and drops native partitions. */
export class PartitionKeeper {
  readonly #pool: pg.Pool;
  readonly #layout: StorageLayout;
  readonly #known = new Map<string, Set<string>>();

  constructor(pool: pg.Pool, layout: StorageLayout) {
    this.#pool = pool;
    this.#layout = layout;
  }

  /** Reads the existing partitions of every series table. */
  async load(): Promise<void> {
    if (this.#layout !== 'native') return;
    const { rows } = await this.#pool.query<{ parent: string; child: string }>(
      `SELECT p.relname AS parent, c.relname AS child
       FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent JOIN pg_class c ON c.oid = i.inhrelid
       WHERE p.relname = ANY($1::text[])`,
      [SERIES_TABLES.map((table) => table.name)],
    );
    this.#known.clear();
    for (const table of SERIES_TABLES) this.#known.set(table.name, new Set());
    for (const row of rows) this.#known.get(row.parent)?.add(row.child);
  }

  /** The existing partitions of `table`, oldest first. */
  existing(table: SeriesTable): PartitionRange[] {
    return [...(this.#known.get(table.name) ?? [])]
      .map((name) => parsePartitionName(table, name))
      .filter((range): range is PartitionRange => range !== null)
      .sort((a, b) => a.startMs - b.startMs);
  }

  /** Makes sure partitions cover [fromMs, toMs] of `table`; returns the names it created. */
  async ensure(table: SeriesTable, fromMs: number, toMs: number): Promise<string[]> {
    if (this.#layout !== 'native') return [];
    const known = this.#known.get(table.name) ?? new Set<string>();
    this.#known.set(table.name, known);
    const missing = partitionsCovering(table, fromMs, toMs).filter((range) => !known.has(range.name));
    if (missing.length === 0) return [];
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [LOCK_BASE + SERIES_TABLES.indexOf(table)]);
      for (const range of missing) await client.query(createPartitionDdl(table, range));
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    for (const range of missing) known.add(range.name);
    return missing.map((range) => range.name);
  }

  /** Forgets what is known (after "no partition for row": another instance may have dropped one). */
  async reload(): Promise<void> {
    await this.load();
  }

  /** Creates the partitions ahead of `nowMs` and drops the expired ones. */
  async maintain(nowMs: number, ahead: number, retention: RetentionDays): Promise<MaintenanceReport> {
    const report: MaintenanceReport = { created: [], dropped: [] };
    if (this.#layout !== 'native') return report;
    await this.load();
    for (const table of SERIES_TABLES) {
      const wanted = partitionsAhead(table, nowMs, ahead);
      report.created.push(...(await this.ensure(table, wanted[0]!.startMs, wanted[wanted.length - 1]!.startMs)));
      const expired = expiredPartitions(this.existing(table), nowMs, retention[table.retention]);
      for (const range of expired) {
        await this.#pool.query(dropPartitionDdl(range));
        this.#known.get(table.name)?.delete(range.name);
        report.dropped.push(range.name);
      }
    }
    return report;
  }
}
