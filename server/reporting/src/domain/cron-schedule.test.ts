import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CronScheduleError, firstOccurrence, nextOccurrence, shortestInterval } from './cron-schedule.js';

describe('cron schedule', () => {
  it('evaluates 5- and 6-field expressions in a time zone', () => {
    const now = new Date('2024-03-01T10:00:00Z');
    assert.equal(firstOccurrence('0 6 * * 1', 'UTC', now).toISOString(), '2024-03-04T06:00:00.000Z');
    // 06:00 in New York in winter is 11:00 UTC (10:00 UTC is 05:00 there).
    assert.equal(firstOccurrence('0 6 * * *', 'America/New_York', now).toISOString(), '2024-03-01T11:00:00.000Z');
    assert.equal(firstOccurrence('*/2 * * * * *', 'UTC', now).toISOString(), '2024-03-01T10:00:02.000Z');
    assert.equal(nextOccurrence('0 0 1 * *', 'UTC', new Date('2024-03-01T00:00:00Z'))!.toISOString(), '2024-04-01T00:00:00.000Z');
  });
  it('refuses bad expressions, unknown zones and schedules that never fire', () => {
    const now = new Date('2024-03-01T10:00:00Z');
    assert.throws(() => firstOccurrence('61 * * * *', 'UTC', now), CronScheduleError);
    assert.throws(() => firstOccurrence('* * *', 'UTC', now), CronScheduleError);
    assert.throws(() => firstOccurrence('0 0 * * *', 'Mars/Olympus', now), CronScheduleError);
    assert.throws(() => firstOccurrence('0 0 30 2 *', 'UTC', now), CronScheduleError);
  });
  it('measures the shortest gap between occurrences', () => {
    const now = new Date('2024-03-01T10:00:00Z');
    assert.equal(shortestInterval('* * * * * *', 'UTC', now), 1000);
    assert.equal(shortestInterval('0 6 * * *', 'UTC', now), 86_400_000);
    // Two runs a minute apart once an hour: the sample finds the one-minute gap.
    assert.equal(shortestInterval('0,1 * * * *', 'UTC', now), 60_000);
    assert.equal(shortestInterval('0 0 1 1 *', 'UTC', now, 2), 365 * 86_400_000); // 2025-01-01 to 2026-01-01
  });
});
