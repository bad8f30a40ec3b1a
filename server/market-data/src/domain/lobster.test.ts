// The LOBSTER reader against the real sample files in ../shared/data/lobster (PROVENANCE.md).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BookLevel } from '@kestrel/shared';
import { AAPL_MESSAGES, AAPL_ORDERBOOK, AMZN_MESSAGES, AMZN_ORDERBOOK, readSharedData } from '../../test/support/data-files.js';
import { readLobster, type LobsterOptions } from './lobster.js';
import { L2Book } from './order-book.js';

const options: LobsterOptions = { symbol: 'AAPL', day: '2012-06-21', timeZone: 'America/New_York', tickSize: '0.01', lotSize: 1, offTickTrades: 'reject' };
const messages = readSharedData(AAPL_MESSAGES);
const orderbook = readSharedData(AAPL_ORDERBOOK);

/** Orderbook row k (0-based) of the file as bids/asks in ticks. */
function fileRow(k: number): { bids: BookLevel[]; asks: BookLevel[] } {
  const fields = orderbook.split('\n')[k]!.split(',').map(Number);
  const bids: BookLevel[] = [];
  const asks: BookLevel[] = [];
  for (let i = 0; i < fields.length; i += 4) {
    if (fields[i + 1]! > 0) asks.push([fields[i]! / 100, fields[i + 1]!]);
    if (fields[i + 3]! > 0) bids.push([fields[i + 2]! / 100, fields[i + 3]!]);
  }
  return { bids, asks };
}

describe('LOBSTER reader', () => {
  const result = readLobster(messages, orderbook, options);

  it('reads every row: 159 executions (98 visible, 61 hidden) become trades', () => {
    assert.equal(result.rows, 999);
    assert.equal(result.levels, 10);
    assert.equal(result.trades, 159);
    assert.equal(result.events.filter((event) => event.kind === 'trade').length, 159);
  });

  it('converts seconds after New York midnight (EDT) to UTC microseconds from the text', () => {
    // Row 1: 34200.004241176 s after midnight on 2012-06-21, UTC-4.
    assert.equal(result.firstMicros, Date.UTC(2012, 5, 21, 13, 30, 0) * 1000 + 4241);
    const first = result.events[0]!;
    assert.equal(first.timeMicros, result.firstMicros);
  });

  it('takes the aggressor from the resting side (Direction -1: a resting sell was hit by a buyer)', () => {
    const lines = messages.split('\n');
    const trades = result.events.filter((event) => event.kind === 'trade');
    for (const trade of trades) {
      const line = Number(trade.tradeId.split(':')[1]);
      const fields = lines[line - 1]!.split(',');
      assert.equal(trade.priceTicks, Number(fields[4]) / 100);
      assert.equal(trade.quantityLots, Number(fields[3]));
      assert.equal(trade.aggressor, fields[5] === '-1' ? 'buy' : 'sell');
    }
  });

  it('rebuilds every orderbook row exactly from the first snapshot and the deltas', () => {
    // Rows whose book differs from the previous row (hidden executions leave it unchanged).
    const changed = [0];
    for (let k = 1; k < 999; k++) if (JSON.stringify(fileRow(k)) !== JSON.stringify(fileRow(k - 1))) changed.push(k);
    const bookEvents = result.events.filter((event) => event.kind === 'book-snapshot' || event.kind === 'book-delta');
    assert.equal(bookEvents.length, changed.length);
    assert.equal(bookEvents[0]!.kind, 'book-snapshot');
    const book = new L2Book();
    const midnight = Date.UTC(2012, 5, 21, 4) * 1000;
    const times = messages.trim().split('\n').map((line) => line.split(',')[0]!);
    bookEvents.forEach((event, i) => {
      if (event.kind === 'book-snapshot') book.applySnapshot(event.bids, event.asks);
      else if (event.kind === 'book-delta') book.applyDelta(event.bids, event.asks);
      const row = changed[i]!;
      assert.deepEqual({ bids: book.levels('bids'), asks: book.levels('asks') }, fileRow(row), `row ${row + 1}`);
      const [seconds, fraction = ''] = times[row]!.split('.');
      assert.equal(event.timeMicros, midnight + Number(seconds) * 1_000_000 + Number((fraction + '000000').slice(0, 6)), `time of row ${row + 1}`);
    });
  });

  it('refuses a malformed row with its line number and file', () => {
    const broken = messages.split('\n');
    broken[41] = '34200.5,4,123,abc,5853300,1';
    assert.throws(() => readLobster(broken.join('\n'), orderbook, options), { code: 'LOBSTER_MALFORMED_ROW', line: 42, file: 'message file' });
    assert.throws(() => readLobster(messages, orderbook.split('\n').slice(0, 500).join('\n'), options), { code: 'LOBSTER_ROW_COUNT_MISMATCH' });
    const unsorted = messages.split('\n');
    unsorted[10] = `34199.0${unsorted[10]!.slice(unsorted[10]!.indexOf(','))}`;
    assert.throws(() => readLobster(unsorted.join('\n'), orderbook, options), { code: 'LOBSTER_NOT_SORTED', line: 11 });
  });

  it('refuses sizes that are not whole lots', () => {
    assert.throws(() => readLobster(messages, orderbook, { ...options, lotSize: 7 }), { code: 'IMPORT_SIZE_NOT_LOTS' });
  });

  it('AMZN: refuses the 63 hidden half-cent executions by default, or skips and counts them', () => {
    const amznMessages = readSharedData(AMZN_MESSAGES);
    const amznBook = readSharedData(AMZN_ORDERBOOK);
    const amzn = { ...options, symbol: 'AMZN' };
    assert.throws(() => readLobster(amznMessages, amznBook, amzn), { code: 'LOBSTER_PRICE_OFF_TICK' });
    const skipped = readLobster(amznMessages, amznBook, { ...amzn, offTickTrades: 'skip' });
    assert.equal(skipped.skippedOffTickTrades, 63);
    assert.equal(skipped.trades, 8974 + 2445 - 63);
    assert.equal(skipped.rows, 57_515);
    assert.equal(skipped.levels, 1);
  });
});
