// The error thrown by the OHLCV reader, the tick converter and the gap report. Codes are stable
// and listed in docs/data-formats.md (a test checks that every code is documented); `line` is the
// 1-based physical line of the offending CSV row when there is one.

/** Every code the market-data helpers can throw, with what it means. */
export const MARKET_DATA_ERROR_CODES = {
  DATA_CSV_EMPTY: 'The CSV text has no header line.',
  DATA_CSV_MISSING_COLUMN: 'The header lacks a required column (date, open, high, low, close, volume).',
  DATA_CSV_DUPLICATE_COLUMN: 'Two header columns name the same field.',
  DATA_CSV_MALFORMED_ROW: 'A row has the wrong number of fields, or a field is not a valid number, date or time.',
  DATA_CSV_INCONSISTENT_BAR: 'A bar contradicts itself: low > min(open, close), high < max(open, close) or volume < 0.',
  DATA_CSV_NOT_SORTED: 'A row is timestamped earlier than the row before it.',
  DATA_CSV_DUPLICATE_TIMESTAMP: 'A row has the same timestamp as the row before it.',
  DATA_PRICE_INVALID: 'A price is not a plain decimal number.',
  DATA_PRICE_OFF_TICK: 'A price is not a whole multiple of the tick size.',
  DATA_PRICE_OUT_OF_RANGE: 'A price in ticks exceeds the safe-integer range (2^53 - 1).',
  DATA_NOT_SORTED: 'Timestamps given to the gap report are not finite and strictly increasing.',
  DATA_INVALID_OPTION: 'An option (tick size, interval, session, UTC offset, column list) is invalid.',
} as const;

/** A stable market-data error code. */
export type MarketDataErrorCode = keyof typeof MARKET_DATA_ERROR_CODES;

/** Thrown for bad market data or options; `code` is stable, `line` points into the CSV when known. */
export class MarketDataError extends Error {
  readonly code: MarketDataErrorCode;
  readonly line: number | undefined;

  constructor(code: MarketDataErrorCode, message: string, line?: number) {
    super(line === undefined ? message : `line ${line}: ${message}`);
    this.name = 'MarketDataError';
    this.code = code;
    this.line = line;
  }
}
