// Sorts the holes of intraday bars into what they mean, so the pre-flight check refuses only
// real missing data. Bars built from trades have no bar for a minute without a trade, and
// exchanges open late or close early on some days; neither is lost data. Per trading day:
//   whole day without bars                     -> gap (refused)
//   hole touching the day's first or last bar  -> partial session (warning; a gap when strict)
//   hole strictly inside the day, <= maxIdle   -> idle interval (counted only)
//   hole strictly inside the day, >  maxIdle   -> gap (refused)
// A trading day is the session that starts at `firstBar` local time (so a session wrapping
// midnight is one day). Invariant: every missing in-session bar of `gaps` lands in exactly one
// of the four classes. Known limit: the first and last day of the data are not checked for a late
// start / early end (nothing before or after them to tell); use from/to for period coverage.

import { sessionFilter, type Gap, type TradingSession } from '@kestrel/shared';

const DAY_MS = 86_400_000;

/** A trading day whose data starts late or ends early. */
export interface PartialSession {
  /** Local date of the trading day, "YYYY-MM-DD". */
  day: string;
  /** In-session bars missing at the start or the end of the day. */
  missingBars: number;
  /** e.g. "2006-01-02 ends 20:04, session ends 22:00". */
  text: string;
}

/** The classified holes. */
export interface IntradayHoles {
  /** Holes refused by the check (missing days, long holes, and partial sessions when strict). */
  gaps: Gap[];
  idleIntervals: number;
  idleBars: number;
  partialSessions: PartialSession[];
}

/** Options of classifyIntradayHoles. */
export interface IntradayHoleOptions {
  intervalMs: number;
  session: TradingSession;
  /** Longest hole inside a day that is a no-trade interval rather than a gap (0: none is). */
  maxIdleBars: number;
  /** Partial sessions are gaps. */
  strictSessions: boolean;
}

function clockMs(text: string): number {
  const [h = 0, m = 0, s = 0] = text.split(':').map(Number);
  return ((h * 60 + m) * 60 + s) * 1000;
}

function clockText(ms: number): string {
  const seconds = Math.round(ms / 1000);
  const text = `${String(Math.floor(seconds / 3600)).padStart(2, '0')}:${String(Math.floor(seconds / 60) % 60).padStart(2, '0')}`;
  return seconds % 60 === 0 ? text : `${text}:${String(seconds % 60).padStart(2, '0')}`;
}

/** Classifies the in-session holes found by findGaps (`gaps`) of the series `timestamps`. */
export function classifyIntradayHoles(timestamps: ArrayLike<number>, gaps: readonly Gap[], options: IntradayHoleOptions): IntradayHoles {
  const { intervalMs: interval, session, maxIdleBars, strictSessions } = options;
  const inSession = sessionFilter(session);
  const shift = (session.utcOffsetMinutes ?? 0) * 60_000;
  const start = clockMs(session.firstBar ?? '00:00');
  /** Trading-day number of a timestamp: days since the epoch of (local time - session start). */
  const dayOf = (t: number): number => Math.floor((t + shift - start) / DAY_MS);
  const local = (t: number): number => (((t + shift) % DAY_MS) + DAY_MS) % DAY_MS;
  const dayText = (day: number): string => new Date(day * DAY_MS + start).toISOString().slice(0, 10);
  const daysWithBars = new Set<number>();
  for (let i = 0; i < timestamps.length; i++) daysWithBars.add(dayOf(timestamps[i]!));

  const result: IntradayHoles = { gaps: [], idleIntervals: 0, idleBars: 0, partialSessions: [] };
  for (const gap of gaps) {
    // Split the hole into runs of missing bars per trading day.
    const runs: { day: number; first: number; last: number; bars: number }[] = [];
    for (let t = gap.firstMissing; t <= gap.lastMissing; t += interval) {
      if (!inSession(t)) continue;
      const day = dayOf(t);
      const run = runs.at(-1);
      if (run && run.day === day) {
        run.last = t;
        run.bars++;
      } else runs.push({ day, first: t, last: t, bars: 1 });
    }
    let refused: Gap | undefined;
    const refuse = (first: number, last: number, bars: number): void => {
      // Consecutive refused runs (e.g. several whole days) stay one gap.
      if (refused && refused.lastMissing < first && result.gaps.at(-1) === refused) {
        refused.lastMissing = last;
        refused.missingBars += bars;
      } else {
        refused = { after: gap.after, before: gap.before, firstMissing: first, lastMissing: last, missingBars: bars };
        result.gaps.push(refused);
      }
    };
    for (const run of runs) {
      const opensDay = dayOf(gap.after) !== run.day;
      const closesDay = dayOf(gap.before) !== run.day;
      if (!daysWithBars.has(run.day)) {
        refuse(run.first, run.last, run.bars);
      } else if (opensDay || closesDay) {
        if (strictSessions) {
          refuse(run.first, run.last, run.bars);
          continue;
        }
        refused = undefined;
        const text = closesDay
          ? `${dayText(run.day)} ends ${clockText(local(gap.after))}, session ends ${session.lastBar ?? '23:59:59'}`
          : `${dayText(run.day)} starts ${clockText(local(gap.before))}, session starts ${session.firstBar ?? '00:00'}`;
        result.partialSessions.push({ day: dayText(run.day), missingBars: run.bars, text });
      } else if (run.bars <= maxIdleBars) {
        refused = undefined;
        result.idleIntervals++;
        result.idleBars += run.bars;
      } else {
        refuse(run.first, run.last, run.bars);
      }
    }
  }
  return result;
}
