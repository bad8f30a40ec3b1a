// The difference between the rows a grid shows and a new list of rows, by row id, as an AG Grid
// transaction (add, update, remove). Lists from the server are rebuilt on every poll (new
// objects), so rows are compared by value (JSON-like data: primitives, arrays, plain objects),
// and only rows whose values changed are handed to the grid — it then re-renders those rows
// only, instead of re-reading the whole list. Invariant: after applying the delta, the shown
// map holds exactly the new list's rows.

/** A grid transaction. */
export interface RowDelta<T> {
  add: T[];
  update: T[];
  remove: T[];
}

/** The delta from `shown` to `next`, and `shown` updated to `next`; null when nothing changed. */
export function rowDelta<T extends { id: string }>(shown: Map<string, T>, next: readonly T[]): RowDelta<T> | null {
  const add: T[] = [];
  const update: T[] = [];
  for (const row of next) {
    const previous = shown.get(row.id);
    if (previous === undefined) add.push(row);
    else if (previous !== row && !sameValue(previous, row)) update.push(row);
    shown.set(row.id, row);
  }
  // Ids are unique, so every shown row is in the new list exactly when the sizes agree: the
  // common case (nothing removed) costs no set of the new ids.
  const remove: T[] = [];
  if (shown.size !== next.length) {
    const seen = new Set(next.map((row) => row.id));
    for (const [id, row] of shown) {
      if (!seen.has(id)) {
        remove.push(row);
        shown.delete(id);
      }
    }
  }
  return add.length + update.length + remove.length === 0 ? null : { add, update, remove };
}

/** Deep equality of JSON-like values (functions compare by reference). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    if (!sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}
