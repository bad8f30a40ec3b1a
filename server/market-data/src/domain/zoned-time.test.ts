import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { localMidnightUtcMs, zoneOffsetMs } from './zoned-time.js';

describe('zoned time', () => {
  it('finds local midnight in UTC across daylight saving', () => {
    assert.equal(localMidnightUtcMs('2012-06-21', 'America/New_York'), Date.UTC(2012, 5, 21, 4));
    assert.equal(localMidnightUtcMs('2012-01-05', 'America/New_York'), Date.UTC(2012, 0, 5, 5));
    assert.equal(localMidnightUtcMs('2024-03-31', 'Asia/Kolkata'), Date.UTC(2024, 2, 30, 18, 30));
    assert.equal(localMidnightUtcMs('2024-03-31', 'UTC'), Date.UTC(2024, 2, 31));
  });

  it('reports offsets and refuses bad days and zones', () => {
    assert.equal(zoneOffsetMs('America/New_York', Date.UTC(2012, 5, 21, 12)), -4 * 3_600_000);
    assert.throws(() => localMidnightUtcMs('2012-02-30', 'UTC'), RangeError);
    assert.throws(() => localMidnightUtcMs('2012-06-21', 'Mars/Olympus'), RangeError);
  });
});
