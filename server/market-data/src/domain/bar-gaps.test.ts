import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALWAYS_OPEN, type TradingHours } from '@kestrel/shared';
import { absentBars, gapSession } from './bar-gaps.js';

const NASDAQ: TradingHours = { timeZone: 'America/New_York', sessions: [{ days: [1, 2, 3, 4, 5], open: '09:30', close: '16:00' }], holidays: ['2024-07-04'] };
const minute = (h: number, m: number, day = 2) => Date.UTC(2024, 6, day, h, m) * 1000;

describe('absent bars between stored bars', () => {
  it('derives the session window from the trading hours', () => {
    assert.deepEqual(gapSession(NASDAQ, '1m', Date.UTC(2024, 6, 2)), {
      utcOffsetMinutes: -240,
      firstBar: '09:30:00',
      lastBar: '15:59:00',
      weekdays: [1, 2, 3, 4, 5],
      holidays: ['2024-07-04'],
    });
    assert.equal(gapSession(NASDAQ, '1h', Date.UTC(2024, 6, 2)).firstBar, '09:00:00');
    assert.deepEqual(gapSession(NASDAQ, '1d', 0), { utcOffsetMinutes: 0, weekdays: [1, 2, 3, 4, 5], holidays: ['2024-07-04'] });
  });

  it('reports in-session minutes without a bar, not the night', () => {
    // 13:30Z = 09:30 EDT. Bars at 09:30, 09:31, 09:35 and the next day's open.
    const gaps = absentBars([minute(13, 30), minute(13, 31), minute(13, 35), minute(13, 30, 3)], '1m', NASDAQ);
    assert.deepEqual(gaps, [
      { fromMicros: minute(13, 32), toMicros: minute(13, 35), missingBars: 3 },
      { fromMicros: minute(13, 36), toMicros: minute(20, 0), missingBars: 384 },
    ]);
  });

  it('skips weekends and holidays for daily bars, and reports nothing for a complete series', () => {
    const day = (d: number) => Date.UTC(2024, 6, d) * 1000;
    assert.deepEqual(absentBars([day(3), day(5)], '1d', NASDAQ), [], 'July 4th is a holiday');
    assert.deepEqual(absentBars([day(5), day(8)], '1d', NASDAQ), [], 'a weekend');
    assert.deepEqual(absentBars([day(8), day(10)], '1d', NASDAQ), [{ fromMicros: day(9), toMicros: day(10), missingBars: 1 }]);
    assert.deepEqual(absentBars([minute(0, 0), minute(0, 2)], '1m', ALWAYS_OPEN).map((gap) => gap.missingBars), [1]);
  });
});
