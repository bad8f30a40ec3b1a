// Keyset cursors of the internal history pages (routes/history-routes.ts): the sort key of a
// page's last row, as base64url JSON tagged with the list it belongs to. Timestamps travel as
// integer microseconds since the epoch (PostgreSQL's precision; a JS Date would drop the last
// three digits and repeat or skip rows). Invariant: decode accepts only what encode produces for
// the same list — right field count, instants within 0001…9999, UUIDs, non-negative sequences —
// so a forged or foreign cursor is a 400, never a database error. Not signed: a cursor only says
// where to resume reading what the caller may read anyway.
import { MAX_INSTANT_MS, MIN_INSTANT_MS } from '@kestrel/shared';

/** The lists and the kinds of their key fields, in sort order. */
const SHAPES = {
  fills: ['instant', 'instant', 'uuid'],
  disposals: ['instant', 'instant', 'uuid', 'instant', 'sequence'],
  valuations: ['instant'],
} as const;

/** A paged list. */
export type HistoryList = keyof typeof SHAPES;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INTEGER = /^-?(0|[1-9][0-9]{0,17})$/;
const MIN_US = BigInt(MIN_INSTANT_MS) * 1000n;
const MAX_US = BigInt(MAX_INSTANT_MS) * 1000n + 999n;

function validField(kind: (typeof SHAPES)[HistoryList][number], value: unknown): boolean {
  if (typeof value !== 'string') return false;
  if (kind === 'uuid') return UUID.test(value);
  if (!INTEGER.test(value)) return false;
  const number = BigInt(value);
  return kind === 'instant' ? number >= MIN_US && number <= MAX_US : number >= 0n && number <= BigInt(Number.MAX_SAFE_INTEGER);
}

/** The cursor resuming `list` after the row whose sort key is `key`. */
export function encodeHistoryCursor(list: HistoryList, key: readonly string[]): string {
  return Buffer.from(JSON.stringify([list, ...key])).toString('base64url');
}

/** The sort key in a cursor of `list`, or null when the text is not one. */
export function decodeHistoryCursor(list: HistoryList, cursor: string): string[] | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const shape = SHAPES[list];
  if (!Array.isArray(parsed) || parsed.length !== shape.length + 1 || parsed[0] !== list) return null;
  const key = parsed.slice(1);
  return key.every((value, i) => validField(shape[i]!, value)) ? (key as string[]) : null;
}
