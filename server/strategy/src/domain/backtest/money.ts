// Exact money for a backtest: every amount on the accounting path (cash, fill notional,
// commission, equity) is an integer number of minor units, where one minor unit is 10^-decimals
// of the price currency. The decimals are chosen per run so that every price tick and the initial
// cash are whole numbers of minor units (see moneyDecimalsFor), which makes fills exact without
// any rounding; only percentage-based commissions and slippage round, once, with a stated rule.
// Invariant: toMinor(text) is exact or throws; minorToNumber(m) is the double nearest to the exact
// decimal m / 10^decimals, i.e. the number JSON.parse would give for its decimal text.
// Known limit: amounts beyond ±(2^53 - 1) minor units throw BACKTEST_AMOUNT_OUT_OF_RANGE.

import { parseDecimal } from '@kestrel/shared';
import { BacktestError } from './backtest-error.js';

/** The largest number of decimals a run's minor unit may have. */
export const MAX_MONEY_DECIMALS = 12;

/** Exact minor units of decimal text at `decimals`; throws when it has more decimals or is out of range. */
export function toMinor(text: string, decimals: number, what: string): number {
  let parsed;
  try {
    parsed = parseDecimal(text);
  } catch {
    throw new BacktestError('BACKTEST_INVALID_CONFIG', `${what} "${text}" is not a decimal number`);
  }
  if (parsed.scale > decimals) {
    throw new BacktestError('BACKTEST_INVALID_CONFIG', `${what} ${text} has more than ${decimals} decimals`);
  }
  const minor = parsed.coefficient * 10n ** BigInt(decimals - parsed.scale);
  if (minor > BigInt(Number.MAX_SAFE_INTEGER) || minor < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new BacktestError('BACKTEST_AMOUNT_OUT_OF_RANGE', `${what} ${text} is beyond 2^53 - 1 minor units`);
  }
  return Number(minor);
}

/** Number of decimals of decimal text ("10000" -> 0, "0.25" -> 2, "1e-3" -> 3). */
export function decimalsOf(text: string, what: string): number {
  try {
    return parseDecimal(text).scale;
  } catch {
    throw new BacktestError('BACKTEST_INVALID_CONFIG', `${what} "${text}" is not a decimal number`);
  }
}

/** The minor unit of a run: enough decimals for every tick size and the cash, and at least 2 (cents). */
export function moneyDecimalsFor(decimalTexts: readonly string[]): number {
  let decimals = 2;
  for (const text of decimalTexts) decimals = Math.max(decimals, decimalsOf(text, 'amount'));
  if (decimals > MAX_MONEY_DECIMALS) {
    throw new BacktestError('BACKTEST_INVALID_CONFIG', `amounts need ${decimals} decimals; at most ${MAX_MONEY_DECIMALS} are supported`);
  }
  return decimals;
}

/** The exact decimal text of `minor` minor units. */
export function minorToText(minor: number, decimals: number): string {
  if (!Number.isSafeInteger(minor)) throw new BacktestError('BACKTEST_AMOUNT_OUT_OF_RANGE', `${String(minor)} is not a safe integer amount`);
  const negative = minor < 0;
  const digits = Math.abs(minor).toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction.length > 0 ? `.${fraction}` : ''}`;
}

/** `minor` as a JSON number equal to the exact decimal (the nearest double to it). */
export function minorToNumber(minor: number, decimals: number): number {
  return Number(minorToText(minor, decimals));
}

/** Throws BACKTEST_AMOUNT_OUT_OF_RANGE unless `value` is a safe integer; returns it. */
export function checkedMinor(value: number, what: string): number {
  if (!Number.isSafeInteger(value)) {
    throw new BacktestError('BACKTEST_AMOUNT_OUT_OF_RANGE', `${what} (${String(value)}) is outside ±(2^53 - 1) minor units`);
  }
  return value;
}
