// Level-2 replay data from a LOBSTER message file and its orderbook file (one symbol, one day;
// ../shared/data/lobster): row k of the orderbook file is the book after message k, as a
// BookSnapshotEvent at message k's time; executions (message types 4 visible, 5 hidden) also
// become TradeEvents just before their snapshot, with the aggressor opposite the resting side.
// Prices are dollars x 10,000 in the files; they become ticks of `tickSize` exactly (a hidden
// execution at a sub-tick price is skipped and counted; a book price off the tick grid is an
// error). Times are seconds after midnight as decimal text, parsed without floats and truncated
// to microseconds, on `day` at `utcOffsetMinutes` from UTC.
// Known limit: only what the replay needs — the full importer with validation of every message
// type lives in the market-data service.

import { parseTickSize, type BookLevel, type BookSnapshotEvent, type TradeEvent } from '@kestrel/shared';
import { BacktestError } from './backtest-error.js';
import type { EventSeries, ReplayEvent } from './event-series.js';

/** How to read the files. */
export interface LobsterOptions {
  symbol: string;
  /** The trading day, YYYY-MM-DD. */
  day: string;
  /** Offset of the files' clock from UTC in minutes (New York in summer: -240). Default 0. */
  utcOffsetMinutes?: number;
  /** Tick size in dollars (default "0.01"). */
  tickSize?: string;
  /** Also emit executions as trade events (default true). */
  trades?: boolean;
}

/** The replay events plus what was skipped. */
export interface LobsterSeries extends EventSeries {
  snapshots: number;
  skippedOffTickTrades: number;
}

const EMPTY = 9_999_999_999;
const TIME = /^(\d+)(?:\.(\d+))?$/;

function rows(text: string): string[][] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => line.split(','));
}

function fail(file: string, row: number, message: string): never {
  throw new BacktestError('BACKTEST_DATA_INVALID', `LOBSTER ${file} row ${row}: ${message}`);
}

/** Reads the two files into book snapshots (and trades), in file order. */
export function lobsterSeries(messages: string, orderbook: string, options: LobsterOptions): LobsterSeries {
  const tickSize = options.tickSize ?? '0.01';
  // Price units (1/10,000 dollar) per tick; LOBSTER prices must be whole multiples of it.
  let tick;
  try {
    tick = parseTickSize(tickSize);
  } catch {
    throw new BacktestError('BACKTEST_INVALID_CONFIG', `tick size "${tickSize}" is not a positive decimal`);
  }
  if (tick.scale > 4) throw new BacktestError('BACKTEST_INVALID_CONFIG', `tick size ${tickSize} is finer than the files' $0.0001`);
  const unitsPerTick = Number(tick.coefficient * 10n ** BigInt(4 - tick.scale));
  const midnight = Date.parse(`${options.day}T00:00:00Z`);
  if (Number.isNaN(midnight)) throw new BacktestError('BACKTEST_INVALID_CONFIG', `day "${options.day}" is not YYYY-MM-DD`);
  const originMicros = (midnight - (options.utcOffsetMinutes ?? 0) * 60_000) * 1000;
  const messageRows = rows(messages);
  const bookRows = rows(orderbook);
  if (messageRows.length !== bookRows.length) throw new BacktestError('BACKTEST_DATA_INVALID', `LOBSTER files differ in length: ${messageRows.length} messages, ${bookRows.length} book rows`);
  const events: ReplayEvent[] = [];
  let skipped = 0;
  for (let k = 0; k < messageRows.length; k++) {
    const message = messageRows[k]!;
    const time = TIME.exec(message[0] ?? '');
    if (!time || message.length < 6) fail('message file', k + 1, 'not time,type,id,size,price,direction');
    const timeMicros = originMicros + Number(time[1]) * 1_000_000 + Number(((time[2] ?? '') + '000000').slice(0, 6));
    const type = Number(message[1]);
    if (options.trades !== false && (type === 4 || type === 5)) {
      const price = Number(message[4]);
      const size = Number(message[3]);
      if (price % unitsPerTick !== 0) skipped++;
      else if (size > 0) {
        const trade: TradeEvent = {
          kind: 'trade',
          symbol: options.symbol,
          source: 'lobster',
          timeMicros,
          priceTicks: price / unitsPerTick,
          quantityLots: size,
          aggressor: Number(message[5]) === 1 ? 'sell' : 'buy',
          tradeId: String(k + 1),
        };
        events.push(trade);
      }
    }
    const book = bookRows[k]!;
    if (book.length % 4 !== 0) fail('orderbook file', k + 1, 'not groups of ask price, ask size, bid price, bid size');
    const asks: BookLevel[] = [];
    const bids: BookLevel[] = [];
    for (let level = 0; level < book.length; level += 4) {
      const askPrice = Number(book[level]);
      const askSize = Number(book[level + 1]);
      const bidPrice = Number(book[level + 2]);
      const bidSize = Number(book[level + 3]);
      if (Math.abs(askPrice) !== EMPTY && askSize > 0) {
        if (askPrice % unitsPerTick !== 0) fail('orderbook file', k + 1, `ask ${askPrice} is off the ${tickSize} grid`);
        asks.push([askPrice / unitsPerTick, askSize]);
      }
      if (Math.abs(bidPrice) !== EMPTY && bidSize > 0) {
        if (bidPrice % unitsPerTick !== 0) fail('orderbook file', k + 1, `bid ${bidPrice} is off the ${tickSize} grid`);
        bids.push([bidPrice / unitsPerTick, bidSize]);
      }
    }
    const snapshot: BookSnapshotEvent = { kind: 'book-snapshot', symbol: options.symbol, source: 'lobster', timeMicros, bids, asks, updateId: null, depthLimit: book.length / 4 };
    events.push(snapshot);
  }
  return { symbol: options.symbol, tickSize, events, snapshots: bookRows.length, skippedOffTickTrades: skipped };
}
