// When an instrument trades: weekly sessions in the venue's own time zone, minus holidays.
// Why a time zone and wall-clock times rather than UTC: exchange hours follow local daylight
// saving, so "09:30-16:00 America/New_York" is right all year while a UTC range is wrong half of it.
// Invariants: a session's open < close on the same local day (an overnight session is written as
// two sessions; `24:00` closes at the end of the local day, so `00:00`-`24:00` on all seven days is
// around the clock without a gap); days are ISO weekdays (1 = Monday ... 7 = Sunday). Known limits: no half days
// or auctions; holidays close the whole local day.
import { Type, type Static } from '@sinclair/typebox';
import { DaySchema } from './primitives.js';
import { TradingError } from './trading-error.js';

/** A local wall-clock time `HH:MM` (24 h). */
export const WallClockSchema = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' });

/** A session's close `HH:MM`, or `24:00` for the end of the local day. */
export const SessionCloseSchema = Type.String({ pattern: '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$' });

/** One weekly session: on `days`, from `open` (inclusive) to `close` (exclusive), local time. */
export const WeeklySessionSchema = Type.Object(
  {
    days: Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), { minItems: 1, maxItems: 7, uniqueItems: true }),
    open: WallClockSchema,
    close: SessionCloseSchema,
  },
  { additionalProperties: false },
);
/** One weekly session. */
export type WeeklySession = Static<typeof WeeklySessionSchema>;

/** An instrument's trading calendar. */
export const TradingHoursSchema = Type.Object(
  {
    /** IANA time zone of the venue, e.g. `America/New_York`. */
    timeZone: Type.String({ minLength: 1, maxLength: 64 }),
    sessions: Type.Array(WeeklySessionSchema, { maxItems: 32 }),
    /** Local days on which the venue is closed. */
    holidays: Type.Array(DaySchema, { maxItems: 1000 }),
  },
  { additionalProperties: false },
);
/** An instrument's trading calendar. */
export type TradingHours = Static<typeof TradingHoursSchema>;

/** Around-the-clock trading, 24 hours on 7 days (crypto, the simulation venue). */
export const ALWAYS_OPEN: TradingHours = {
  timeZone: 'UTC',
  sessions: [{ days: [1, 2, 3, 4, 5, 6, 7], open: '00:00', close: '24:00' }],
  holidays: [],
};

const WEEKDAYS: Readonly<Record<string, number>> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        weekday: 'short',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hourCycle: 'h23',
      });
    } catch {
      throw new TradingError('TRADING_INVALID_INSTRUMENT', `unknown time zone "${timeZone}"`);
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** A local time: ISO weekday (1-7), day (YYYY-MM-DD) and minute of the day. */
export interface LocalTime {
  weekday: number;
  day: string;
  minuteOfDay: number;
}

/** Per time zone, the last UTC minute converted and its local time (order entry asks once per order). */
const lastMinute = new Map<string, { utcMinute: number; local: LocalTime }>();

/** The local weekday (1-7), day (YYYY-MM-DD) and minute of the day of `at` in `timeZone`. */
export function localTime(at: Date, timeZone: string): LocalTime {
  const utcMinute = Math.floor(at.getTime() / 60_000);
  const cached = lastMinute.get(timeZone);
  if (cached !== undefined && cached.utcMinute === utcMinute) return cached.local;
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(at)) parts[part.type] = part.value;
  const local: LocalTime = Object.freeze({
    weekday: WEEKDAYS[parts.weekday ?? ''] ?? 0,
    day: `${parts.year}-${parts.month}-${parts.day}`,
    minuteOfDay: Number(parts.hour) * 60 + Number(parts.minute),
  });
  // The whole UTC minute has this local time only when the zone's offset is whole minutes then
  // (not so for some historical offsets, e.g. Monrovia's −0:44:30 until 1972): the seconds tell.
  if (Number(parts.second) === at.getUTCSeconds()) lastMinute.set(timeZone, { utcMinute, local });
  return local;
}

function minutes(clock: string): number {
  return Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
}

/** Throws TRADING_INVALID_INSTRUMENT unless the time zone exists and every session opens before it closes. */
export function assertTradingHours(hours: TradingHours): void {
  formatterFor(hours.timeZone);
  hours.sessions.forEach((session, index) => {
    if (minutes(session.open) >= minutes(session.close)) {
      throw new TradingError('TRADING_INVALID_INSTRUMENT', `session ${index} opens at ${session.open}, not before its close ${session.close}`);
    }
  });
}

/** True when `at` falls inside a session on a day that is not a holiday. */
export function isWithinTradingHours(hours: TradingHours, at: Date): boolean {
  const local = localTime(at, hours.timeZone);
  if (hours.holidays.includes(local.day)) return false;
  return hours.sessions.some(
    (session) =>
      session.days.includes(local.weekday) &&
      local.minuteOfDay >= minutes(session.open) &&
      local.minuteOfDay < minutes(session.close),
  );
}
