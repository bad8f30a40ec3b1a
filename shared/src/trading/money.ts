// The money convention: every amount is an integer number of MINOR UNITS of one currency (cents
// for USD, pence for GBP, yen for JPY), carried as a JS number that validation guarantees is a
// safe integer. Decimal text is converted exactly (bigint), never through a binary float.
// Invariants: minorToDecimal(decimalToMinor(text, c), c) is the canonical form of text;
// decimalToMinor refuses text with more fraction digits than the currency has (no silent rounding).
// Known limits: the currency table lists the common ISO 4217 codes only; amounts above
// 2^53 - 1 minor units (about 90 trillion USD) are refused rather than approximated.
import { parseDecimal } from '../market-data/decimal-ticks.js';
import { toSafeNumber } from './ratio.js';
import { TradingError } from './trading-error.js';

/** Digits after the decimal point of each supported currency (ISO 4217 minor unit). */
export const CURRENCY_MINOR_DIGITS = {
  AUD: 2,
  BRL: 2,
  CAD: 2,
  CHF: 2,
  CNY: 2,
  CZK: 2,
  DKK: 2,
  EUR: 2,
  GBP: 2,
  HKD: 2,
  HUF: 2,
  ILS: 2,
  INR: 2,
  JPY: 0,
  KRW: 0,
  KWD: 3,
  MXN: 2,
  NOK: 2,
  NZD: 2,
  PLN: 2,
  SEK: 2,
  SGD: 2,
  TRY: 2,
  USD: 2,
  ZAR: 2,
} as const;

/** A supported currency code. */
export type CurrencyCode = keyof typeof CURRENCY_MINOR_DIGITS;

/** True when `code` is a supported currency. */
export function isCurrencyCode(code: string): code is CurrencyCode {
  return Object.hasOwn(CURRENCY_MINOR_DIGITS, code);
}

/** Minor-unit digits of `currency`; TRADING_CURRENCY_UNKNOWN when it is not supported. */
export function minorDigits(currency: string): number {
  if (!isCurrencyCode(currency)) throw new TradingError('TRADING_CURRENCY_UNKNOWN', `currency ${currency} is not supported`);
  return CURRENCY_MINOR_DIGITS[currency];
}

/** True when `value` is an integer amount that a JSON number carries exactly. */
export function isMinorUnits(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

/** Exact minor units of decimal text: decimalToMinor("12.34", "USD") === 1234; TRADING_NOT_EXACT for "12.345". */
export function decimalToMinor(text: string, currency: string): number {
  const digits = minorDigits(currency);
  let parsed;
  try {
    parsed = parseDecimal(text);
  } catch {
    throw new TradingError('TRADING_NOT_EXACT', `"${text}" is not a decimal amount`);
  }
  if (parsed.scale > digits) {
    const excess = 10n ** BigInt(parsed.scale - digits);
    if (parsed.coefficient % excess !== 0n) {
      throw new TradingError('TRADING_NOT_EXACT', `${text} ${currency} is not a whole number of minor units (${digits} decimals)`);
    }
    return toSafeNumber(parsed.coefficient / excess, `${text} ${currency}`);
  }
  return toSafeNumber(parsed.coefficient * 10n ** BigInt(digits - parsed.scale), `${text} ${currency}`);
}

/** Decimal text of an amount in minor units: minorToDecimal(-1234, "USD") === "-12.34". */
export function minorToDecimal(minor: number, currency: string): string {
  if (!isMinorUnits(minor)) throw new TradingError('TRADING_AMOUNT_OUT_OF_RANGE', `${String(minor)} is not a safe integer amount`);
  const digits = minorDigits(currency);
  const negative = minor < 0;
  const text = Math.abs(minor).toString().padStart(digits + 1, '0');
  const whole = text.slice(0, text.length - digits);
  const fraction = text.slice(text.length - digits);
  return `${negative ? '-' : ''}${whole}${digits > 0 ? `.${fraction}` : ''}`;
}

/** a + b + ... in minor units; TRADING_AMOUNT_OUT_OF_RANGE instead of a silently inexact sum. */
export function addMinor(...amounts: number[]): number {
  let total = 0n;
  for (const amount of amounts) {
    if (!isMinorUnits(amount)) throw new TradingError('TRADING_AMOUNT_OUT_OF_RANGE', `${String(amount)} is not a safe integer amount`);
    total += BigInt(amount);
  }
  return toSafeNumber(total, 'sum of amounts');
}
