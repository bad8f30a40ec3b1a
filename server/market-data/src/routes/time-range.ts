// Turns the `from`/`to`/`limit`/`cursor` query parameters of the history routes into a checked
// range: from defaults to the epoch, to to far in the future (so "everything" pages through all
// stored rows), limit to the configured default and at most the configured maximum.
import { marketError } from '../errors.js';
import { isoToMicros } from '../store/sql-values.js';

/** The latest time a range may name (2200-01-01, far beyond any stored data). */
export const END_OF_TIME_MICROS = Date.UTC(2200, 0, 1) * 1000;

/** A checked range. */
export interface TimeRange {
  fromMicros: number;
  toMicros: number;
  limit: number;
}

/** Checks from < to and the limit; MARKET_INVALID_RANGE otherwise. */
export function timeRange(query: { from?: string; to?: string; limit?: number }, page: { defaultPageSize: number; maxPageSize: number }): TimeRange {
  const fromMicros = query.from === undefined ? 0 : isoToMicros(query.from);
  const toMicros = query.to === undefined ? END_OF_TIME_MICROS : isoToMicros(query.to);
  if (!Number.isSafeInteger(fromMicros) || !Number.isSafeInteger(toMicros) || fromMicros < 0) {
    throw marketError('MARKET_INVALID_RANGE', 'from/to must be instants after 1970-01-01');
  }
  if (toMicros <= fromMicros) throw marketError('MARKET_INVALID_RANGE', '`to` must be after `from`');
  const limit = query.limit ?? page.defaultPageSize;
  if (limit > page.maxPageSize) throw marketError('MARKET_INVALID_RANGE', `limit may be at most ${page.maxPageSize}`);
  return { fromMicros, toMicros, limit };
}
