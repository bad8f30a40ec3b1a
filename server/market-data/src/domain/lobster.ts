// Reads a LOBSTER message file and its orderbook file (one symbol, one day) into normalised
// events, following the format ReadMe (../shared/data/lobster/PROVENANCE.md):
// - message row: Time (seconds after local midnight, decimal, up to 9+ digits), Type (1 submit,
//   2 partial cancel, 3 delete, 4 visible execution, 5 hidden execution, 6 cross, 7 halt),
//   OrderID, Size (shares), Price (dollars × 10 000), Direction (side of the RESTING order);
// - orderbook row k = the book after message k: L levels of AskPrice, AskSize, BidPrice, BidSize;
//   empty levels are padded with ±9999999999 and size 0.
// Output: a trade per execution (4, 5, 6; aggressor = opposite of the resting side, unknown for a
// cross), a status event per halt/resume (7), a depth-limited snapshot for row 1 and a delta per
// later row whose book differs (a level that leaves the top L is set to 0: it left the view).
// Invariants: times are parsed from text (never via float) and truncated to µs; every price must
// be a whole tick and every size a whole lot (else ImportFormatError with the line), except that
// off-tick executions (hidden midpoint fills at half a cent) may be skipped and counted instead.
import type { BookDeltaEvent, BookLevel, BookSnapshotEvent, FeedStatusEvent, MarketEvent, TradeEvent } from '@kestrel/shared';
import { priceToTicks } from '@kestrel/shared';
import { ImportFormatError } from './import-format-error.js';
import { localMidnightUtcMs } from './zoned-time.js';

/** What to import and how to convert it. */
export interface LobsterOptions {
  symbol: string;
  /** The trading day of the files, YYYY-MM-DD (local to `timeZone`). */
  day: string;
  /** The venue's time zone (LOBSTER/NASDAQ: America/New_York). */
  timeZone: string;
  tickSize: string;
  /** Shares per lot. */
  lotSize: number;
  /** What to do with executions whose price is not a whole tick: refuse the file, or skip and count them. */
  offTickTrades: 'reject' | 'skip';
  source?: string;
}

/** Events in file order plus what was read. */
export interface LobsterResult {
  events: MarketEvent[];
  rows: number;
  levels: number;
  trades: number;
  skippedOffTickTrades: number;
  firstMicros: number;
  lastMicros: number;
}

const MESSAGE_FILE = 'message file';
const BOOK_FILE = 'orderbook file';
const EMPTY_ASK = 9_999_999_999;
const INTEGER = /^-?\d+$/;
const TIME = /^(\d+)(?:\.(\d+))?$/;

/** Splits text into trimmed non-empty lines with their 1-based numbers (a final newline is optional). */
function lines(text: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  const parts = text.split('\n');
  for (let i = 0; i < parts.length; i++) {
    const row = parts[i]!.replace(/\r$/, '');
    if (row.trim() !== '') out.push({ line: i + 1, text: row });
  }
  return out;
}

function integerField(text: string | undefined, file: string, line: number, name: string): number {
  const value = text?.trim() ?? '';
  if (!INTEGER.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new ImportFormatError('LOBSTER_MALFORMED_ROW', file, line, `${name} "${text ?? ''}" is not an integer`);
  }
  return Number(value);
}

/** Microseconds after midnight of a LOBSTER time field, from its text. */
function timeField(text: string | undefined, line: number): number {
  const match = TIME.exec(text?.trim() ?? '');
  if (!match) throw new ImportFormatError('LOBSTER_MALFORMED_ROW', MESSAGE_FILE, line, `time "${text ?? ''}" is not seconds after midnight`);
  const micros = Number(match[1]) * 1_000_000 + Number(((match[2] ?? '') + '000000').slice(0, 6));
  if (!Number.isSafeInteger(micros)) throw new ImportFormatError('LOBSTER_MALFORMED_ROW', MESSAGE_FILE, line, `time "${text}" is out of range`);
  return micros;
}

/** Ticks of a LOBSTER price (dollars × 10 000), or null when it is not a whole tick. */
function ticksOf(price: number, tickSize: string): number | null {
  const negative = price < 0;
  const digits = String(Math.abs(price)).padStart(5, '0');
  const text = `${negative ? '-' : ''}${digits.slice(0, -4)}.${digits.slice(-4)}`;
  try {
    return priceToTicks(text, tickSize);
  } catch {
    return null;
  }
}

function lotsOf(size: number, lotSize: number, file: string, line: number): number {
  if (size % lotSize !== 0) throw new ImportFormatError('IMPORT_SIZE_NOT_LOTS', file, line, `size ${size} is not a whole number of lots of ${lotSize}`);
  return size / lotSize;
}

/** Reads the two files; throws ImportFormatError at the first bad row. */
export function readLobster(messageText: string, orderbookText: string, options: LobsterOptions): LobsterResult {
  const source = options.source ?? 'lobster';
  const midnightMicros = localMidnightUtcMs(options.day, options.timeZone) * 1000;
  const messages = lines(messageText);
  const books = lines(orderbookText);
  if (messages.length === 0) throw new ImportFormatError('IMPORT_EMPTY', MESSAGE_FILE, null, 'no rows');
  if (messages.length !== books.length) {
    throw new ImportFormatError('LOBSTER_ROW_COUNT_MISMATCH', BOOK_FILE, null, `${books.length} rows, but the message file has ${messages.length}`);
  }
  const width = books[0]!.text.split(',').length;
  if (width % 4 !== 0 || width === 0) throw new ImportFormatError('LOBSTER_MALFORMED_ROW', BOOK_FILE, books[0]!.line, `${width} fields is not 4 per level`);
  const levels = width / 4;

  const events: MarketEvent[] = [];
  let previousBook: { bids: Map<number, number>; asks: Map<number, number> } | null = null;
  let previousMicros = -Infinity;
  let trades = 0;
  let skipped = 0;

  for (let row = 0; row < messages.length; row++) {
    const message = messages[row]!;
    const fields = message.text.split(',');
    if (fields.length !== 6) throw new ImportFormatError('LOBSTER_MALFORMED_ROW', MESSAGE_FILE, message.line, `${fields.length} fields, expected 6`);
    const timeMicros = midnightMicros + timeField(fields[0], message.line);
    if (timeMicros < previousMicros) throw new ImportFormatError('LOBSTER_NOT_SORTED', MESSAGE_FILE, message.line, 'time is earlier than the previous row');
    previousMicros = timeMicros;
    const type = integerField(fields[1], MESSAGE_FILE, message.line, 'type');
    const size = integerField(fields[3], MESSAGE_FILE, message.line, 'size');
    const price = integerField(fields[4], MESSAGE_FILE, message.line, 'price');
    const direction = integerField(fields[5], MESSAGE_FILE, message.line, 'direction');
    if (type < 1 || type > 7) throw new ImportFormatError('LOBSTER_UNKNOWN_TYPE', MESSAGE_FILE, message.line, `type ${type}`);

    if (type === 4 || type === 5 || type === 6) {
      const priceTicks = ticksOf(price, options.tickSize);
      if (priceTicks === null) {
        if (options.offTickTrades === 'reject') {
          throw new ImportFormatError('LOBSTER_PRICE_OFF_TICK', MESSAGE_FILE, message.line, `price ${price / 10_000} is not a multiple of ${options.tickSize}`);
        }
        skipped++;
      } else {
        const trade: TradeEvent = {
          kind: 'trade',
          symbol: options.symbol,
          source,
          timeMicros,
          priceTicks,
          quantityLots: lotsOf(size, options.lotSize, MESSAGE_FILE, message.line),
          // Direction is the resting order's side: a resting sell (-1) was hit by a buyer.
          aggressor: type === 6 ? null : direction === -1 ? 'buy' : 'sell',
          tradeId: `${options.day}:${message.line}`,
        };
        events.push(trade);
        trades++;
      }
    } else if (type === 7) {
      const status: FeedStatusEvent = {
        kind: 'status',
        symbol: options.symbol,
        source,
        timeMicros,
        state: price === -1 ? 'halted' : 'live',
        reason: price === -1 ? 'trading halt' : price === 0 ? 'quoting resumed' : 'trading resumed',
      };
      events.push(status);
    }

    const book = readBookRow(books[row]!, levels, options);
    if (previousBook === null) {
      const snapshot: BookSnapshotEvent = {
        kind: 'book-snapshot',
        symbol: options.symbol,
        source,
        timeMicros,
        bids: sorted(book.bids, 'bids'),
        asks: sorted(book.asks, 'asks'),
        updateId: null,
        depthLimit: levels,
      };
      events.push(snapshot);
    } else {
      const bids = diff(previousBook.bids, book.bids, 'bids');
      const asks = diff(previousBook.asks, book.asks, 'asks');
      if (bids.length > 0 || asks.length > 0) {
        const delta: BookDeltaEvent = { kind: 'book-delta', symbol: options.symbol, source, timeMicros, bids, asks, updateId: null };
        events.push(delta);
      }
    }
    previousBook = book;
  }
  return {
    events,
    rows: messages.length,
    levels,
    trades,
    skippedOffTickTrades: skipped,
    firstMicros: midnightMicros + timeField(messages[0]!.text.split(',')[0], messages[0]!.line),
    lastMicros: previousMicros,
  };
}

function readBookRow(row: { line: number; text: string }, levels: number, options: LobsterOptions): { bids: Map<number, number>; asks: Map<number, number> } {
  const fields = row.text.split(',');
  if (fields.length !== levels * 4) throw new ImportFormatError('LOBSTER_MALFORMED_ROW', BOOK_FILE, row.line, `${fields.length} fields, expected ${levels * 4}`);
  const bids = new Map<number, number>();
  const asks = new Map<number, number>();
  for (let level = 0; level < levels; level++) {
    const askPrice = integerField(fields[level * 4], BOOK_FILE, row.line, 'ask price');
    const askSize = integerField(fields[level * 4 + 1], BOOK_FILE, row.line, 'ask size');
    const bidPrice = integerField(fields[level * 4 + 2], BOOK_FILE, row.line, 'bid price');
    const bidSize = integerField(fields[level * 4 + 3], BOOK_FILE, row.line, 'bid size');
    if (askPrice !== EMPTY_ASK && askSize > 0) asks.set(bookTicks(askPrice, options, row.line), lotsOf(askSize, options.lotSize, BOOK_FILE, row.line));
    if (bidPrice !== -EMPTY_ASK && bidSize > 0) bids.set(bookTicks(bidPrice, options, row.line), lotsOf(bidSize, options.lotSize, BOOK_FILE, row.line));
  }
  return { bids, asks };
}

function bookTicks(price: number, options: LobsterOptions, line: number): number {
  const ticks = ticksOf(price, options.tickSize);
  if (ticks === null) throw new ImportFormatError('LOBSTER_PRICE_OFF_TICK', BOOK_FILE, line, `price ${price / 10_000} is not a multiple of ${options.tickSize}`);
  return ticks;
}

function sorted(levels: Map<number, number>, side: 'bids' | 'asks'): BookLevel[] {
  return [...levels.entries()].sort(side === 'bids' ? (a, b) => b[0] - a[0] : (a, b) => a[0] - b[0]);
}

/** Levels that changed from `before` to `after` (0 for levels that left the view), best first. */
function diff(before: Map<number, number>, after: Map<number, number>, side: 'bids' | 'asks'): BookLevel[] {
  const changes = new Map<number, number>();
  for (const price of before.keys()) if (!after.has(price)) changes.set(price, 0);
  for (const [price, quantity] of after) if (before.get(price) !== quantity) changes.set(price, quantity);
  return sorted(changes, side);
}
