// Finds the absent bars between the bars of a history page, with the shared gap report
// (shared/src/market-data/gap-report.ts) and a session derived from the instrument's trading
// hours: a bar period inside the session that has no bar is reported as a gap — absent, never a
// flat bar. Derivation: the weekdays of any session; intraday bars from the earliest open
// (floored to the interval) to the last bar starting before the latest close, in the zone's
// offset at the page's first bar; daily bars (UTC midnight) in UTC. Holidays come from the
// instrument. Known limits: one offset per page (a page spanning a DST switch is off by an hour
// on one side); sessions of different hours on different days are merged into one window.
import { BAR_INTERVAL_MICROS, findGaps, type BarInterval, type TradingHours, type TradingSession } from '@kestrel/shared';
import { zoneOffsetMs } from './zoned-time.js';

/** A stretch of absent bars (µs; `to` exclusive). */
export interface AbsentBars {
  fromMicros: number;
  toMicros: number;
  missingBars: number;
}

function minutes(clock: string): number {
  return Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
}

function clock(totalSeconds: number): string {
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  return [h, m, s].map((part) => String(part).padStart(2, '0')).join(':');
}

/** The gap-report session of an instrument's hours for bars of `interval`, at `atMs`. */
export function gapSession(hours: TradingHours, interval: BarInterval, atMs: number): TradingSession {
  const weekdays = [...new Set(hours.sessions.flatMap((session) => session.days.map((day) => day % 7)))];
  if (interval === '1d') return { utcOffsetMinutes: 0, weekdays, holidays: hours.holidays };
  const stepSeconds = BAR_INTERVAL_MICROS[interval] / 1_000_000;
  const open = Math.min(...hours.sessions.map((session) => minutes(session.open))) * 60;
  const close = Math.max(...hours.sessions.map((session) => minutes(session.close))) * 60;
  const firstBar = Math.floor(open / stepSeconds) * stepSeconds;
  const lastBar = Math.floor((close - 1) / stepSeconds) * stepSeconds;
  return {
    utcOffsetMinutes: Math.round(zoneOffsetMs(hours.timeZone, atMs) / 60_000),
    firstBar: clock(Math.min(firstBar, 86_399)),
    lastBar: clock(Math.min(Math.max(lastBar, firstBar), 86_399)),
    weekdays,
    holidays: hours.holidays,
  };
}

/** The absent in-session bars between consecutive bar starts (any order in, ascending out). */
export function absentBars(startsMicros: readonly number[], interval: BarInterval, hours: TradingHours): AbsentBars[] {
  if (startsMicros.length < 2 || hours.sessions.length === 0) return [];
  const sortedMs = [...startsMicros].sort((a, b) => a - b).map((micros) => micros / 1000);
  const report = findGaps(sortedMs, { intervalMs: BAR_INTERVAL_MICROS[interval] / 1000, session: gapSession(hours, interval, sortedMs[0]!) });
  return report.gaps.map((gap) => ({
    fromMicros: gap.firstMissing * 1000,
    toMicros: gap.lastMissing * 1000 + BAR_INTERVAL_MICROS[interval],
    missingBars: gap.missingBars,
  }));
}
