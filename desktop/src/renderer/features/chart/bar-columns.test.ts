import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Bar } from '../../api/market-data-api.js';
import { BarColumns, IsoSeconds } from './bar-columns.js';

const bar = (time: string, close: number, volume = 100): Bar => ({
  time,
  open: close - 5,
  high: close + 10,
  low: close - 10,
  close,
  volumeLots: volume,
  tradeCount: null,
  vwapNumerator: null,
  origin: 'import',
  complete: true,
});

describe('bar columns', () => {
  it('parses API timestamps exactly as Date.parse (seconds), including day changes and other shapes', () => {
    const parser = new IsoSeconds();
    const samples = ['2024-01-02T09:30:00.000Z', '2024-01-02T23:59:59.999Z', '2024-01-03T00:00:00.000Z', '1969-12-31T23:59:59.000Z', '2024-02-29T12:00:00Z', '2024-03-01T12:00:00+01:00'];
    for (const text of samples) assert.equal(parser.parse(text), Math.floor(Date.parse(text) / 1000), text);
    for (let ms = Date.UTC(2024, 0, 1); ms < Date.UTC(2024, 0, 3); ms += 7_777_000) {
      const text = new Date(ms).toISOString();
      assert.equal(parser.parse(text), Math.floor(ms / 1000), text);
    }
  });

  it('converts ticks to the exact decimal price, as the string of the decimal would parse', () => {
    const columns = BarColumns.fromApiBars([bar('2024-01-02T00:00:00.000Z', 10034)], '0.01');
    assert.equal(columns.length, 1);
    assert.equal(columns.close[0], 100.34);
    assert.equal(columns.open[0], 100.29);
    assert.equal(columns.time[0], Date.UTC(2024, 0, 2) / 1000);
    for (const [tickSize, decimals] of [['0.01', 2], ['0.25', 2], ['0.0001', 4], ['1', 0], ['0.1', 1]] as const) {
      const prices = new BarColumns(tickSize);
      for (let ticks = -3000; ticks < 3000; ticks += 7) assert.equal(prices.price(ticks), Number((ticks * Number(tickSize)).toFixed(decimals)), `${ticks} × ${tickSize}`);
    }
  });

  it('merges live bars: updates the forming bar, appends newer ones, ignores older and unchanged ones, grows past its capacity', () => {
    const columns = BarColumns.fromApiBars([bar('2024-01-01T00:00:00.000Z', 100), bar('2024-01-02T00:00:00.000Z', 110)], '0.01');
    assert.equal(columns.mergeLive([bar('2024-01-01T00:00:00.000Z', 999), bar('2024-01-02T00:00:00.000Z', 110)]), 'none');
    assert.equal(columns.mergeLive([bar('2024-01-02T00:00:00.000Z', 120)]), 'update');
    assert.equal(columns.close[1], 1.2);
    assert.equal(columns.close[0], 1);
    const many = Array.from({ length: 3000 }, (_, i) => bar(new Date(Date.UTC(2024, 0, 3 + i)).toISOString(), 100 + i));
    assert.equal(columns.mergeLive([bar('2024-01-02T00:00:00.000Z', 130), ...many]), 'append');
    assert.equal(columns.length, 3002);
    assert.equal(columns.close[1], 1.3);
    assert.equal(columns.close[3001], 30.99);
    for (let i = 1; i < columns.length; i++) assert.ok(columns.time[i]! > columns.time[i - 1]!);
    assert.equal(columns.indexAtOrBefore(Date.UTC(2024, 0, 2, 12) / 1000), 1);
    assert.equal(columns.indexAtOrBefore(0), -1);
    assert.equal(columns.indexAtOrBefore(Date.UTC(2100, 0, 1) / 1000), 3001);
  });

  it('prepends older bars, skipping the bars already loaded and any out of order', () => {
    const at = (i: number) => new Date(Date.UTC(2024, 0, 2) + i * 60_000).toISOString();
    const columns = BarColumns.fromApiBars([bar(at(10), 110), bar(at(11), 111), bar(at(12), 112)], '0.01');
    assert.equal(columns.prepend([bar(at(7), 107), bar(at(6), 106), bar(at(8), 108), bar(at(9), 109), bar(at(10), 999), bar(at(11), 999)]), 3, 'bar 6 is out of order, 10 and 11 are loaded');
    assert.deepEqual([...columns.time.subarray(0, columns.length)], [7, 8, 9, 10, 11, 12].map((i) => Date.parse(at(i)) / 1000));
    assert.deepEqual([...columns.close.subarray(0, columns.length)], [1.07, 1.08, 1.09, 1.1, 1.11, 1.12]);
    assert.equal(columns.volume[5], 100);
    assert.equal(columns.prepend([bar(at(8), 108), bar(at(12), 112)]), 0, 'nothing older');
    assert.equal(columns.length, 6);
    assert.equal(columns.mergeLive([bar(at(13), 113)]), 'append', 'live bars still append after a prepend');
    assert.equal(columns.indexAtOrBefore(Date.parse(at(13)) / 1000), 6);
  });

  it('grows the columns when an older page exceeds the spare capacity', () => {
    const at = (i: number) => new Date(Date.UTC(2024, 0, 2) + i * 60_000).toISOString();
    const columns = BarColumns.fromApiBars(Array.from({ length: 10 }, (_, i) => bar(at(5_000 + i), 100)), '0.01');
    const capacity = columns.time.length;
    assert.equal(columns.prepend(Array.from({ length: 5_000 }, (_, i) => bar(at(i), 100 + (i % 7)))), 5_000);
    assert.equal(columns.length, 5_010);
    assert.ok(columns.time.length > capacity);
    for (let i = 1; i < columns.length; i++) assert.ok(columns.time[i]! > columns.time[i - 1]!);
    assert.equal(columns.close[6], 1.06);
    assert.equal(columns.close[5_000], 1);
  });

  it('prepends the next pages into the room left in front, without copying, and still appends live bars', () => {
    const at = (i: number) => new Date(Date.UTC(2024, 0, 2) + i * 60_000).toISOString();
    const history = Array.from({ length: 4_000 }, (_, i) => bar(at(i), 100 + (i % 50)));
    const columns = BarColumns.fromApiBars(history.slice(3_000), '0.01');
    columns.prepend(history.slice(2_500, 3_000));
    const buffer = columns.close.buffer;
    assert.ok(columns.time.byteOffset > 0, 'room left in front');
    columns.prepend(history.slice(2_000, 2_500));
    columns.prepend(history.slice(1_500, 2_000));
    assert.equal(columns.close.buffer, buffer, 'the same buffers: nothing copied');
    columns.prepend(history.slice(0, 1_500));
    assert.equal(columns.length, 4_000);
    assert.deepEqual([...columns.time.subarray(0, columns.length)], history.map((each) => Date.parse(each.time) / 1000));
    assert.deepEqual([...columns.close.subarray(0, columns.length)], history.map((each) => each.close / 100));
    for (let i = 0; i < 3_000; i++) columns.mergeLive([bar(at(4_000 + i), 100)]);
    assert.equal(columns.length, 7_000);
    assert.equal(columns.time[6_999], Date.parse(at(6_999)) / 1000);
    assert.equal(columns.close[0], 1);
    assert.equal(columns.indexAtOrBefore(Date.parse(at(1_234)) / 1000), 1_234);
  });
});
