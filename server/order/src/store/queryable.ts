// What the stores need from PostgreSQL (a pool or a client inside a transaction) and the column
// conversions they share. bigint columns come back from pg as strings; toSafeInt refuses a value a
// JS number cannot carry exactly, so a corrupt row fails loudly instead of drifting. Statements on
// the order-entry path are named ({ name, text, values }): PostgreSQL parses and plans them once
// per connection instead of on every call. Only statements with explicit column lists are named
// (a prepared `SELECT *` breaks when a migration adds a column under a running process).
// Known limit of naming: after five calls PostgreSQL may keep a generic plan for the life of the
// connection (until the table is next analysed), made with the table as it was then. The batch
// statements that read or update many orders by id (lockTopLevelOrdersStatement and
// updateOrdersStatement, sent inlined together with others by queryTogether, and markOrdersRouted)
// are therefore unnamed and planned for each call, once per batch: a generic plan
// made while order_orders was small reads the whole table (20,000 rows for a batch of 50), and no
// shape of them rules that plan out (an UPDATE joined to its input can always be planned as a hash
// join over a sequential scan; a per-id lateral lookup turns into a sequential scan per id when
// planned on a small analysed table). Tested: store/batch-statement-plans.test.ts.
import type pg from 'pg';

/** A pool or a (transaction) client. */
export type Queryable = Pick<pg.Pool, 'query'>;

/** A bigint column as a safe-integer number. */
export function toSafeInt(value: string | number, what: string): number {
  const number = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(number)) throw new Error(`${what} (${String(value)}) is not a safe integer`);
  return number;
}

/** A nullable bigint column. */
export function toSafeIntOrNull(value: string | number | null, what: string): number | null {
  return value === null ? null : toSafeInt(value, what);
}

/** A timestamptz as ISO-8601 UTC text. */
export function toIso(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

/** A nullable timestamptz. */
export function toIsoOrNull(value: Date | string | null): string | null {
  return value === null ? null : toIso(value);
}
