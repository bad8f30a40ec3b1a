// Turns the `from`/`to`/`limit` query parameters of the history routes into a checked range: from
// defaults to the epoch, to to 2200-01-01 (so "everything" pages through all stored rows), limit
// to the configured default and at most the configured maximum. Instants outside 1970..2200 are
// MARKET_INVALID_RANGE (the API accepts years 0001-9999; µs since 1970 stay safe integers only
// until 2255, and nothing is stored outside that window).
import { marketError } from '../errors.js';
import { isoToMicros } from '../store/sql-values.js';

/** The latest time a range may name (2200-01-01, far beyond any stored data). */
export const END_OF_TIME_MICROS = Date.UTC(2200, 0, 1) * 1000;

/** µs of an instant the service can store (1970-01-01 .. 2200-01-01); MARKET_INVALID_RANGE otherwise. */
export function storableMicros(iso: string, name: string): number {
  const micros = isoToMicros(iso);
  if (!Number.isSafeInteger(micros) || micros < 0 || micros > END_OF_TIME_MICROS) {
    throw marketError('MARKET_INVALID_RANGE', `${name} must be an instant from 1970-01-01 to 2200-01-01`);
  }
  return micros;
}

/** A checked range. */
export interface TimeRange {
  fromMicros: number;
  toMicros: number;
  limit: number;
}

/** Checks from < to and the limit; MARKET_INVALID_RANGE otherwise. */
export function timeRange(query: { from?: string; to?: string; limit?: number }, page: { defaultPageSize: number; maxPageSize: number }): TimeRange {
  const fromMicros = query.from === undefined ? 0 : storableMicros(query.from, 'from');
  const toMicros = query.to === undefined ? END_OF_TIME_MICROS : storableMicros(query.to, 'to');
  if (toMicros <= fromMicros) throw marketError('MARKET_INVALID_RANGE', '`to` must be after `from`');
  const limit = query.limit ?? page.defaultPageSize;
  if (limit > page.maxPageSize) throw marketError('MARKET_INVALID_RANGE', `limit may be at most ${page.maxPageSize}`);
  return { fromMicros, toMicros, limit };
}
