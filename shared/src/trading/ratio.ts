// Exact rational numbers for averages that are not whole ticks or minor units (average fill
// price, average cost). Why: an average of integer prices is rarely an integer, and storing it
// as a float drifts with every fill; keeping numerator and denominator as integers keeps it
// exact, and rounding happens once, for display. Invariants: a Fraction is normalised
// (denominator > 0, gcd(|numerator|, denominator) = 1); every rounding names its mode.
// Known limits: bigint arithmetic, so callers convert back to numbers with toSafeNumber.
import { Type, type Static } from '@sinclair/typebox';
import { IntegerStringSchema } from './primitives.js';
import { TradingError } from './trading-error.js';

/** An exact rational number in normalised form. */
export interface Fraction {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

/** The wire form of a Fraction: both parts as decimal integer strings (denominator > 0). */
export const RatioSchema = Type.Object(
  { numerator: IntegerStringSchema, denominator: IntegerStringSchema },
  { additionalProperties: false, description: 'Exact rational number: numerator / denominator' },
);
/** The wire form of a Fraction. */
export type Ratio = Static<typeof RatioSchema>;

/** How a fraction becomes an integer. `half-even` is banker's rounding; `floor`/`ceil` go toward -∞/+∞. */
export type RoundingMode = 'half-even' | 'half-up' | 'floor' | 'ceil' | 'trunc';

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** numerator / denominator, normalised; TRADING_INVALID_RATIO when the denominator is 0. */
export function fraction(numerator: bigint | number, denominator: bigint | number = 1n): Fraction {
  let n = BigInt(numerator);
  let d = BigInt(denominator);
  if (d === 0n) throw new TradingError('TRADING_INVALID_RATIO', 'a ratio cannot have a zero denominator');
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const g = gcd(n, d);
  return g > 1n ? { numerator: n / g, denominator: d / g } : { numerator: n, denominator: d };
}

/** a + b. */
export function addFractions(a: Fraction, b: Fraction): Fraction {
  return fraction(a.numerator * b.denominator + b.numerator * a.denominator, a.denominator * b.denominator);
}

/** a × b. */
export function multiplyFractions(a: Fraction, b: Fraction): Fraction {
  return fraction(a.numerator * b.numerator, a.denominator * b.denominator);
}

/** -1, 0 or 1 as a is less than, equal to or greater than b. */
export function compareFractions(a: Fraction, b: Fraction): -1 | 0 | 1 {
  const left = a.numerator * b.denominator;
  const right = b.numerator * a.denominator;
  return left < right ? -1 : left > right ? 1 : 0;
}

/** numerator / denominator rounded to an integer with `mode` (denominator must be > 0). */
export function divideRounded(numerator: bigint, denominator: bigint, mode: RoundingMode): bigint {
  if (denominator <= 0n) throw new TradingError('TRADING_INVALID_RATIO', 'divideRounded needs a positive denominator');
  const quotient = numerator / denominator; // truncates toward zero
  const remainder = numerator % denominator;
  if (remainder === 0n) return quotient;
  const negative = numerator < 0n;
  const floor = negative ? quotient - 1n : quotient;
  const ceil = floor + 1n;
  switch (mode) {
    case 'floor':
      return floor;
    case 'ceil':
      return ceil;
    case 'trunc':
      return quotient;
    case 'half-up':
    case 'half-even': {
      const twice = 2n * (negative ? -remainder : remainder);
      // Distance from floor, doubled, compared with the denominator: <, = or > one half.
      const fromFloor = negative ? 2n * denominator - twice : twice;
      if (fromFloor < denominator) return floor;
      if (fromFloor > denominator) return ceil;
      if (mode === 'half-up') return negative ? floor : ceil; // half away from zero
      return floor % 2n === 0n ? floor : ceil;
    }
  }
}

/** The fraction rounded to an integer. */
export function roundFraction(value: Fraction, mode: RoundingMode): bigint {
  return divideRounded(value.numerator, value.denominator, mode);
}

/** Converts a bigint to a number, or throws TRADING_AMOUNT_OUT_OF_RANGE naming `what`. */
export function toSafeNumber(value: bigint, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new TradingError('TRADING_AMOUNT_OUT_OF_RANGE', `${what} (${value}) is outside ±(2^53 - 1)`);
  }
  return Number(value);
}

/** The wire form of a fraction. */
export function toRatio(value: Fraction): Ratio {
  return { numerator: value.numerator.toString(), denominator: value.denominator.toString() };
}

const INTEGER = /^-?(0|[1-9][0-9]*)$/;

/** Parses the wire form; TRADING_INVALID_RATIO for non-integers or a denominator <= 0. */
export function fromRatio(value: Ratio): Fraction {
  if (!INTEGER.test(value.numerator) || !INTEGER.test(value.denominator)) {
    throw new TradingError('TRADING_INVALID_RATIO', 'ratio parts must be decimal integer strings');
  }
  const denominator = BigInt(value.denominator);
  if (denominator <= 0n) throw new TradingError('TRADING_INVALID_RATIO', 'a ratio denominator must be positive');
  return fraction(BigInt(value.numerator), denominator);
}

/** The fraction as decimal text with exactly `decimals` fraction digits, rounded with `mode` (default half-even). */
export function formatFraction(value: Fraction, decimals: number, mode: RoundingMode = 'half-even'): string {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 30) {
    throw new TradingError('TRADING_INVALID_RATIO', `decimals must be an integer in 0..30, got ${decimals}`);
  }
  const scaled = divideRounded(value.numerator * 10n ** BigInt(decimals), value.denominator, mode);
  const negative = scaled < 0n;
  const digits = (negative ? -scaled : scaled).toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fractionDigits = digits.slice(digits.length - decimals);
  return `${negative ? '-' : ''}${whole}${decimals > 0 ? `.${fractionDigits}` : ''}`;
}

/**
 * Splits the integer `total` into parts proportional to `weights` (all >= 0, sum > 0) so the parts
 * add up to `total` exactly: each part is floor(total × weight / sum) except the last positively
 * weighted one, which takes the remainder. Used wherever one integer amount is shared out (fill proceeds across tax lots).
 */
export function allocateProportionally(total: bigint, weights: readonly bigint[]): bigint[] {
  const sum = weights.reduce((acc, weight) => acc + weight, 0n);
  if (sum <= 0n || weights.some((weight) => weight < 0n)) {
    throw new TradingError('TRADING_INVALID_RATIO', 'allocation weights must be non-negative with a positive sum');
  }
  // The remainder goes to the last part with a positive weight, so a zero weight always gets 0.
  let last = weights.length - 1;
  while (weights[last] === 0n) last -= 1;
  const parts = weights.map((weight, index) => (index === last ? 0n : divideRounded(total * weight, sum, 'floor')));
  parts[last] = total - parts.reduce((acc, part) => acc + part, 0n);
  return parts;
}
