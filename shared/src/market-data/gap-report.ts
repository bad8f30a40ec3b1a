// Finds missing bars: given bar timestamps, the expected bar interval and a trading session, lists
// each stretch between two consecutive bars where in-session bars are missing. Used by the backtest
// pre-flight check. Model (kept simple on purpose): expected bars sit on the grid previous bar +
// k * interval; a grid point is in session when its local date (fixed UTC offset) is a listed
// weekday and not a holiday, and its local time of day is within [firstBar, lastBar] (a session
// that wraps midnight, firstBar > lastBar, is in session outside (lastBar, firstBar)).
// Known limits: no DST (fixed offset); a bar that is off the grid restarts the grid; cost is
// O(number of grid points spanned), i.e. about the size of the complete series.

import { MarketDataError } from './market-data-error.js';

const DAY_MS = 86_400_000;
const CLOCK = /^(\d{2}):(\d{2})(?::(\d{2}))?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** When bars are expected. Defaults: UTC, every time of day, Monday to Friday, no holidays. */
export interface TradingSession {
  /** Offset of the session's clock from UTC, in minutes. */
  utcOffsetMinutes?: number;
  /** Local time of the first bar of a day, "HH:MM" or "HH:MM:SS" (inclusive); default "00:00". */
  firstBar?: string;
  /** Local time of the last bar of a day (inclusive); default "23:59:59". */
  lastBar?: string;
  /** Local weekdays with a session, 0 = Sunday ... 6 = Saturday; default [1, 2, 3, 4, 5]. */
  weekdays?: readonly number[];
  /** Local dates ("YYYY-MM-DD") without a session. */
  holidays?: readonly string[];
}

/** Options of findGaps. */
export interface GapReportOptions {
  /** Bar interval in ms (60_000 for minute bars, 86_400_000 for daily bars). */
  intervalMs: number;
  session?: TradingSession;
}

/** Missing in-session bars between two consecutive bars. */
export interface Gap {
  /** Timestamp of the bar before the gap. */
  after: number;
  /** Timestamp of the bar after the gap. */
  before: number;
  /** Timestamps of the first and last missing bar. */
  firstMissing: number;
  lastMissing: number;
  /** How many in-session bars are missing. */
  missingBars: number;
}

/** The gaps of a series plus totals. */
export interface GapReport {
  /** In-session grid points from the first to the last bar, present or missing. */
  expectedBars: number;
  presentBars: number;
  missingBars: number;
  gaps: Gap[];
  /** Timestamps of bars that lie outside the session (present but unexpected). */
  outOfSession: number[];
}

/** Milliseconds into the day of "HH:MM[:SS]"; throws DATA_INVALID_OPTION. */
function clockMs(text: string, name: string): number {
  const m = CLOCK.exec(text);
  const ms = m ? ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3] ?? 0)) * 1000 : NaN;
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59 || Number(m[3] ?? 0) > 59) {
    throw new MarketDataError('DATA_INVALID_OPTION', `session ${name} "${text}" is not HH:MM or HH:MM:SS`);
  }
  return ms;
}

/** Day number (days since 1970-01-01) of "YYYY-MM-DD"; throws DATA_INVALID_OPTION. */
function dayNumber(text: string): number {
  const m = ISO_DATE.exec(text);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || new Date(ms).toISOString().slice(0, 10) !== text) {
    throw new MarketDataError('DATA_INVALID_OPTION', `holiday "${text}" is not a valid YYYY-MM-DD date`);
  }
  return ms / DAY_MS;
}

/** A predicate telling whether a timestamp is inside the session. */
export function sessionFilter(session: TradingSession = {}): (timestamp: number) => boolean {
  const offset = session.utcOffsetMinutes ?? 0;
  if (!Number.isInteger(offset) || Math.abs(offset) > 18 * 60) {
    throw new MarketDataError('DATA_INVALID_OPTION', `utcOffsetMinutes must be an integer within ±1080, got ${String(offset)}`);
  }
  const first = clockMs(session.firstBar ?? '00:00', 'firstBar');
  const last = clockMs(session.lastBar ?? '23:59:59', 'lastBar');
  const weekdays = new Set(session.weekdays ?? [1, 2, 3, 4, 5]);
  for (const day of weekdays) {
    if (!Number.isInteger(day) || day < 0 || day > 6) {
      throw new MarketDataError('DATA_INVALID_OPTION', `weekday ${String(day)} is not an integer from 0 (Sunday) to 6`);
    }
  }
  const holidays = new Set((session.holidays ?? []).map(dayNumber));
  const shift = offset * 60_000;
  return (timestamp) => {
    const local = timestamp + shift;
    const day = Math.floor(local / DAY_MS);
    const time = local - day * DAY_MS;
    // 1970-01-01 was a Thursday (4).
    if (!weekdays.has((((day + 4) % 7) + 7) % 7) || holidays.has(day)) return false;
    return first <= last ? time >= first && time <= last : time >= first || time <= last;
  };
}

/** Lists the missing in-session bars of an increasing series of bar timestamps. */
export function findGaps(timestamps: ArrayLike<number>, options: GapReportOptions): GapReport {
  const interval = options.intervalMs;
  if (!Number.isSafeInteger(interval) || interval <= 0) {
    throw new MarketDataError('DATA_INVALID_OPTION', `intervalMs must be a positive integer, got ${String(interval)}`);
  }
  const inSession = sessionFilter(options.session);
  const report: GapReport = { expectedBars: 0, presentBars: timestamps.length, missingBars: 0, gaps: [], outOfSession: [] };
  for (let i = 0; i < timestamps.length; i++) {
    const current = timestamps[i]!;
    if (!Number.isFinite(current)) throw new MarketDataError('DATA_NOT_SORTED', `timestamp ${i} is not a finite number`);
    if (inSession(current)) report.expectedBars++;
    else report.outOfSession.push(current);
    if (i === 0) continue;
    const previous = timestamps[i - 1]!;
    if (current <= previous) {
      throw new MarketDataError('DATA_NOT_SORTED', `timestamp ${i} (${current}) is not after timestamp ${i - 1} (${previous})`);
    }
    let missing = 0;
    let firstMissing = 0;
    let lastMissing = 0;
    for (let t = previous + interval; t < current; t += interval) {
      if (!inSession(t)) continue;
      if (missing === 0) firstMissing = t;
      lastMissing = t;
      missing++;
    }
    if (missing > 0) {
      report.gaps.push({ after: previous, before: current, firstMissing, lastMissing, missingBars: missing });
      report.missingBars += missing;
      report.expectedBars += missing;
    }
  }
  return report;
}
