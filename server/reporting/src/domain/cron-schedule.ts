// When a schedule fires: standard 5-field cron expressions (minute hour day month weekday), or 6
// fields with seconds first, evaluated in an IANA time zone by croner (which handles daylight-saving
// gaps and repeats). Invariant: a valid schedule always has a next occurrence; one that never fires
// again (e.g. 30 February) is refused.
import { Cron } from 'croner';

/** Why a cron expression or time zone is refused. */
export class CronScheduleError extends Error {}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The first occurrence strictly after `after`, or null when there is none. */
export function nextOccurrence(expression: string, timeZone: string, after: Date): Date | null {
  if (!isTimeZone(timeZone)) throw new CronScheduleError(`unknown time zone ${JSON.stringify(timeZone)}`);
  let cron: Cron;
  try {
    cron = new Cron(expression, { paused: true, timezone: timeZone, mode: '5-or-6-parts' });
  } catch (error) {
    throw new CronScheduleError(error instanceof Error ? error.message : String(error));
  }
  return cron.nextRun(after);
}

/**
 * The shortest gap between consecutive occurrences among the first `samples` after `now`, in ms
 * (Infinity when it fires fewer than twice). A sample, not a proof: enough to refuse expressions
 * that fire every few seconds, which is what the minimum interval is for.
 */
export function shortestInterval(expression: string, timeZone: string, now: Date, samples = 24): number {
  let previous = nextOccurrence(expression, timeZone, now);
  let shortest = Number.POSITIVE_INFINITY;
  for (let i = 1; i < samples && previous !== null; i++) {
    const next = nextOccurrence(expression, timeZone, previous);
    if (next === null) break;
    shortest = Math.min(shortest, next.getTime() - previous.getTime());
    previous = next;
  }
  return shortest;
}

/** Validates a schedule and returns its first occurrence after `now`. */
export function firstOccurrence(expression: string, timeZone: string, now: Date): Date {
  const next = nextOccurrence(expression, timeZone, now);
  if (next === null) throw new CronScheduleError(`${JSON.stringify(expression)} never fires`);
  return next;
}
