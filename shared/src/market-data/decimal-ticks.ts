// Exact conversion between decimal price text and integer ticks. Why: in binary floating point
// 0.3 / 0.1 is 2.9999999999999996 and 4.35 * 100 is 434.99999999999994, so prices on the money path
// are converted from their text with BigInt arithmetic and never through a binary float. Invariant: priceToTicks(ticksToPrice(t, s), s) === t.
// Known limits: ticks are returned as JS numbers and must stay within ±(2^53 - 1); a price that is
// not a whole number of ticks is an error (no silent rounding).

import { MarketDataError } from './market-data-error.js';

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const MAX_TICKS = BigInt(Number.MAX_SAFE_INTEGER);

/** A decimal number as an integer coefficient and a power-of-ten scale: value = coefficient / 10^scale. */
export interface Decimal {
  coefficient: bigint;
  scale: number;
}

/** Parses plain decimal text ("100.34", "-0.5", ".25", "1e-2") exactly; throws DATA_PRICE_INVALID. */
export function parseDecimal(text: string): Decimal {
  const match = DECIMAL.exec(text.trim());
  const whole = match?.[2] ?? '';
  const fraction = match?.[3] ?? '';
  if (!match || whole.length + fraction.length === 0 || fraction.length + whole.length > 400) {
    throw new MarketDataError('DATA_PRICE_INVALID', `"${text}" is not a decimal number`);
  }
  const exponent = match[4] === undefined ? 0 : Number(match[4]);
  if (Math.abs(exponent) > 400) throw new MarketDataError('DATA_PRICE_INVALID', `"${text}" has an exponent out of range`);
  let coefficient = BigInt(whole + fraction);
  if (match[1] === '-') coefficient = -coefficient;
  let scale = fraction.length - exponent;
  if (scale < 0) {
    coefficient *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { coefficient, scale };
}

/** Parses a tick size (> 0); throws DATA_INVALID_OPTION when it is not a positive decimal. */
export function parseTickSize(tickSize: string): Decimal {
  let tick: Decimal;
  try {
    tick = parseDecimal(tickSize);
  } catch {
    throw new MarketDataError('DATA_INVALID_OPTION', `tick size "${tickSize}" is not a decimal number`);
  }
  if (tick.coefficient <= 0n) throw new MarketDataError('DATA_INVALID_OPTION', `tick size "${tickSize}" must be > 0`);
  return tick;
}

/** The price text as a whole number of ticks: priceToTicks("100.34", "0.01") === 10034. */
export function priceToTicks(price: string, tickSize: string): number {
  const p = parseDecimal(price);
  const t = parseTickSize(tickSize);
  const scale = Math.max(p.scale, t.scale);
  const numerator = p.coefficient * 10n ** BigInt(scale - p.scale);
  const denominator = t.coefficient * 10n ** BigInt(scale - t.scale);
  if (numerator % denominator !== 0n) {
    throw new MarketDataError('DATA_PRICE_OFF_TICK', `price ${price} is not a multiple of the tick size ${tickSize}`);
  }
  const ticks = numerator / denominator;
  if (ticks > MAX_TICKS || ticks < -MAX_TICKS) {
    throw new MarketDataError('DATA_PRICE_OUT_OF_RANGE', `price ${price} is ${ticks} ticks of ${tickSize}, beyond 2^53 - 1`);
  }
  return Number(ticks);
}

/** The exact decimal text of `ticks` ticks: ticksToPrice(10034, "0.01") === "100.34". */
export function ticksToPrice(ticks: number, tickSize: string): string {
  if (!Number.isSafeInteger(ticks)) {
    throw new MarketDataError('DATA_PRICE_OUT_OF_RANGE', `ticks must be a safe integer, got ${String(ticks)}`);
  }
  const t = parseTickSize(tickSize);
  const value = BigInt(ticks) * t.coefficient;
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(t.scale + 1, '0');
  const whole = digits.slice(0, digits.length - t.scale);
  const fraction = digits.slice(digits.length - t.scale);
  return `${negative ? '-' : ''}${whole}${fraction.length > 0 ? `.${fraction}` : ''}`;
}
