// Conversions between the service's integers and PostgreSQL values. Why strings: pg returns
// bigint and numeric as text, and JS Date holds milliseconds while timestamptz holds
// microseconds, so times travel as ISO text with six fractional digits and come back as integer
// µs computed in SQL (`extract(epoch ...)` is exact numeric since PostgreSQL 14). Invariant: a
// value that does not fit a JS safe integer fails loudly instead of drifting.
import type pg from 'pg';
import { marketError } from '../errors.js';

/** A pool or a (transaction) client. */
export type Queryable = Pick<pg.Pool, 'query'>;

/** SQL expression of `column` (timestamptz) as integer µs since the epoch, as text. */
export function microsOf(column: string): string {
  return `(extract(epoch FROM ${column}) * 1000000)::bigint::text`;
}

/** ISO-8601 text with microseconds of a time in µs since the epoch. */
export function microsToIso(micros: number): string {
  const ms = Math.floor(micros / 1000);
  const rest = micros - ms * 1000;
  return `${new Date(ms).toISOString().slice(0, 23)}${String(rest).padStart(3, '0')}Z`;
}

/** µs since the epoch of an ISO-8601 instant (at most µs precision). */
export function isoToMicros(iso: string): number {
  const match = /\.(\d+)(?=Z|[+-]\d{2}:\d{2}$)/.exec(iso);
  const fraction = match ? match[1]! : '';
  const ms = Date.parse(iso.replace(/\.\d+(?=Z|[+-]\d{2}:\d{2}$)/, ''));
  return ms * 1000 + Number((fraction + '000000').slice(0, 6));
}

/** A bigint/numeric column value as a safe-integer number. */
export function toSafeInt(value: string | number, what: string): number {
  const number = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(number)) throw marketError('MARKET_VALUE_OUT_OF_RANGE', `${what} (${String(value)}) exceeds 2^53 - 1`);
  return number;
}
