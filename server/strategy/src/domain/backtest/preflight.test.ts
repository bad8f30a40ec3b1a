// The pre-flight data check: complete data passes (GOOG against the NYSE calendar), removed bars
// are refused naming exactly what is missing, --allow-gaps turns the refusal into warnings, the
// requested period must be covered, and intraday sessions are inferred from the data or declared.

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

test('minute bars: the session is inferred from the data and missing minutes are gaps', () => {
  assert.equal(typicalInterval(minutes), 60_000);
  const error = refusal(() => preflight('FUT', minutes));
  assert.equal(error.code, 'BACKTEST_DATA_GAPS');
  assert.match(error.message, /session 09:01-22:00/);
  const report = preflight('FUT', minutes, { allowGaps: true, calendar: 'weekdays' });
  assert.deepEqual([report.session.firstBar, report.session.lastBar], ['09:01', '22:00']);
  // docs/data-formats.md: 1,091 missing minutes against the 09:01-22:00 session on weekdays.
  assert.equal(report.missingBars, 1_091);
  const inSession = preflight('FUT', minutes, { allowGaps: true, calendar: 'weekdays', session: { firstBar: '09:01', lastBar: '09:05' } });
  assert.ok(inSession.outOfSession > 25_000, 'bars after the declared session are out of session, not gaps');
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
