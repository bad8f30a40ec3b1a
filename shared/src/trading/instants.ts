// Calendar days and instants as the trading contracts carry them, and the range Kestrel stores and
// returns. Why a range: PostgreSQL has no year 0, and JavaScript renders an instant outside the
// years 0001-9999 as "+010000-…" or "-000001-…", which is not the four-digit form every Kestrel
// timestamp has. A timestamp can carry an offset that moves it across those edges
// ("9999-12-31T23:00:00-15:00" is in year 10000 UTC), which no pattern can express, so services
// check the parsed instant with instantMillis() and answer a stable 4xx code when it is outside.
// Invariants: isCalendarDay accepts exactly the days of the proleptic Gregorian calendar from
// 0001-01-01 to 9999-12-31; instantMillis accepts only the TimestampSchema form naming a real
// day, and returns the instant in milliseconds (finer digits are truncated, as by Date).
// Known limit: no leap seconds (a JavaScript Date cannot hold 23:59:60; the pattern refuses it).

/** Earliest supported instant, 0001-01-01T00:00:00.000Z, in epoch milliseconds. */
export const MIN_INSTANT_MS = Date.parse('0001-01-01T00:00:00.000Z');
/** Latest supported instant, 9999-12-31T23:59:59.999Z, in epoch milliseconds. */
export const MAX_INSTANT_MS = Date.parse('9999-12-31T23:59:59.999Z');

/** Four-digit years 0001-9999 (PostgreSQL has no year 0). */
export const YEAR_PATTERN = '(000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})';
/** `YYYY-MM-DD` with a month 01-12 and a day 01-31 (whether the day exists is the `date` format's check). */
export const DAY_PATTERN = `${YEAR_PATTERN}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])`;
/**
 * An ISO-8601 instant with an explicit offset: seconds 00-59 (no leap second), up to nine
 * fractional digits, and an offset of at most ±15:59 — PostgreSQL's limit, beyond every real
 * zone (−12:00 … +14:00).
 */
export const INSTANT_PATTERN = `${DAY_PATTERN}T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,9})?(Z|[+-](0[0-9]|1[0-5]):[0-5][0-9])`;

const DAY = new RegExp(`^${DAY_PATTERN}$`);
const INSTANT = new RegExp(`^${INSTANT_PATTERN}$`);
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** True when `text` is `YYYY-MM-DD` naming a day that exists, from 0001-01-01 to 9999-12-31. */
export function isCalendarDay(text: string): boolean {
  if (!DAY.test(text)) return false;
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(5, 7));
  const day = Number(text.slice(8, 10));
  const length = month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1]!;
  return day <= length;
}

/**
 * The instant `text` names, in epoch milliseconds, or null when it is not the TimestampSchema form,
 * names a day that does not exist, or lies (in UTC) outside MIN_INSTANT_MS … MAX_INSTANT_MS.
 */
export function instantMillis(text: string): number | null {
  // The day check matters: Date.parse quietly rolls "2023-02-30" over to 2 March.
  if (!INSTANT.test(text) || !isCalendarDay(text.slice(0, 10))) return null;
  const millis = Date.parse(text);
  return Number.isFinite(millis) && millis >= MIN_INSTANT_MS && millis <= MAX_INSTANT_MS ? millis : null;
}
