// The pre-flight data check: before a backtest runs, make sure the data is there and complete,
// and refuse (BACKTEST_DATA_MISSING / BACKTEST_DATA_GAPS) naming exactly what is missing, unless
// gaps are explicitly allowed. Why: a silent gap (a lost week, a half-empty day) changes
// indicator values and fills without anyone noticing, and a backtest on it looks just as valid.
// What is expected comes from a calendar and a session:
//   interval   the most common spacing between bars (or given).
//   calendar   `auto` (default): 24x7 when at least 10% of bars fall on a weekend, else xnys;
//              or xnys / weekdays / all (trading-calendar.ts). Declared holidays are added.
//   session    daily and longer bars: the whole day. Intraday bars: by default the smallest
//              time-of-day window covering every bar of the data (so only holes inside the
//              trading day count); or declared (firstBar/lastBar, UTC offset).
// Intraday holes are sorted by intraday-holes.ts: a missing day or a hole inside a day longer than
// maxIdleBars (default 15) is a gap; a shorter hole inside a day is a no-trade interval (bars are
// built from trades, a quiet minute has none) and only counted; a hole at the start or end of a
// day is a partial session (late open / early close), a warning unless strictSessions.
// Bars longer than a day are checked by spacing only: a spacing above 1.5 intervals is a gap.
// Also: the requested from/to period must be covered, and too few bars for the strategy's
// warm-up is a warning (the run is valid, it just cannot trade).
// Known limits: fixed UTC offset (no DST); a late start on the data's first day or an early end
// on its last day is not reported (ask for the period with from/to to have it checked).

import { findGaps, sessionFilter, type Gap, type TradingSession } from '@kestrel/shared';
import { BacktestError } from './backtest-error.js';
import { classifyIntradayHoles, type PartialSession } from './intraday-holes.js';
import { calendarDays, CALENDARS, type CalendarName } from './trading-calendar.js';

/** Options of the pre-flight check. */
export interface PreflightOptions {
  /** Bar interval in ms (default: the most common spacing). */
  intervalMs?: number;
  /** Calendar (default `auto`). */
  calendar?: CalendarName | 'auto';
  /** Session overrides: time window, UTC offset, weekdays, extra holidays. */
  session?: TradingSession;
  /** Report gaps but do not refuse. */
  allowGaps?: boolean;
  /** Required period (ms, inclusive). */
  from?: number;
  to?: number;
  /** Bars the strategy needs before it can act (a warning when the data has fewer). */
  warmupBars?: number;
  /** Intraday: longest hole inside a trading day that is a no-trade interval, not a gap (default 15; 0 = every missing bar is a gap). */
  maxIdleBars?: number;
  /** Intraday: a day whose data starts late or ends early is refused instead of warned about. */
  strictSessions?: boolean;
}

/** What the check found. */
export interface PreflightReport {
  symbol: string;
  bars: number;
  first: string;
  last: string;
  intervalMs: number;
  calendar: string;
  session: TradingSession;
  expectedBars: number;
  /** Missing bars in the refused gaps. */
  missingBars: number;
  gaps: Gap[];
  /** Intraday holes inside a day of at most maxIdleBars bars (no trades): how many, and their bars. */
  idleIntervals: number;
  idleBars: number;
  /** Intraday days whose data starts late or ends early (warned about, not refused). */
  partialSessions: PartialSession[];
  /** Bars present outside the calendar/session (not an error). */
  outOfSession: number;
  warnings: string[];
}

const DAY_MS = 86_400_000;
const MAX_LISTED = 10;
/** Default longest no-trade hole inside a day, in bars (a quarter of an hour of minute bars). */
export const DEFAULT_MAX_IDLE_BARS = 15;

/** The most common positive spacing of `timestamps`. */
export function typicalInterval(timestamps: ArrayLike<number>): number {
  const counts = new Map<number, number>();
  let best = 0;
  let bestCount = 0;
  for (let i = 1; i < timestamps.length; i++) {
    const spacing = timestamps[i]! - timestamps[i - 1]!;
    const count = (counts.get(spacing) ?? 0) + 1;
    counts.set(spacing, count);
    if (count > bestCount || (count === bestCount && spacing < best)) {
      best = spacing;
      bestCount = count;
    }
  }
  return best > 0 ? best : DAY_MS;
}

function clock(ms: number): string {
  const seconds = Math.round(ms / 1000);
  const text = `${String(Math.floor(seconds / 3600)).padStart(2, '0')}:${String(Math.floor(seconds / 60) % 60).padStart(2, '0')}`;
  return seconds % 60 === 0 ? text : `${text}:${String(seconds % 60).padStart(2, '0')}`;
}

/** The smallest daily window [first, last] (may wrap midnight) covering every bar's time of day. */
function observedWindow(timestamps: ArrayLike<number>, offsetMs: number): { firstBar: string; lastBar: string } {
  const times = new Set<number>();
  for (let i = 0; i < timestamps.length; i++) times.add((((timestamps[i]! + offsetMs) % DAY_MS) + DAY_MS) % DAY_MS);
  const sorted = [...times].sort((a, b) => a - b);
  // The session is the complement of the largest circular hole between observed times.
  let holeAfter = sorted.length - 1;
  let hole = sorted[0]! + DAY_MS - sorted[sorted.length - 1]!;
  for (let i = 0; i + 1 < sorted.length; i++) {
    const gap = sorted[i + 1]! - sorted[i]!;
    if (gap > hole) {
      hole = gap;
      holeAfter = i;
    }
  }
  const first = sorted[(holeAfter + 1) % sorted.length]!;
  const last = sorted[holeAfter]!;
  return { firstBar: clock(first), lastBar: clock(last) };
}

function dateTime(ms: number, daily: boolean): string {
  const text = new Date(ms).toISOString();
  return daily ? text.slice(0, 10) : `${text.slice(0, 10)} ${text.slice(11, 19)}`;
}

/** Checks the bars of one symbol; throws BACKTEST_DATA_MISSING / BACKTEST_DATA_GAPS, else reports. */
export function preflight(symbol: string, timestamps: ArrayLike<number>, options: PreflightOptions = {}): PreflightReport {
  const n = timestamps.length;
  if (n === 0) throw new BacktestError('BACKTEST_DATA_MISSING', `${symbol}: the data has no bars`);
  const first = timestamps[0]!;
  const last = timestamps[n - 1]!;
  const interval = options.intervalMs ?? typicalInterval(timestamps);
  if (!Number.isSafeInteger(interval) || interval <= 0) throw new BacktestError('BACKTEST_INVALID_CONFIG', `interval must be a positive whole number of ms, got ${String(interval)}`);
  const daily = interval >= DAY_MS && first % DAY_MS === 0;
  const maxIdleBars = options.maxIdleBars ?? DEFAULT_MAX_IDLE_BARS;
  if (!Number.isSafeInteger(maxIdleBars) || maxIdleBars < 0) throw new BacktestError('BACKTEST_INVALID_CONFIG', `maxIdleBars must be a whole number >= 0, got ${String(maxIdleBars)}`);
  let calendar = options.calendar ?? 'auto';
  if (calendar !== 'auto' && !CALENDARS.includes(calendar)) {
    throw new BacktestError('BACKTEST_INVALID_CONFIG', `calendar must be auto, ${CALENDARS.join(', ')}; got ${String(calendar)}`);
  }
  const offsetMs = (options.session?.utcOffsetMinutes ?? 0) * 60_000;
  if (calendar === 'auto') {
    let weekend = 0;
    for (let i = 0; i < n; i++) {
      const weekday = (Math.floor((timestamps[i]! + offsetMs) / DAY_MS) + 4) % 7;
      if (weekday === 0 || weekday === 6) weekend++;
    }
    calendar = weekend >= n / 10 ? 'all' : 'xnys';
  }
  const days = calendarDays(calendar, new Date(first).getUTCFullYear() - 1, new Date(last).getUTCFullYear() + 1);
  const window = interval >= DAY_MS ? { firstBar: '00:00', lastBar: '23:59:59' } : observedWindow(timestamps, offsetMs);
  const session: TradingSession = {
    utcOffsetMinutes: options.session?.utcOffsetMinutes ?? 0,
    firstBar: options.session?.firstBar ?? window.firstBar,
    lastBar: options.session?.lastBar ?? window.lastBar,
    weekdays: options.session?.weekdays ?? days.weekdays,
    holidays: [...(days.holidays ?? []), ...(options.session?.holidays ?? [])],
  };

  // The requested period must hold no expected bar outside the data.
  let inSession: (timestamp: number) => boolean;
  try {
    inSession = sessionFilter(session);
  } catch (error) {
    throw new BacktestError('BACKTEST_INVALID_CONFIG', `session: ${(error as Error).message}`, { cause: error });
  }
  const expectedIn = (from: number, to: number): number | undefined => {
    for (let t = from; t <= to; t += interval) if (interval > DAY_MS || inSession(t)) return t;
    return undefined;
  };
  const missingPeriods: string[] = [];
  const before = options.from === undefined ? undefined : expectedIn(first - Math.ceil((first - options.from) / interval) * interval, first - interval);
  if (before !== undefined) missingPeriods.push(`${dateTime(before, daily)} .. ${dateTime(first - interval, daily)} (data starts ${dateTime(first, daily)})`);
  const after = options.to === undefined ? undefined : expectedIn(last + interval, options.to);
  if (after !== undefined) missingPeriods.push(`${dateTime(after, daily)} .. ${dateTime(options.to!, daily)} (data ends ${dateTime(last, daily)})`);
  if (missingPeriods.length > 0) throw new BacktestError('BACKTEST_DATA_MISSING', `${symbol}: no data for ${missingPeriods.join(' and ')}`);

  const warnings: string[] = [];
  if (options.warmupBars !== undefined && n <= options.warmupBars) {
    warnings.push(`${symbol}: ${n} bars, but the strategy needs more than ${options.warmupBars} before it can trade`);
  }
  let report: PreflightReport;
  if (interval > DAY_MS) {
    const gaps: Gap[] = [];
    for (let i = 1; i < n; i++) {
      const spacing = timestamps[i]! - timestamps[i - 1]!;
      if (spacing > 1.5 * interval) {
        const missing = Math.round(spacing / interval) - 1;
        gaps.push({ after: timestamps[i - 1]!, before: timestamps[i]!, firstMissing: timestamps[i - 1]! + interval, lastMissing: timestamps[i]! - interval, missingBars: missing });
      }
    }
    const missingBars = gaps.reduce((sum, gap) => sum + gap.missingBars, 0);
    report = { symbol, bars: n, first: dateTime(first, daily), last: dateTime(last, daily), intervalMs: interval, calendar: 'spacing', session, expectedBars: n + missingBars, missingBars, gaps, idleIntervals: 0, idleBars: 0, partialSessions: [], outOfSession: 0, warnings };
  } else {
    let gapReport;
    try {
      gapReport = findGaps(timestamps, { intervalMs: interval, session });
    } catch (error) {
      throw new BacktestError('BACKTEST_INVALID_CONFIG', `session: ${(error as Error).message}`, { cause: error });
    }
    const holes =
      interval < DAY_MS
        ? classifyIntradayHoles(timestamps, gapReport.gaps, { intervalMs: interval, session, maxIdleBars, strictSessions: options.strictSessions ?? false })
        : { gaps: gapReport.gaps, idleIntervals: 0, idleBars: 0, partialSessions: [] };
    report = {
      symbol,
      bars: n,
      first: dateTime(first, daily),
      last: dateTime(last, daily),
      intervalMs: interval,
      calendar,
      session,
      expectedBars: gapReport.expectedBars,
      missingBars: holes.gaps.reduce((sum, gap) => sum + gap.missingBars, 0),
      gaps: holes.gaps,
      idleIntervals: holes.idleIntervals,
      idleBars: holes.idleBars,
      partialSessions: holes.partialSessions,
      outOfSession: gapReport.outOfSession.length,
      warnings,
    };
  }
  if (report.partialSessions.length > 0) {
    const listed = report.partialSessions.slice(0, MAX_LISTED).map((partial) => partial.text);
    const more = report.partialSessions.length > MAX_LISTED ? `, and ${report.partialSessions.length - MAX_LISTED} more` : '';
    const count = report.partialSessions.length;
    warnings.push(`${symbol}: ${count} partial session${count === 1 ? '' : 's'} (late open or early close): ${listed.join('; ')}${more}`);
  }
  if (report.gaps.length > 0) {
    const summary = describeGaps(report, daily);
    if (!options.allowGaps) throw new BacktestError('BACKTEST_DATA_GAPS', summary);
    warnings.push(summary);
  }
  return report;
}

/** "GOOG: 3 gaps, 7 missing bars (calendar xnys, interval 1d): 2008-01-02 .. 2008-01-04 (3 bars), ..." */
export function describeGaps(report: PreflightReport, daily: boolean): string {
  const listed = report.gaps.slice(0, MAX_LISTED).map((gap) => {
    const range = gap.firstMissing === gap.lastMissing ? dateTime(gap.firstMissing, daily) : `${dateTime(gap.firstMissing, daily)} .. ${dateTime(gap.lastMissing, daily)}`;
    return `${range} (${gap.missingBars} bar${gap.missingBars === 1 ? '' : 's'})`;
  });
  const more = report.gaps.length > MAX_LISTED ? `, and ${report.gaps.length - MAX_LISTED} more` : '';
  const largest = report.gaps.reduce((a, b) => (b.missingBars > a.missingBars ? b : a));
  const window = report.intervalMs < DAY_MS ? `, session ${report.session.firstBar}-${report.session.lastBar} UTC${report.session.utcOffsetMinutes ? `${report.session.utcOffsetMinutes >= 0 ? '+' : ''}${report.session.utcOffsetMinutes / 60}` : ''}` : '';
  return (
    `${report.symbol}: ${report.gaps.length} gap${report.gaps.length === 1 ? '' : 's'} with ${report.missingBars} missing bar${report.missingBars === 1 ? '' : 's'} ` +
    `(calendar ${report.calendar}, interval ${intervalText(report.intervalMs)}${window}; largest ${largest.missingBars} bars from ${dateTime(largest.firstMissing, daily)}): ` +
    `${listed.join(', ')}${more}`
  );
}

/** "1d", "1m", "90s". */
export function intervalText(ms: number): string {
  if (ms % DAY_MS === 0) return `${ms / DAY_MS}d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
