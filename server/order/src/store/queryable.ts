// What the stores need from PostgreSQL (a pool or a client inside a transaction) and the column
// conversions they share. bigint columns come back from pg as strings; toSafeInt refuses a value a
// JS number cannot carry exactly, so a corrupt row fails loudly instead of drifting. Statements on
// the order-entry path are named ({ name, text, values }): PostgreSQL parses and plans them once
// per connection instead of on every call. Only statements with explicit column lists are named
// (a prepared `SELECT *` breaks when a migration adds a column under a running process).
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
