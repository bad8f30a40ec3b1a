// The OHLCV CSV reader on both real sample files and on the layouts and failures it promises to
// handle, each failure with its stable code and line number.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { GOOG_DAILY, MINUTE_BARS, readOhlcvDataFile } from '../testing/data-files.js';
import { MARKET_DATA_ERROR_CODES, MarketDataError, type MarketDataErrorCode } from './market-data-error.js';
import { readOhlcvCsv } from './ohlcv-csv.js';

function rejects(code: MarketDataErrorCode, line: number | undefined, f: () => unknown, label: string = code): void {
  assert.throws(
    f,
    (e: unknown) => {
      assert.ok(e instanceof MarketDataError, `${label}: ${String(e)}`);
      assert.equal(e.code, code, `${label}: ${e.message}`);
      assert.equal(e.line, line, `${label}: ${e.message}`);
      return true;
    },
    label,
  );
}

test('GOOG.csv: unnamed date column, 2,148 daily bars, exact ticks from the text', () => {
  const text = readOhlcvDataFile(GOOG_DAILY);
  const { bars, layout } = readOhlcvCsv(text, { tickSize: '0.01' });
  assert.equal(bars.length, 2148);
  assert.deepEqual(layout.columns, { date: 0, open: 1, high: 2, low: 3, close: 4, volume: 5 });
  assert.equal(layout.timeColumnInferred, false);
  assert.deepEqual(bars[0], {
    timestamp: Date.UTC(2004, 7, 19),
    open: 100,
    high: 104.06,
    low: 95.96,
    close: 100.34,
    volume: 22351900,
    ticks: { open: 10000, high: 10406, low: 9596, close: 10034 },
  });
  assert.equal(bars.at(-1)!.timestamp, Date.UTC(2013, 2, 1));
  assert.equal(bars.at(-1)!.close, 806.19);
  // Every tick count equals an integer-only reading of the same text (no float anywhere).
  const rows = text.trim().split('\n').slice(1);
  rows.forEach((row, i) => {
    const [, open, high, low, close] = row.split(',');
    const cents = (s: string) => {
      const [whole, fraction = ''] = s.split('.');
      return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
    };
    assert.deepEqual(bars[i]!.ticks, { open: cents(open!), high: cents(high!), low: cents(low!), close: cents(close!) }, `row ${i + 2}`);
  });
});

test('minute file: CRLF, header one column short, time column inferred, OpenInterest ignored', () => {
  const { bars, layout } = readOhlcvCsv(readOhlcvDataFile(MINUTE_BARS), { tickSize: '0.5' });
  assert.equal(bars.length, 30889);
  assert.equal(layout.timeColumnInferred, true);
  assert.deepEqual(layout.columns, { date: 0, time: 1, open: 2, high: 3, low: 4, close: 5, volume: 6 });
  assert.deepEqual(layout.ignoredColumns, ['OpenInterest']);
  assert.equal(bars[0]!.timestamp, Date.UTC(2006, 0, 2, 9, 1));
  assert.deepEqual(bars[0]!.ticks, { open: 7204, high: 7206, low: 7194, close: 7198 });
  assert.equal(bars.at(-1)!.timestamp, Date.UTC(2006, 1, 27, 22, 0));
  assert.equal(bars.at(-1)!.volume, 327);
});

test('header names in any case and order, extra columns ignored, LF/CRLF, BOM, no trailing newline', () => {
  const expected = [
    { timestamp: Date.UTC(2024, 0, 2), open: 10, high: 12, low: 9, close: 11, volume: 100 },
    { timestamp: Date.UTC(2024, 0, 3), open: 11, high: 13, low: 10.5, close: 12.5, volume: 250 },
  ];
  const variants = [
    'Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-02,10,12,9,11,10.9,100\n2024-01-03,11,13,10.5,12.5,12.4,250\n',
    'VOLUME,close,LOW,date,high,Open\r\n100,11,9,2024-01-02,12,10\r\n250,12.5,10.5,2024-01-03,13,11',
    '\uFEFFdate;open;high;low;close;volume\n2024-01-02;10;12;9;11;100\n\n2024-01-03;11;13;10.5;12.5;250\n\n',
    '"Date","Open","High","Low","Close","Volume"\n"2024-01-02","10","12","9","11","100"\n"2024-01-03","11","13","10.5","12.5","250"\n',
    'timestamp\topen\thigh\tlow\tclose\tvol\n1704153600\t10\t12\t9\t11\t100\n1704240000000\t11\t13\t10.5\t12.5\t250\n',
    'Date,Time,Open,High,Low,Close,Volume\n2024-01-02,00:00,10,12,9,11,100\n2024-01-03,00:00:00,11,13,10.5,12.5,250\n',
    'datetime,o,h,l,c,v\n2024-01-02T00:00:00Z,10,12,9,11,100\n2024-01-03 01:00:00+01:00,11,13,10.5,12.5,250\n',
  ];
  for (const text of variants) assert.deepEqual(readOhlcvCsv(text).bars, expected, JSON.stringify(text));
  // Lines can also be given one by one (e.g. from a stream reader), with or without their CR.
  assert.deepEqual(readOhlcvCsv(['Date,Open,High,Low,Close,Volume\r', '20240102,10,12,9,11,100', '20240103,11,13,10.5,12.5,250']).bars, expected);
});

test('headerless files with explicit columns; wall-clock offset', () => {
  const text = '2024-01-02,09:30,10,12,9,11,100\n';
  const { bars } = readOhlcvCsv(text, { columns: ['date', 'time', 'open', 'high', 'low', 'close', 'volume'], utcOffsetMinutes: -300 });
  assert.equal(bars[0]!.timestamp, Date.UTC(2024, 0, 2, 14, 30));
  rejects('DATA_INVALID_OPTION', undefined, () => readOhlcvCsv(text, { columns: ['date', 'open'] }), 'columns missing fields');
  rejects('DATA_INVALID_OPTION', undefined, () => readOhlcvCsv(text, { utcOffsetMinutes: 2000 }), 'offset');
  rejects('DATA_INVALID_OPTION', undefined, () => readOhlcvCsv(text, { tickSize: '0' }), 'tick size');
});

test('malformed input fails with a stable code and the line number', () => {
  const header = 'Date,Open,High,Low,Close,Volume\n';
  const good = '2024-01-02,10,12,9,11,100\n';
  rejects('DATA_CSV_EMPTY', 1, () => readOhlcvCsv(''));
  rejects('DATA_CSV_EMPTY', 1, () => readOhlcvCsv('\n\r\n  \n'));
  rejects('DATA_CSV_MISSING_COLUMN', 1, () => readOhlcvCsv('Date,Open,High,Low,Close\n2024-01-02,1,1,1,1\n'));
  rejects('DATA_CSV_MISSING_COLUMN', 2, () => readOhlcvCsv('\nfoo,bar\n'));
  rejects('DATA_CSV_DUPLICATE_COLUMN', 1, () => readOhlcvCsv('Date,Open,High,Low,Close,Volume,close\n'));
  rejects('DATA_CSV_MALFORMED_ROW', 3, () => readOhlcvCsv(`${header}${good}2024-01-03,10,12,9,11\n`), 'short row');
  rejects('DATA_CSV_MALFORMED_ROW', 2, () => readOhlcvCsv(`${header}2024-01-03,10,12,9,11,100,7,8\n`), 'long row');
  rejects('DATA_CSV_MALFORMED_ROW', 3, () => readOhlcvCsv(`${header}${good}2024-01-03,10,abc,9,11,100\n`), 'price text');
  rejects('DATA_CSV_MALFORMED_ROW', 3, () => readOhlcvCsv(`${header}${good}2024-01-03,10,,9,11,100\n`), 'empty price');
  rejects('DATA_CSV_MALFORMED_ROW', 3, () => readOhlcvCsv(`${header}${good}2024-01-03,0x10,12,9,11,100\n`), 'hex');
  rejects('DATA_CSV_MALFORMED_ROW', 3, () => readOhlcvCsv(`${header}${good}03/01/2024,10,12,9,11,100\n`), 'US date');
  rejects('DATA_CSV_MALFORMED_ROW', 3, () => readOhlcvCsv(`${header}${good}2024-02-30,10,12,9,11,100\n`), 'no such day');
  rejects('DATA_CSV_MALFORMED_ROW', 2, () => readOhlcvCsv(`${header}"2024-01-02,10,12,9,11,100\n`), 'open quote');
  rejects('DATA_CSV_MALFORMED_ROW', 2, () => readOhlcvCsv(`Date,Time,Open,High,Low,Close,Volume\n2024-01-02,25:00,10,12,9,11,100\n`), 'hour');
  rejects('DATA_CSV_INCONSISTENT_BAR', 3, () => readOhlcvCsv(`${header}${good}2024-01-03,10,12,10.5,11,100\n`), 'low above open');
  rejects('DATA_CSV_INCONSISTENT_BAR', 3, () => readOhlcvCsv(`${header}${good}2024-01-03,10,10.5,9,11,100\n`), 'high below close');
  rejects('DATA_CSV_INCONSISTENT_BAR', 3, () => readOhlcvCsv(`${header}${good}2024-01-03,10,12,9,11,-1\n`), 'negative volume');
  assert.equal(readOhlcvCsv(`${header}${good}2024-01-03,10,10.5,9,11,100\n`, { validateBars: false }).bars.length, 2);
  rejects('DATA_CSV_NOT_SORTED', 3, () => readOhlcvCsv(`${header}${good}2024-01-01,10,12,9,11,100\n`));
  rejects('DATA_CSV_DUPLICATE_TIMESTAMP', 3, () => readOhlcvCsv(`${header}${good}${good}`));
  rejects('DATA_PRICE_OFF_TICK', 3, () => readOhlcvCsv(`${header}${good}2024-01-03,10,12.005,9,11,100\n`, { tickSize: '0.01' }), 'off tick');
});

test('a row of the real minute file broken in place is reported at its physical line', () => {
  const lines = readOhlcvDataFile(MINUTE_BARS).split('\r\n');
  lines[12345] = lines[12345]!.replace(/,\d+,0$/, ',x,0');
  rejects('DATA_CSV_MALFORMED_ROW', 12346, () => readOhlcvCsv(lines.join('\r\n')));
});

test('every market-data error code is documented in docs/data-formats.md', () => {
  const docs = readFileSync(new URL('../../../docs/data-formats.md', import.meta.url), 'utf8');
  for (const code of Object.keys(MARKET_DATA_ERROR_CODES)) assert.ok(docs.includes(`\`${code}\``), `${code} is not in docs/data-formats.md`);
});
