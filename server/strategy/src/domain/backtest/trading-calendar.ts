// Trading calendars for the pre-flight data check: which days a market is expected to have bars.
//   xnys      New York Stock Exchange: Monday-Friday without NYSE holidays (rules below) and the
//             unscheduled closures listed in SPECIAL_CLOSURES.
//   weekdays  Monday-Friday, no holidays.
//   all       every day (crypto, 24x7 markets).
// NYSE rules: New Year's Day (Sunday -> Monday; Saturday -> not observed), Martin Luther King Jr.
// Day (3rd Monday of January, from 1998), Washington's Birthday (3rd Monday of February), Good
// Friday, Memorial Day (last Monday of May), Juneteenth (from 2022), Independence Day, Labor Day
// (1st Monday of September), Thanksgiving (4th Thursday of November), Christmas; fixed-date
// holidays falling on a Saturday are observed on the Friday before, on a Sunday the Monday after.
// Known limits: accurate from 1990 on; later unscheduled closures must be declared as holidays.

import type { TradingSession } from '@kestrel/shared';

/** The calendars known by name. */
export const CALENDARS = ['xnys', 'weekdays', 'all'] as const;
/** A calendar name. */
export type CalendarName = (typeof CALENDARS)[number];

/** NYSE full-day closures outside the regular holiday rules (national mourning, storms, 9/11). */
export const SPECIAL_CLOSURES: readonly string[] = [
  '1994-04-27',
  '2001-09-11',
  '2001-09-12',
  '2001-09-13',
  '2001-09-14',
  '2004-06-11',
  '2007-01-02',
  '2012-10-29',
  '2012-10-30',
  '2018-12-05',
  '2025-01-09',
];

const DAY_MS = 86_400_000;

function iso(year: number, month: number, day: number): string {
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
}

/** The `n`th (1-based; -1 = last) `weekday` (0 = Sunday) of a month. */
function nthWeekday(year: number, month: number, weekday: number, n: number): string {
  if (n > 0) {
    const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
    return iso(year, month, 1 + ((weekday - first + 7) % 7) + (n - 1) * 7);
  }
  const lastDay = new Date(Date.UTC(year, month, 0));
  const back = (lastDay.getUTCDay() - weekday + 7) % 7;
  return iso(year, month, lastDay.getUTCDate() - back);
}

/** Easter Sunday (Gregorian, anonymous algorithm) as [month, day]. */
function easter(year: number): [number, number] {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  return [month, ((h + l - 7 * m + 114) % 31) + 1];
}

/** A fixed-date holiday moved off the weekend (Saturday -> Friday, Sunday -> Monday). */
function observed(year: number, month: number, day: number): string {
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return iso(year, month, day + (weekday === 6 ? -1 : weekday === 0 ? 1 : 0));
}

/** NYSE holidays of the years fromYear..toYear (inclusive), as sorted YYYY-MM-DD dates. */
export function nyseHolidays(fromYear: number, toYear: number): string[] {
  const days: string[] = [];
  for (let year = fromYear; year <= toYear; year++) {
    const newYear = new Date(Date.UTC(year, 0, 1)).getUTCDay();
    if (newYear !== 6) days.push(observed(year, 1, 1));
    if (year >= 1998) days.push(nthWeekday(year, 1, 1, 3));
    days.push(nthWeekday(year, 2, 1, 3));
    const [month, day] = easter(year);
    days.push(new Date(Date.UTC(year, month - 1, day) - 2 * DAY_MS).toISOString().slice(0, 10));
    days.push(nthWeekday(year, 5, 1, -1));
    if (year >= 2022) days.push(observed(year, 6, 19));
    days.push(observed(year, 7, 4));
    days.push(nthWeekday(year, 9, 1, 1));
    days.push(nthWeekday(year, 11, 4, 4));
    days.push(observed(year, 12, 25));
    for (const closure of SPECIAL_CLOSURES) if (closure.startsWith(`${year}-`)) days.push(closure);
  }
  return [...new Set(days)].sort();
}

/** The weekdays and holidays of a calendar over the years fromYear..toYear. */
export function calendarDays(name: CalendarName, fromYear: number, toYear: number): Pick<TradingSession, 'weekdays' | 'holidays'> {
  switch (name) {
    case 'xnys':
      return { weekdays: [1, 2, 3, 4, 5], holidays: nyseHolidays(fromYear, toYear) };
    case 'weekdays':
      return { weekdays: [1, 2, 3, 4, 5], holidays: [] };
    case 'all':
      return { weekdays: [0, 1, 2, 3, 4, 5, 6], holidays: [] };
  }
}
