// The time-and-sales tape: trades merged by id, newest first, bounded, with "large" prints
// marked (at least five times the median size of what the tape holds).
import type { Trade } from '../../api/market-data-api.js';

/** Most prints the tape keeps. */
export const TAPE_LIMIT = 500;

/** Merges a newest-first batch into the tape (newest first, unique ids, bounded). */
export function mergeTape(tape: readonly Trade[], batch: readonly Trade[], limit = TAPE_LIMIT): Trade[] {
  const seen = new Set(tape.map((trade) => `${trade.source}:${trade.tradeId}`));
  const fresh = batch.filter((trade) => !seen.has(`${trade.source}:${trade.tradeId}`));
  if (fresh.length === 0) return tape as Trade[];
  return [...fresh, ...tape].sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : 0)).slice(0, limit);
}

/** The size from which a print counts as large. */
export function largePrintThreshold(tape: readonly Trade[]): number {
  if (tape.length === 0) return Infinity;
  const sizes = tape.map((trade) => trade.quantityLots).sort((a, b) => a - b);
  return sizes[Math.floor(sizes.length / 2)]! * 5;
}
