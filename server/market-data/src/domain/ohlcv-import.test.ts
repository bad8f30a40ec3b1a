import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GOOG_DAILY, readSharedData } from '../../test/support/data-files.js';
import { readOhlcvBars } from './ohlcv-import.js';

const goog = readSharedData(GOOG_DAILY);
const options = { interval: '1d' as const, tickSize: '0.01', lotSize: 1 };

describe('OHLCV import reading', () => {
  it('reads GOOG daily bars into exact ticks and lots, with unknown trade count and VWAP', () => {
    const bars = readOhlcvBars(goog, options);
    assert.equal(bars.length, 2148);
    assert.deepEqual(bars[0], {
      startMicros: Date.UTC(2004, 7, 19) * 1000,
      open: 10000,
      high: 10406,
      low: 9596,
      close: 10034,
      volumeLots: 22_351_900,
      tradeCount: null,
      vwapNumerator: null,
    });
    assert.equal(bars[bars.length - 1]!.close, 80619);
  });

  it('refuses bars that do not start a bar of the interval, naming the line', () => {
    assert.throws(() => readOhlcvBars('Date,Open,High,Low,Close,Volume\n2024-01-02 09:30:30,1,1,1,1,1\n', { ...options, interval: '1m' }), {
      code: 'IMPORT_MISALIGNED',
      line: 2,
    });
  });

  it('refuses volumes that are not whole lots, naming the line (blank lines counted)', () => {
    const text = 'Date,Open,High,Low,Close,Volume\n\n2024-01-02,1,1,1,1,100\n2024-01-03,1,1,1,1,150\n';
    assert.throws(() => readOhlcvBars(text, { ...options, lotSize: 100 }), { code: 'IMPORT_SIZE_NOT_LOTS', line: 4 });
  });

  it('passes the shared reader\'s errors through with their code and line', () => {
    const lines = goog.split('\n');
    lines[100] = '2004-13-45,1,2,3,4,5';
    assert.throws(() => readOhlcvBars(lines.join('\n'), options), { code: 'DATA_CSV_MALFORMED_ROW', line: 101 });
    const offTick = goog.split('\n');
    offTick[5] = offTick[5]!.replace(/,(\d+\.\d+),/, ',$1001,');
    assert.throws(() => readOhlcvBars(offTick.join('\n'), options), { code: 'DATA_PRICE_OFF_TICK', line: 6 });
    assert.throws(() => readOhlcvBars('Date,Open,High,Low,Close,Volume\n', options), { code: 'IMPORT_EMPTY' });
    assert.throws(() => readOhlcvBars('Date,Open,High,Low,Close,Volume\n1969-12-31,1,1,1,1,1\n', options), { code: 'IMPORT_TIME_OUT_OF_RANGE', line: 2 });
  });
});
