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

/** Validates a schedule and returns its first occurrence after `now`. */
export function firstOccurrence(expression: string, timeZone: string, now: Date): Date {
  const next = nextOccurrence(expression, timeZone, now);
  if (next === null) throw new CronScheduleError(`${JSON.stringify(expression)} never fires`);
  return next;
}
