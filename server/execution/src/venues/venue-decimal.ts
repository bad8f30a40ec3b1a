// Exact conversion between a venue's decimal text and Kestrel's integers: prices in ticks, quantities
// in lots, fees in minor units of a currency. Why: venues speak decimal strings ("27123.45000000"); a
// float would turn 0.3 into 0.29999…, so the money path converts with BigInt arithmetic only (shared
// decimal-ticks and money). Invariants: a price or quantity that is not a whole number of ticks or
// lots is refused (EXECUTION_VENUE_OFF_GRID), never rounded; a fee is exact when the venue charged a
// whole number of minor units, otherwise it is rounded half to even ONCE, on the integer
// coefficient, and reported as not exact (the caller keeps the venue's text next to it).
import { minorDigits, parseDecimal, priceToTicks, ticksToPrice } from '@kestrel/shared';
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

/** A venue fee in minor units, and whether no rounding was needed. */
export interface MinorAmount {
  minor: number;
  exact: boolean;
}

/** The fee `text` (decimal, in `currency`) in minor units; throws EXECUTION_VENUE_FEE_INVALID for non-decimal text, an unknown currency or an amount beyond 2^53 − 1 minor units. */
export function feeMinorOf(text: string, currency: string): MinorAmount {
  let coefficient: bigint;
  let scale: number;
  let digits: number;
  try {
    ({ coefficient, scale } = parseDecimal(text));
    digits = minorDigits(currency);
  } catch (error) {
    throw executionError('EXECUTION_VENUE_FEE_INVALID', `fee ${text} ${currency}: ${(error as Error).message}`);
  }
  let minor: bigint;
  let exact = true;
  if (scale <= digits) {
    minor = coefficient * 10n ** BigInt(digits - scale);
  } else {
    const divisor = 10n ** BigInt(scale - digits);
    minor = coefficient / divisor;
    const rest = coefficient % divisor;
    if (rest !== 0n) {
      exact = false;
      const twice = 2n * (rest < 0n ? -rest : rest);
      const away = coefficient < 0n ? -1n : 1n;
      if (twice > divisor || (twice === divisor && minor % 2n !== 0n)) minor += away;
    }
  }
  if (minor > BigInt(Number.MAX_SAFE_INTEGER) || minor < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw executionError('EXECUTION_VENUE_FEE_INVALID', `fee ${text} ${currency} is beyond 2^53 - 1 minor units`);
  }
  return { minor: Number(minor), exact };
}
