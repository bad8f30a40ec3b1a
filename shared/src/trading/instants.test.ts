import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Value } from '@sinclair/typebox/value';
import { MAX_INSTANT_MS, MIN_INSTANT_MS, instantMillis, isCalendarDay } from './instants.js';
import { DaySchema, TimestampSchema } from './primitives.js';
import './validate.js';

/** `YYYY-MM-DD` of a UTC date, years 0001-9999. */
function dayText(date: Date): string {
  return date.toISOString().slice(0, 10);
}

test('isCalendarDay accepts exactly the days that exist (checked day by day against Date over leap and century years)', () => {
  for (const year of [1, 4, 100, 1600, 1900, 2000, 2023, 2024, 2100, 9999]) {
    const yyyy = String(year).padStart(4, '0');
    for (let month = 1; month <= 12; month += 1) {
      for (let day = 1; day <= 31; day += 1) {
        const text = `${yyyy}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
        const date = new Date(`${text}T00:00:00Z`);
        const exists = !Number.isNaN(date.getTime()) && dayText(date) === text;
        assert.equal(isCalendarDay(text), exists, text);
      }
    }
  }
});

test('isCalendarDay refuses year 0, month/day 0 and 13/32, and other forms', () => {
  for (const text of ['0000-01-01', '0000-00-00', '2024-00-10', '2024-13-01', '2024-01-00', '2024-01-32', '2023-02-29', '2024-1-01', '20240101', '2024-01-01T00:00:00Z', ' 2024-01-01', '+02024-01-01']) {
    assert.equal(isCalendarDay(text), false, text);
  }
  assert.equal(isCalendarDay('2024-02-29'), true);
  assert.equal(isCalendarDay('0001-01-01'), true);
  assert.equal(isCalendarDay('9999-12-31'), true);
});

test('instantMillis parses the timestamp form inside the supported range only', () => {
  assert.equal(instantMillis('2026-01-02T14:30:00.000Z'), Date.UTC(2026, 0, 2, 14, 30));
  assert.equal(instantMillis('2026-01-02T14:30:00+01:00'), Date.UTC(2026, 0, 2, 13, 30));
  assert.equal(instantMillis('2026-01-02T14:30:00.123456789Z'), Date.UTC(2026, 0, 2, 14, 30, 0, 123));
  assert.equal(instantMillis('0001-01-01T00:00:00Z'), MIN_INSTANT_MS);
  assert.equal(instantMillis('9999-12-31T23:59:59.999Z'), MAX_INSTANT_MS);
  assert.equal(new Date(MIN_INSTANT_MS).toISOString(), '0001-01-01T00:00:00.000Z');
  assert.equal(new Date(MAX_INSTANT_MS).toISOString(), '9999-12-31T23:59:59.999Z');
  for (const text of [
    '0001-01-01T00:00:00+00:01', // year 0 in UTC
    '9999-12-31T23:59:59-00:01', // year 10000 in UTC
    '0000-01-01T00:00:00Z',
    '2023-02-30T00:00:00Z', // Date.parse would roll this over to 2 March
    '2016-12-31T23:59:60Z', // leap second
    '2026-01-02T14:30:00+16:00', // beyond PostgreSQL's offset range
    '2026-01-02T24:00:00Z',
    '2026-01-02T14:30:00', // no offset
    '2026-01-02T14:30:00.1234567890Z',
    '2026-01-02 14:30:00Z',
  ]) {
    assert.equal(instantMillis(text), null, text);
  }
});

test('DaySchema and TimestampSchema agree with the checks (patterns plus the registered formats)', () => {
  for (const day of ['2024-02-29', '0001-01-01', '9999-12-31']) assert.ok(Value.Check(DaySchema, day), day);
  for (const day of ['0000-00-00', '2023-02-29', '2024-04-31', '2024-13-01']) assert.ok(!Value.Check(DaySchema, day), day);
  for (const instant of ['2026-01-02T14:30:00Z', '2026-01-02T14:30:00.5-15:59']) assert.ok(Value.Check(TimestampSchema, instant), instant);
  for (const instant of ['0100-07-22T13:40:51-16:00', '0078-03-20T18:32:43+18:05', '0000-01-01T00:00:00Z', '9999-12-31T23:00:00-15:00']) {
    assert.ok(!Value.Check(TimestampSchema, instant), instant);
  }
});
