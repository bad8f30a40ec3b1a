// Exact conversion between a venue's decimal text and Kestrel's integer ticks and lots. Why: venues
// speak decimal strings ("27123.45000000"); a float would turn 0.3 into 0.29999…, so the money path
// converts with BigInt arithmetic only (shared decimal-ticks). Invariant: a value that is not a whole
// number of ticks or lots is refused (EXECUTION_VENUE_OFF_GRID), never rounded.
import { priceToTicks, ticksToPrice } from '@kestrel/shared';
import { executionError } from '../errors.js';

/** Whole units of `step` in `text` (a price in ticks, a quantity in lots); throws EXECUTION_VENUE_OFF_GRID. */
export function unitsOf(text: string, step: string, what: string): number {
  try {
    return priceToTicks(text, step);
  } catch (error) {
    throw executionError('EXECUTION_VENUE_OFF_GRID', `${what} ${text} is not a whole number of ${step}: ${(error as Error).message}`);
  }
}

/** Decimal text of `units` × `step`, as the venue expects it. */
export function textOf(units: number, step: string): string {
  return ticksToPrice(units, step);
}
