// Opaque keyset-paging cursors. A cursor names the last row of the previous page by its sort key
// (time in µs, plus the row sequence for tables where times tie) and the query it belongs to, so
// the next page is `WHERE (ts, seq) > (cursor)` — stable under inserts, O(page) at any depth,
// never OFFSET. Invariant: a cursor only decodes for the same query scope (symbol, interval,
// order); anything else is MARKET_CURSOR_INVALID.
import { marketError } from '../errors.js';

/** The sort key of the last row of a page. */
export interface CursorKey {
  timeMicros: number;
  seq: number;
}

interface CursorBody {
  v: 1;
  scope: string;
  t: number;
  s: number;
}

/** Encodes the key of the last row served, for the query identified by `scope`. */
export function encodeCursor(scope: string, key: CursorKey): string {
  const body: CursorBody = { v: 1, scope, t: key.timeMicros, s: key.seq };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

/** Decodes a cursor of `scope`; throws MARKET_CURSOR_INVALID otherwise. */
export function decodeCursor(scope: string, cursor: string): CursorKey {
  let body: Partial<CursorBody>;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<CursorBody>;
  } catch {
    throw marketError('MARKET_CURSOR_INVALID', 'The cursor is not one this service issued');
  }
  if (body?.v !== 1 || !Number.isSafeInteger(body.t) || !Number.isSafeInteger(body.s)) {
    throw marketError('MARKET_CURSOR_INVALID', 'The cursor is not one this service issued');
  }
  if (body.scope !== scope) throw marketError('MARKET_CURSOR_INVALID', 'The cursor belongs to another query (symbol, interval or order differ)');
  return { timeMicros: body.t!, seq: body.s! };
}
