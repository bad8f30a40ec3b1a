// The gap report on synthetic series with known holes, and on both real files: US market holidays
// show up in the daily GOOG file, and on the minute file present + missing bars equal the session
// grid counted independently day by day.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GOOG_DAILY, MINUTE_BARS, readOhlcvDataFile } from '../testing/data-files.js';
import { findGaps, sessionFilter } from './gap-report.js';
import { MarketDataError, type MarketDataErrorCode } from './market-data-error.js';
import { readOhlcvCsv } from './ohlcv-csv.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

function rejects(code: MarketDataErrorCode, f: () => unknown, label: string): void {
  assert.throws(f, (e: unknown) => e instanceof MarketDataError && e.code === code, label);
}

test('a complete series has no gaps; removed bars are reported exactly', () => {
  const start = Date.UTC(2024, 0, 2, 9, 0); // a Tuesday
  const full = Array.from({ length: 120 }, (_, i) => start + i * MINUTE);
  const session = { firstBar: '09:00', lastBar: '10:59' };
  assert.deepEqual(findGaps(full, { intervalMs: MINUTE, session }), {
    expectedBars: 120,
    presentBars: 120,
    missingBars: 0,
    gaps: [],
    outOfSession: [],
  });
  const holed = full.filter((_, i) => i !== 10 && !(i >= 50 && i < 55));
  const report = findGaps(holed, { intervalMs: MINUTE, session });
  assert.equal(report.missingBars, 6);
  assert.equal(report.expectedBars, 120);
  assert.deepEqual(report.gaps, [
    { after: full[9], before: full[11], firstMissing: full[10], lastMissing: full[10], missingBars: 1 },
    { after: full[49], before: full[55], firstMissing: full[50], lastMissing: full[54], missingBars: 5 },
  ]);
});

test('overnight, weekends and holidays are not gaps; bars outside the session are listed', () => {
  const friday = Date.UTC(2024, 0, 5);
  const monday = Date.UTC(2024, 0, 8);
  const wednesday = Date.UTC(2024, 0, 10);
  const session = { firstBar: '10:00', lastBar: '10:01', holidays: ['2024-01-09'] };
  const bars = [friday + 10 * 60 * MINUTE, friday + 601 * MINUTE, monday + 600 * MINUTE, monday + 601 * MINUTE, wednesday + 600 * MINUTE];
  assert.equal(findGaps(bars, { intervalMs: MINUTE, session }).missingBars, 0);
  const saturday = Date.UTC(2024, 0, 6, 10);
  const report = findGaps([...bars.slice(0, 2), saturday, ...bars.slice(2)], { intervalMs: MINUTE, session });
  assert.deepEqual(report.outOfSession, [saturday]);
  assert.equal(report.missingBars, 0);
  // A session that wraps midnight (22:00 to 02:00 local in UTC+1).
  const wrap = sessionFilter({ firstBar: '22:00', lastBar: '02:00', utcOffsetMinutes: 60, weekdays: [0, 1, 2, 3, 4, 5, 6] });
  assert.equal(wrap(Date.UTC(2024, 0, 5, 21, 30)), true);
  assert.equal(wrap(Date.UTC(2024, 0, 5, 0, 59)), true);
  assert.equal(wrap(Date.UTC(2024, 0, 5, 1, 1)), false);
});

test('GOOG daily: US market holidays appear as one-bar gaps (Labor Day, Thanksgiving 2004)', () => {
  const timestamps = readOhlcvCsv(readOhlcvDataFile(GOOG_DAILY)).bars.map((b) => b.timestamp);
  const report = findGaps(timestamps, { intervalMs: DAY });
  const missingDays = new Set(report.gaps.flatMap((g) => (g.missingBars === 1 ? [new Date(g.firstMissing).toISOString().slice(0, 10)] : [])));
  for (const holiday of ['2004-09-06', '2004-11-25', '2004-12-24', '2005-01-17', '2012-12-25']) {
    assert.ok(missingDays.has(holiday), `${holiday} missing from the report`);
  }
  assert.equal(report.outOfSession.length, 0, 'no weekend bars');
  assert.equal(report.expectedBars, report.presentBars + report.missingBars);
  // Declaring the holidays removes exactly those gaps.
  const withHolidays = findGaps(timestamps, { intervalMs: DAY, session: { holidays: ['2004-09-06', '2004-11-25'] } });
  assert.equal(withHolidays.missingBars, report.missingBars - 2);
});

test('minute file: present + missing equals the 09:01-22:00 grid counted per day', () => {
  const timestamps = readOhlcvCsv(readOhlcvDataFile(MINUTE_BARS)).bars.map((b) => b.timestamp);
  const report = findGaps(timestamps, { intervalMs: MINUTE, session: { firstBar: '09:01', lastBar: '22:00' } });
  assert.equal(report.outOfSession.length, 0);
  // Independent count: each trading day in the file has 780 grid minutes, except the first and
  // last day, which only count from the first bar / up to the last bar.
  const days = [...new Set(timestamps.map((t) => Math.floor(t / DAY)))];
  const first = timestamps[0]!;
  const last = timestamps.at(-1)!;
  let grid = 0;
  for (const day of days) {
    const open = Math.max(day * DAY + (9 * 60 + 1) * MINUTE, first);
    const close = Math.min(day * DAY + 22 * 60 * MINUTE, last);
    grid += (close - open) / MINUTE + 1;
  }
  assert.equal(report.expectedBars, grid);
  assert.equal(report.presentBars, 30889);
  assert.equal(report.missingBars, grid - 30889);
  assert.equal(report.gaps.reduce((sum, g) => sum + g.missingBars, 0), report.missingBars);
  // 2006-01-02 had 584 bars of 780.
  const janSecond = report.gaps.filter((g) => g.after < Date.UTC(2006, 0, 3)).reduce((s, g) => s + g.missingBars, 0);
  assert.equal(janSecond, 780 - 584);
});

test('bad options and unsorted timestamps are rejected', () => {
  rejects('DATA_INVALID_OPTION', () => findGaps([0], { intervalMs: 0 }), 'interval 0');
  rejects('DATA_INVALID_OPTION', () => findGaps([0], { intervalMs: 1.5 }), 'fractional interval');
  rejects('DATA_INVALID_OPTION', () => findGaps([0], { intervalMs: MINUTE, session: { firstBar: '9:00' } }), 'clock');
  rejects('DATA_INVALID_OPTION', () => findGaps([0], { intervalMs: MINUTE, session: { lastBar: '24:00' } }), 'hour 24');
  rejects('DATA_INVALID_OPTION', () => findGaps([0], { intervalMs: MINUTE, session: { weekdays: [7] } }), 'weekday');
  rejects('DATA_INVALID_OPTION', () => findGaps([0], { intervalMs: MINUTE, session: { holidays: ['2024-02-30'] } }), 'holiday');
  rejects('DATA_NOT_SORTED', () => findGaps([2, 1], { intervalMs: 1 }), 'decreasing');
  rejects('DATA_NOT_SORTED', () => findGaps([1, 1], { intervalMs: 1 }), 'duplicate');
  rejects('DATA_NOT_SORTED', () => findGaps([1, NaN], { intervalMs: 1 }), 'NaN');
});
