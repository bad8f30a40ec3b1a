// The pre-flight data check: complete data passes (GOOG against the NYSE calendar), removed bars
// are refused naming exactly what is missing, --allow-gaps turns the refusal into warnings, the
// requested period must be covered, intraday sessions are inferred from the data or declared, and
// intraday holes are sorted: short no-trade holes counted, early closes warned, long holes and
// missing days refused.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { readOhlcvCsv } from '@kestrel/shared';
import { BacktestError } from './backtest-error.js';
import { preflight, typicalInterval } from './preflight.js';

const DATA = new URL('../../../../../../shared/data/ohlcv/', import.meta.url);
const goog = readOhlcvCsv(readFileSync(new URL('GOOG.csv', DATA), 'utf8')).bars.map((bar) => bar.timestamp);
const minutes = readOhlcvCsv(readFileSync(new URL('2006-01-02-volume-min-001.txt', DATA), 'utf8')).bars.map((bar) => bar.timestamp);
const DAY = 86_400_000;

function refusal(fn: () => unknown): BacktestError {
  try {
    fn();
  } catch (error) {
    if (error instanceof BacktestError) return error;
    throw error;
  }
  assert.fail('expected a refusal');
}

test('GOOG daily bars are complete under the NYSE calendar (auto)', () => {
  const report = preflight('GOOG', goog);
  assert.equal(report.calendar, 'xnys');
  assert.equal(report.intervalMs, DAY);
  assert.equal(report.missingBars, 0);
  assert.equal(report.expectedBars, goog.length);
  assert.equal(report.outOfSession, 0);
});

test('removed days are refused, named, and counted; allowGaps reports them instead', () => {
  const removed = new Set(['2008-01-02', '2008-01-03', '2010-06-15']);
  const holed = goog.filter((t) => !removed.has(new Date(t).toISOString().slice(0, 10)));
  const error = refusal(() => preflight('GOOG', holed));
  assert.equal(error.code, 'BACKTEST_DATA_GAPS');
  assert.match(error.message, /GOOG: 2 gaps with 3 missing bars/);
  assert.match(error.message, /2008-01-02 \.\. 2008-01-03 \(2 bars\)/);
  assert.match(error.message, /2010-06-15 \(1 bar\)/);
  const report = preflight('GOOG', holed, { allowGaps: true });
  assert.equal(report.missingBars, 3);
  assert.equal(report.gaps.length, 2);
  assert.match(report.warnings[0]!, /2 gaps with 3 missing bars/);
});

test('a plain weekday calendar counts the NYSE holidays as gaps (79 of them, as the data docs say)', () => {
  const error = refusal(() => preflight('GOOG', goog, { calendar: 'weekdays' }));
  assert.match(error.message, /79 missing bars/);
  assert.match(error.message, /2004-09-06 \(1 bar\)/);
  const declared = preflight('GOOG', goog.slice(0, 20), { calendar: 'weekdays', session: { holidays: ['2004-09-06'] } });
  assert.equal(declared.missingBars, 0);
});

test('the requested period must be covered', () => {
  const error = refusal(() => preflight('GOOG', goog, { from: Date.UTC(2004, 0, 1), to: Date.UTC(2014, 0, 1) }));
  assert.equal(error.code, 'BACKTEST_DATA_MISSING');
  assert.match(error.message, /no data for 2004-01-02 .. 2004-08-18 \(data starts 2004-08-19\) and 2013-03-04 .. 2014-01-01 \(data ends 2013-03-01\)/);
  assert.equal(refusal(() => preflight('X', [])).code, 'BACKTEST_DATA_MISSING');
  // The end of the last day, or a weekend after the last Friday, holds no expected bar.
  assert.equal(preflight('GOOG', goog, { from: Date.UTC(2004, 7, 19), to: Date.UTC(2013, 2, 3, 23, 59) }).missingBars, 0);
});

test('minute bars: short no-trade holes are counted, not refused; an early close is a warning', () => {
  assert.equal(typicalInterval(minutes), 60_000);
  // Default calendar (auto -> xnys): 2006-01-02, -01-16 and -02-20 are NYSE holidays, their bars out of session.
  const report = preflight('FUT', minutes);
  assert.deepEqual([report.session.firstBar, report.session.lastBar], ['09:01', '22:00']);
  assert.equal(report.gaps.length, 0);
  assert.equal(report.missingBars, 0);
  assert.equal(report.idleIntervals, 551);
  assert.equal(report.idleBars, 644);
  assert.equal(report.outOfSession, 1_893);
  // On every weekday the early close of 2006-01-02 is named; idle + partial = all 1,091 missing minutes.
  const weekdays = preflight('FUT', minutes, { calendar: 'weekdays' });
  assert.equal(weekdays.gaps.length, 0);
  assert.deepEqual(weekdays.partialSessions, [{ day: '2006-01-02', missingBars: 116, text: '2006-01-02 ends 20:04, session ends 22:00' }]);
  assert.match(weekdays.warnings.join('\n'), /1 partial session \(late open or early close\): 2006-01-02 ends 20:04, session ends 22:00/);
  assert.equal(weekdays.idleBars + weekdays.partialSessions[0]!.missingBars, 1_091);
  const strictSessions = refusal(() => preflight('FUT', minutes, { calendar: 'weekdays', strictSessions: true }));
  assert.equal(strictSessions.code, 'BACKTEST_DATA_GAPS');
  assert.match(strictSessions.message, /2006-01-02 20:05:00 \.\. 2006-01-02 22:00:00 \(116 bars\)/);
  const inSession = preflight('FUT', minutes, { allowGaps: true, calendar: 'weekdays', session: { firstBar: '09:01', lastBar: '09:05' } });
  assert.ok(inSession.outOfSession > 25_000, 'bars after the declared session are out of session, not gaps');
});

test('maxIdleBars 0 restores the strict check: every missing minute is a gap (docs/data-formats.md: 1,091)', () => {
  const error = refusal(() => preflight('FUT', minutes, { maxIdleBars: 0 }));
  assert.equal(error.code, 'BACKTEST_DATA_GAPS');
  assert.match(error.message, /FUT: 551 gaps with 644 missing bars \(calendar xnys, interval 1m, session 09:01-22:00 UTC/);
  assert.match(error.message, /2006-01-03 11:24:00 \(1 bar\)/);
  const all = preflight('FUT', minutes, { maxIdleBars: 0, strictSessions: true, allowGaps: true, calendar: 'weekdays' });
  assert.equal(all.missingBars, 1_091);
  assert.equal(all.idleBars, 0);
  assert.throws(() => preflight('FUT', minutes, { maxIdleBars: -1 }), /maxIdleBars must be a whole number/);
});

test('minute bars: a hole longer than maxIdleBars inside a day and a removed whole day are refused', () => {
  const isDay = (t: number, day: string) => new Date(t).toISOString().startsWith(day);
  // 2006-01-04 12:00..12:29 removed: 30 minutes inside the day (the data has a bar every minute there).
  const holeStart = Date.UTC(2006, 0, 4, 12, 0);
  assert.ok(minutes.includes(holeStart - 60_000) && minutes.includes(holeStart + 30 * 60_000));
  const holed = minutes.filter((t) => t < holeStart || t >= holeStart + 30 * 60_000);
  const error = refusal(() => preflight('FUT', holed));
  assert.equal(error.code, 'BACKTEST_DATA_GAPS');
  assert.match(error.message, /FUT: 1 gap with 30 missing bars/);
  assert.match(error.message, /2006-01-04 12:00:00 \.\. 2006-01-04 12:29:00 \(30 bars\)/);
  // Raising the limit above the hole lets it pass as a no-trade interval.
  assert.equal(preflight('FUT', holed, { maxIdleBars: 30 }).gaps.length, 0);
  // A removed trading day: all of its session minutes are missing, whatever maxIdleBars is.
  const noDay = minutes.filter((t) => !isDay(t, '2006-01-05'));
  const dayError = refusal(() => preflight('FUT', noDay, { maxIdleBars: 10_000 }));
  assert.match(dayError.message, /FUT: 1 gap with 780 missing bars/);
  assert.match(dayError.message, /2006-01-05 09:01:00 \.\. 2006-01-05 22:00:00 \(780 bars\)/);
  const allowed = preflight('FUT', noDay, { allowGaps: true });
  assert.equal(allowed.missingBars, 780);
  assert.match(allowed.warnings.join('\n'), /1 gap with 780 missing bars/);
});

test('a 24x7 market is recognised, and a session wrapping midnight is inferred as such', () => {
  const start = Date.UTC(2024, 0, 1);
  const hourly = Array.from({ length: 24 * 14 }, (_, i) => start + i * 3_600_000);
  const report = preflight('BTC', hourly);
  assert.equal(report.calendar, 'all');
  assert.equal(report.missingBars, 0);
  const night = Array.from({ length: 5 }, (_, day) => [20, 21, 22, 23, 24, 25, 26].map((h) => start + day * DAY + h * 3_600_000)).flat();
  const wrapped = preflight('NIGHT', night, { calendar: 'all' });
  assert.deepEqual([wrapped.session.firstBar, wrapped.session.lastBar], ['20:00', '02:00']);
  assert.equal(wrapped.missingBars, 0);
});

test('bars longer than a day are checked by spacing; too few bars for the warm-up is a warning', () => {
  const weekly = Array.from({ length: 20 }, (_, i) => Date.UTC(2024, 0, 1) + i * 7 * DAY).filter((_, i) => i !== 10);
  const error = refusal(() => preflight('W', weekly));
  assert.match(error.message, /1 gap with 1 missing bar/);
  const report = preflight('GOOG', goog.slice(0, 20), { warmupBars: 30 });
  assert.match(report.warnings[0]!, /20 bars, but the strategy needs more than 30/);
});
