// Opaque keyset-paging cursors. A list is ordered newest first by a per-table sequence; a cursor
// names the last row served and the query it belongs to, so the next page is `seq < cursor` —
// stable under inserts, O(page) at any depth, never OFFSET. Invariant: a cursor decodes only for
// the same query (same filters); anything else is refused (the caller answers ORDER_CURSOR_INVALID).
import { createHash } from 'node:crypto';

interface CursorBody {
  v: 1;
  q: string;
  s: number;
}

/** A short digest of the query's filters (everything but the cursor and the page size). */
export function queryScope(filters: Record<string, unknown>): string {
  const entries = Object.entries(filters)
    .filter(([key, value]) => value !== undefined && key !== 'cursor' && key !== 'limit')
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return createHash('sha256').update(JSON.stringify(entries)).digest('base64url').slice(0, 16);
}

/** The cursor after the row with sequence `seq`. */
export function encodeCursor(scope: string, seq: number): string {
  const body: CursorBody = { v: 1, q: scope, s: seq };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

/** The sequence a cursor of `scope` names, or null when it is not a cursor of this query. */
export function decodeCursor(scope: string, cursor: string): number | null {
  try {
    const body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<CursorBody>;
    if (body?.v !== 1 || body.q !== scope || !Number.isSafeInteger(body.s) || (body.s as number) < 0) return null;
    return body.s as number;
  } catch {
    return null;
  }
}
