// Parses the date and time fields of OHLCV CSV rows into ms since the Unix epoch.
// Accepted dates: YYYY-MM-DD, YYYY/MM/DD, YYYYMMDD, each optionally followed by "T" or a space and
// a time; epoch numbers of 9+ digits (seconds below 1e11, milliseconds otherwise). Accepted times:
// HH:MM, HH:MM:SS, HH:MM:SS.fff, optionally followed by Z or an offset (+HH:MM, +HHMM, +HH).
// Without an explicit offset the wall-clock time is in `utcOffsetMinutes` (UTC by default).
// Known limits: no day-first/month-first formats (ambiguous), no named time zones or DST rules,
// fractions of a second beyond milliseconds are truncated.

const DATE = /^(\d{4})([-/]?)(\d{2})\2(\d{2})(?:[T ](.+))?$/;
const TIME = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;
const EPOCH = /^\d{9,}(?:\.\d+)?$/;

/** Milliseconds into the day and the explicit offset (minutes) of a time field, or null if invalid. */
export function parseTimeOfDay(text: string): { ms: number; offsetMinutes: number | undefined } | null {
  const m = TIME.exec(text.trim());
  if (!m) return null;
  const hours = Number(m[1]);
  const minutes = Number(m[2]);
  const seconds = m[3] === undefined ? 0 : Number(m[3]);
  const millis = m[4] === undefined ? 0 : Number(m[4].slice(0, 3).padEnd(3, '0'));
  if (hours > 23 || minutes > 59 || seconds > 59) return null;
  let offsetMinutes: number | undefined;
  const zone = m[5];
  if (zone === 'Z') offsetMinutes = 0;
  else if (zone !== undefined) {
    const digits = zone.slice(1).replace(':', '');
    const zoneMinutes = Number(digits.slice(0, 2)) * 60 + (digits.length > 2 ? Number(digits.slice(2)) : 0);
    if (zoneMinutes > 18 * 60) return null;
    offsetMinutes = zone.startsWith('-') ? -zoneMinutes : zoneMinutes;
  }
  return { ms: ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis, offsetMinutes };
}

/** True when `text` looks like a time of day (used to detect an unnamed time column). */
export function isTimeOfDay(text: string): boolean {
  return parseTimeOfDay(text) !== null;
}

/**
 * The timestamp (ms since epoch) of a date field plus an optional separate time field, or null when
 * either is not in an accepted format.
 */
export function parseTimestamp(dateText: string, timeText: string | undefined, utcOffsetMinutes: number): number | null {
  const date = dateText.trim();
  if (EPOCH.test(date) && timeText === undefined) {
    const value = Number(date);
    return value < 1e11 ? Math.round(value * 1000) : Math.round(value);
  }
  const m = DATE.exec(date);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[3]);
  const day = Number(m[4]);
  const dayStart = Date.UTC(year, month - 1, day);
  const check = new Date(dayStart);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  const inlineTime = m[5];
  if (inlineTime !== undefined && timeText !== undefined) return null;
  const timeField = inlineTime ?? timeText;
  let ms = 0;
  let offset = utcOffsetMinutes;
  if (timeField !== undefined) {
    const time = parseTimeOfDay(timeField);
    if (!time) return null;
    ms = time.ms;
    if (time.offsetMinutes !== undefined) offset = time.offsetMinutes;
  }
  return dayStart + ms - offset * 60_000;
}
