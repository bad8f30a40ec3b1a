// VWAP against an independent, deliberately plain calculation: group the minute bars by their
// calendar date text in the CSV, and for every bar re-add the whole session so far from scratch.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readOhlcvCsv } from '../market-data/ohlcv-csv.js';
import { toColumns } from '../market-data/ohlcv-bar.js';
import { MINUTE_BARS, readOhlcvDataFile } from '../testing/data-files.js';
import { IndicatorError } from './indicator-error.js';
import { anchoredSession, dailySession, vwap, VwapStream } from './vwap.js';

const text = readOhlcvDataFile(MINUTE_BARS);
const bars = readOhlcvCsv(text).bars;
const columns = toColumns(bars);
/** The date text of each data row, straight from the file. */
const rowDates = text.split('\r\n').slice(1).filter((line) => line !== '').map((line) => line.split(',')[0]!);

function relativeError(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(1, Math.abs(b));
}

test('session VWAP equals a from-scratch per-day calculation on the minute file', () => {
  assert.equal(rowDates.length, bars.length);
  const ours = vwap(columns);
  let worst = 0;
  let sessions = 0;
  for (let i = 0; i < bars.length; i++) {
    let start = i;
    while (start > 0 && rowDates[start - 1] === rowDates[i]) start--;
    if (start === i) sessions++;
    let priceVolume = 0;
    let volume = 0;
    for (let j = start; j <= i; j++) {
      const b = bars[j]!;
      priceVolume += ((b.high + b.low + b.close) / 3) * b.volume;
      volume += b.volume;
    }
    worst = Math.max(worst, relativeError(ours[i]!, priceVolume / volume));
  }
  assert.equal(sessions, 41, 'the file spans 41 trading days');
  assert.ok(worst <= 1e-12, `max relative difference ${worst}`);
});

test('close-price VWAP and a session starting at 12:00 also match the plain calculation', () => {
  const ours = vwap(columns, { price: 'close', session: dailySession({ startMinute: 12 * 60 }) });
  const key = (t: number) => Math.floor((t - 12 * 3_600_000) / 86_400_000);
  let worst = 0;
  for (let i = 0; i < bars.length; i++) {
    let priceVolume = 0;
    let volume = 0;
    for (let j = i; j >= 0 && key(bars[j]!.timestamp) === key(bars[i]!.timestamp); j--) {
      priceVolume += bars[j]!.close * bars[j]!.volume;
      volume += bars[j]!.volume;
    }
    worst = Math.max(worst, relativeError(ours[i]!, priceVolume / volume));
  }
  assert.ok(worst <= 1e-12, `max relative difference ${worst}`);
});

test('anchored VWAP is NaN before the anchor and never resets after it', () => {
  const anchor = bars[5000]!.timestamp;
  const ours = vwap(columns, { session: anchoredSession(anchor) });
  assert.ok(ours.slice(0, 5000).every(Number.isNaN));
  let priceVolume = 0;
  let volume = 0;
  for (let i = 5000; i < bars.length; i++) {
    const b = bars[i]!;
    priceVolume += ((b.high + b.low + b.close) / 3) * b.volume;
    volume += b.volume;
    assert.ok(relativeError(ours[i]!, priceVolume / volume) <= 1e-12, `index ${i}`);
  }
});

test('a UTC offset moves the session boundary', () => {
  const stream = new VwapStream({ session: dailySession({ utcOffsetMinutes: -300 }) });
  const t = Date.UTC(2024, 0, 2, 4, 59);
  stream.update(t, 10, 10, 10, 1);
  // 04:59 and 05:01 UTC are 23:59 and 00:01 in UTC-5: a new session starts.
  assert.equal(stream.update(t + 2 * 60_000, 20, 20, 20, 1), 20);
  const utc = new VwapStream();
  utc.update(t, 10, 10, 10, 1);
  assert.equal(utc.update(t + 2 * 60_000, 20, 20, 20, 1), 15);
});

test('zero cumulative volume gives NaN until volume arrives; bad options are rejected', () => {
  const stream = new VwapStream();
  assert.ok(Number.isNaN(stream.update(0, 2, 1, 1.5, 0)));
  assert.equal(stream.update(60_000, 3, 3, 3, 2), 3);
  const invalid = (f: () => unknown) =>
    assert.throws(f, (e: unknown) => e instanceof IndicatorError && e.code === 'INDICATOR_INVALID_PARAMETER');
  invalid(() => dailySession({ startMinute: 1440 }));
  invalid(() => dailySession({ utcOffsetMinutes: 0.5 }));
  invalid(() => anchoredSession(NaN));
  invalid(() => new VwapStream({ price: 'median' as 'close' }));
});
