// What a piece of work did to one table, from PostgreSQL's per-transaction counters: for plan tests
// that check a statement reads rows in proportion to its input, not to the table. The work runs in
// a transaction that is rolled back, so it can be measured again and again on the same rows.
import type pg from 'pg';

/** `run`'s answer, and the rows of the table it read (sequential scans and index fetches) and updated. */
export interface TableActivity<T> {
  answer: T;
  rowsRead: number;
  rowsUpdated: number;
}

/** Runs `run` on `client` in a transaction that is rolled back, and counts what it did to `table`. */
export async function tableActivity<T>(client: pg.ClientBase, table: string, run: (client: pg.ClientBase) => Promise<T>): Promise<TableActivity<T>> {
  await client.query('BEGIN');
  try {
    const answer = await run(client);
    const { rows } = await client.query<{ read: string; updated: string }>(
      `SELECT (seq_tup_read + coalesce(idx_tup_fetch, 0))::text AS read, n_tup_upd::text AS updated
       FROM pg_stat_xact_user_tables WHERE relname = $1`,
      [table],
    );
    return { answer, rowsRead: Number(rows[0]!.read), rowsUpdated: Number(rows[0]!.updated) };
  } finally {
    await client.query('ROLLBACK');
  }
}
