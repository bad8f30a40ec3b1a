// What the stores need from PostgreSQL: a pool or a client inside a transaction. bigint columns
// come back from pg as strings; toSafeInt converts them and refuses a value a JS number cannot
// carry exactly, so a corrupt or out-of-range row fails loudly instead of drifting. A statement a
// store also runs alone is named ({ name, text, values }: PostgreSQL parses and plans it once per
// connection); the reads that value an account only ever go together with others in one message
// (queryTogether, unprepared), so they are plain Statements. Named statements list their columns
// (a prepared `SELECT *` breaks when a migration adds a column under a running process).
import type pg from 'pg';
import { portfolioError } from '../errors.js';

/** A pool or a (transaction) client. */
export type Queryable = Pick<pg.Pool, 'query'>;

/**
 * A statement of a store, built apart from running it so that a service can send several in one
 * round trip (queryTogether); the store's function of the same name runs it alone, named.
 */
export interface NamedStatement {
  name: string;
  text: string;
  values: unknown[];
}

/** A bigint column value as a safe-integer number. */
export function toSafeInt(value: string | number, what: string): number {
  const number = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(number)) throw portfolioError('PORTFOLIO_AMOUNT_OUT_OF_RANGE', `${what} (${String(value)}) is not a safe integer`);
  return number;
}

/** A timestamptz as ISO-8601 UTC text. */
export function toIso(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}
