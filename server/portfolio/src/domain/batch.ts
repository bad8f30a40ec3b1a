// Folding a bulk upsert to one entry per key, with the result applying its entries one by one
// would leave. Why: PostgreSQL refuses an INSERT … ON CONFLICT DO UPDATE that touches the same row
// twice, so a batch naming a symbol (or symbol and day) twice must be folded before it is written.
// Invariant: the folded batch, written in one statement, stores exactly what writing the original
// entries in order would; keys keep the order of their first appearance.

/** One entry per key: the last one given (a later definition replaces an earlier one). */
export function lastPerKey<T>(items: readonly T[], keyOf: (item: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const item of items) byKey.set(keyOf(item), item);
  return [...byKey.values()];
}

/**
 * One entry per key: the one with the greatest `timeOf`, the later one on a tie — what a sequence
 * of "a newer or equal time replaces" upserts leaves (the rule portfolio_marks follows).
 */
export function newestPerKey<T>(items: readonly T[], keyOf: (item: T) => string, timeOf: (item: T) => number): T[] {
  const byKey = new Map<string, T>();
  for (const item of items) {
    const key = keyOf(item);
    const current = byKey.get(key);
    if (current === undefined || timeOf(item) >= timeOf(current)) byKey.set(key, item);
  }
  return [...byKey.values()];
}
