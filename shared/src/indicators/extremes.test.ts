// MAX/MIN against TA-Lib on both real data files (exact equality: the result is always one of the
// inputs) and against a per-window scan on random data, plus parameter checks.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readOhlcvCsv } from '../market-data/ohlcv-csv.js';
import { toColumns } from '../market-data/ohlcv-bar.js';
import { GOOG_DAILY, MINUTE_BARS, readOhlcvDataFile } from '../testing/data-files.js';
import { randomWalk, seededRandom } from '../testing/random.js';
import { talibAligned } from '../testing/talib-oracle.js';
import { max, MaxStream, min } from './extremes.js';
import { IndicatorError } from './indicator-error.js';

for (const file of [GOOG_DAILY, MINUTE_BARS]) {
  const bars = toColumns(readOhlcvCsv(readOhlcvDataFile(file)).bars);
  for (const period of [2, 20, 55]) {
    test(`${file}: MAX(high, ${period}) and MIN(low, ${period}) equal TA-Lib exactly`, () => {
      const high = talibAligned('MAX', { inReal: bars.high }, { optInTimePeriod: period }).outReal!;
      const low = talibAligned('MIN', { inReal: bars.low }, { optInTimePeriod: period }).outReal!;
      assert.deepEqual(max(bars.high, { period }), high);
      assert.deepEqual(min(bars.low, { period }), low);
    });
  }
}

test('MAX/MIN equal a per-window scan on a random walk', () => {
  const values = randomWalk(seededRandom(7), 5_000);
  for (const period of [2, 3, 17, 200]) {
    const highs = max(values, { period });
    const lows = min(values, { period });
    for (let i = 0; i < values.length; i++) {
      if (i < period - 1) {
        assert.ok(Number.isNaN(highs[i]!) && Number.isNaN(lows[i]!), `NaN during the lookback at ${i}`);
        continue;
      }
      const window = values.slice(i - period + 1, i + 1);
      assert.equal(highs[i], Math.max(...window), `MAX(${period}) at ${i}`);
      assert.equal(lows[i], Math.min(...window), `MIN(${period}) at ${i}`);
    }
  }
});

test('MAX rejects a period below 2 and non-finite input, and reset() forgets the window', () => {
  assert.throws(() => new MaxStream({ period: 1 }), (e: unknown) => e instanceof IndicatorError && e.code === 'INDICATOR_INVALID_PARAMETER');
  const stream = new MaxStream({ period: 2 });
  assert.throws(() => stream.update(NaN), (e: unknown) => e instanceof IndicatorError && e.code === 'INDICATOR_INVALID_INPUT');
  assert.ok(Number.isNaN(stream.update(5)));
  assert.equal(stream.update(3), 5);
  stream.reset();
  assert.ok(Number.isNaN(stream.update(1)));
  assert.equal(stream.update(2), 2);
});
