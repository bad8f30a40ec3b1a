import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ALWAYS_OPEN, assertTradingHours, isWithinTradingHours, localTime, type TradingHours } from './trading-hours.js';

const NYSE: TradingHours = {
  timeZone: 'America/New_York',
  sessions: [{ days: [1, 2, 3, 4, 5], open: '09:30', close: '16:00' }],
  holidays: ['2025-12-25'],
};

test('sessions follow the venue clock across daylight saving', () => {
  // Winter (EST, UTC-5): 09:30 local = 14:30Z. Summer (EDT, UTC-4): 09:30 local = 13:30Z.
  assert.equal(isWithinTradingHours(NYSE, new Date('2025-01-15T14:29:59Z')), false);
  assert.equal(isWithinTradingHours(NYSE, new Date('2025-01-15T14:30:00Z')), true);
  assert.equal(isWithinTradingHours(NYSE, new Date('2025-07-15T13:30:00Z')), true);
  assert.equal(isWithinTradingHours(NYSE, new Date('2025-07-15T20:00:00Z')), false); // 16:00 EDT: closed
  assert.equal(isWithinTradingHours(NYSE, new Date('2025-07-15T19:59:00Z')), true);
});

test('weekends and holidays are closed', () => {
  assert.equal(isWithinTradingHours(NYSE, new Date('2025-01-18T15:00:00Z')), false); // Saturday
  assert.equal(isWithinTradingHours(NYSE, new Date('2025-12-25T15:00:00Z')), false);
  assert.equal(isWithinTradingHours(NYSE, new Date('2025-12-24T15:00:00Z')), true);
  assert.deepEqual(localTime(new Date('2025-12-25T03:00:00Z'), NYSE.timeZone), { weekday: 3, day: '2025-12-24', minuteOfDay: 22 * 60 });
});

test('the local time of each minute is reused only where the offset is whole minutes', () => {
  // Monrovia was UTC−0:44:30 in 1960: 12:00:10Z is 11:15:40 local, 12:00:40Z is 11:16:10 — one UTC
  // minute, two local ones.
  assert.equal(localTime(new Date('1960-06-01T12:00:10Z'), 'Africa/Monrovia').minuteOfDay, 11 * 60 + 15);
  assert.equal(localTime(new Date('1960-06-01T12:00:40Z'), 'Africa/Monrovia').minuteOfDay, 11 * 60 + 16);
  // New York across the spring-forward minute, seconds apart: each answer equals a fresh conversion.
  const fresh = new Intl.DateTimeFormat('en-US', { timeZone: NYSE.timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  for (const iso of ['2025-03-09T06:59:00Z', '2025-03-09T06:59:59Z', '2025-03-09T07:00:00Z', '2025-03-09T07:00:30Z', '2025-03-09T06:59:30Z']) {
    const at = new Date(iso);
    const [hour, minute] = fresh.format(at).split(':').map(Number);
    assert.equal(localTime(at, NYSE.timeZone).minuteOfDay, hour! * 60 + minute!, iso);
  }
});

test('inconsistent hours are refused', () => {
  assertTradingHours(ALWAYS_OPEN);
  assert.throws(() => assertTradingHours({ ...NYSE, sessions: [{ days: [1], open: '16:00', close: '09:30' }] }), {
    code: 'TRADING_INVALID_INSTRUMENT',
  });
});

test('ALWAYS_OPEN trades 24 hours on 7 days: the last minute of every day and every weekday are open', () => {
  assert.deepEqual(ALWAYS_OPEN.sessions, [{ days: [1, 2, 3, 4, 5, 6, 7], open: '00:00', close: '24:00' }]);
  for (let day = 0; day < 7; day++) {
    for (const time of ['00:00:00', '03:17:00', '12:00:00', '23:59:00', '23:59:59']) {
      const at = new Date(`2026-03-${String(2 + day).padStart(2, '0')}T${time}Z`);
      assert.equal(isWithinTradingHours(ALWAYS_OPEN, at), true, at.toISOString());
    }
  }
  // 24:00 is only a close: it still ends the session (a later local day is another session).
  const evening: TradingHours = { timeZone: 'UTC', sessions: [{ days: [1], open: '18:00', close: '24:00' }], holidays: [] };
  assert.equal(isWithinTradingHours(evening, new Date('2026-03-02T23:59:59Z')), true); // Monday
  assert.equal(isWithinTradingHours(evening, new Date('2026-03-03T00:00:00Z')), false); // Tuesday
});
