// Reads OHLCV bars from CSV text (or its lines; file I/O is the caller's, so this runs anywhere).
// Layouts: any header naming date/open/high/low/close/volume in any case and order, an unnamed
// first date column, a date+time pair, the backtrader header-one-short layout, extra columns
// ignored, LF or CRLF, BOM, optional trailing newline; blank lines are skipped. Headerless files
// need `columns`. Invariants: the result is all-or-nothing (the first bad row throws a
// MarketDataError with its line number); bars are strictly increasing in time; every bar has
// low <= open, close <= high and volume >= 0 (unless validateBars is false); ticks, when asked
// for, come from the field text exactly. Timestamps are UTC unless utcOffsetMinutes says the
// file's wall clock is offset.

import { numberedLines, splitFields } from './csv-line.js';
import { isTimeOfDay, parseTimestamp } from './csv-timestamp.js';
import { parseTickSize, priceToTicks } from './decimal-ticks.js';
import { MarketDataError } from './market-data-error.js';
import type { OhlcvBar } from './ohlcv-bar.js';
import { insertTimeColumn, mapHeader, type ColumnMap, type CsvHeader } from './ohlcv-csv-header.js';

/** Options of readOhlcvCsv. */
export interface OhlcvCsvOptions {
  /** Column names for a file without a header line (line 1 is then data). */
  columns?: readonly string[];
  /** Field separator; by default the first of ",", ";", tab found in the first line. */
  delimiter?: ',' | ';' | '\t';
  /** Offset of the file's wall-clock times from UTC, in minutes (e.g. 60 for CET); default 0. */
  utcOffsetMinutes?: number;
  /** Tick size as decimal text ("0.01"); when set every bar gets exact integer `ticks`. */
  tickSize?: string;
  /** Check low <= open, close <= high and volume >= 0; default true. */
  validateBars?: boolean;
}

/** How the file was understood. */
export interface OhlcvCsvLayout {
  delimiter: string;
  /** 0-based field index of each recognised field. */
  columns: ColumnMap;
  /** Header names of ignored columns. */
  ignoredColumns: string[];
  /** True when the rows carried a time field the header did not name (backtrader layout). */
  timeColumnInferred: boolean;
}

/** Bars in file order plus the detected layout. */
export interface OhlcvCsvResult {
  bars: OhlcvBar[];
  layout: OhlcvCsvLayout;
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Parses one numeric field strictly (no empty, hex or "Infinity"); throws DATA_CSV_MALFORMED_ROW. */
function numberField(text: string, name: string, line: number): number {
  const trimmed = text.trim();
  const value = NUMBER.test(trimmed) ? Number(trimmed) : NaN;
  if (!Number.isFinite(value)) throw new MarketDataError('DATA_CSV_MALFORMED_ROW', `${name} "${text}" is not a number`, line);
  return value;
}

/** The exact tick count of a price field; rethrows conversion errors with the line number. */
function tickField(text: string, name: string, tickSize: string, line: number): number {
  try {
    return priceToTicks(text, tickSize);
  } catch (error) {
    if (error instanceof MarketDataError) throw new MarketDataError(error.code, `${name}: ${error.message}`, line);
    throw error;
  }
}

/** The header given as an option; a bad list is an option error, not a file error. */
function headerFromOption(columns: readonly string[]): CsvHeader {
  try {
    return mapHeader(columns);
  } catch (error) {
    if (error instanceof MarketDataError) throw new MarketDataError('DATA_INVALID_OPTION', `columns: ${error.message}`);
    throw error;
  }
}

/** The first of ",", ";" and tab that occurs in `line` (default ","). */
function detectDelimiter(line: string): ',' | ';' | '\t' {
  for (const candidate of [',', ';', '\t'] as const) if (line.includes(candidate)) return candidate;
  return ',';
}

/** Reads OHLCV bars from CSV text or lines; throws MarketDataError with a stable code and line number. */
export function readOhlcvCsv(source: string | Iterable<string>, options: OhlcvCsvOptions = {}): OhlcvCsvResult {
  const offset = options.utcOffsetMinutes ?? 0;
  if (!Number.isInteger(offset) || Math.abs(offset) > 18 * 60) {
    throw new MarketDataError('DATA_INVALID_OPTION', `utcOffsetMinutes must be an integer within ±1080, got ${String(offset)}`);
  }
  const tickSize = options.tickSize;
  if (tickSize !== undefined) parseTickSize(tickSize);
  const validate = options.validateBars ?? true;

  let delimiter: string | undefined = options.delimiter;
  let header: CsvHeader | undefined = options.columns ? headerFromOption(options.columns) : undefined;
  let sawDataRow = false;
  let timeColumnInferred = false;
  const bars: OhlcvBar[] = [];

  for (const { number, text } of numberedLines(source)) {
    if (text.trim() === '') continue;
    delimiter ??= detectDelimiter(text);
    const fields = splitFields(text, delimiter);
    if (fields === null) throw new MarketDataError('DATA_CSV_MALFORMED_ROW', 'a quoted field is not closed', number);
    if (header === undefined) {
      header = mapHeader(fields, number);
      continue;
    }
    if (!sawDataRow) {
      sawDataRow = true;
      const date = header.columns.date;
      const dateField = fields[date];
      if (
        fields.length === header.width + 1 &&
        header.columns.time === undefined &&
        !(dateField !== undefined && /[T ]\d/.test(dateField.trim())) &&
        isTimeOfDay(fields[date + 1] ?? '')
      ) {
        header = insertTimeColumn(header);
        timeColumnInferred = true;
      }
    }
    if (fields.length !== header.width) {
      throw new MarketDataError('DATA_CSV_MALFORMED_ROW', `row has ${fields.length} fields, expected ${header.width}`, number);
    }
    bars.push(readBar(fields, header.columns, number, offset, tickSize, validate, bars[bars.length - 1]));
  }
  if (header === undefined) throw new MarketDataError('DATA_CSV_EMPTY', 'no header line', 1);
  return {
    bars,
    layout: { delimiter: delimiter ?? ',', columns: header.columns, ignoredColumns: header.ignored, timeColumnInferred },
  };
}

/** Parses and validates one data row into a bar (fields already split and counted). */
function readBar(
  fields: string[],
  columns: ColumnMap,
  line: number,
  utcOffsetMinutes: number,
  tickSize: string | undefined,
  validate: boolean,
  previous: OhlcvBar | undefined,
): OhlcvBar {
  const dateText = fields[columns.date]!;
  const timeText = columns.time === undefined ? undefined : fields[columns.time]!;
  const timestamp = parseTimestamp(dateText, timeText, utcOffsetMinutes);
  if (timestamp === null) {
    const shown = timeText === undefined ? `"${dateText}"` : `"${dateText}" "${timeText}"`;
    throw new MarketDataError('DATA_CSV_MALFORMED_ROW', `date/time ${shown} is not in a supported format`, line);
  }
  const bar: OhlcvBar = {
    timestamp,
    open: numberField(fields[columns.open]!, 'open', line),
    high: numberField(fields[columns.high]!, 'high', line),
    low: numberField(fields[columns.low]!, 'low', line),
    close: numberField(fields[columns.close]!, 'close', line),
    volume: numberField(fields[columns.volume]!, 'volume', line),
  };
  if (tickSize !== undefined) {
    bar.ticks = {
      open: tickField(fields[columns.open]!, 'open', tickSize, line),
      high: tickField(fields[columns.high]!, 'high', tickSize, line),
      low: tickField(fields[columns.low]!, 'low', tickSize, line),
      close: tickField(fields[columns.close]!, 'close', tickSize, line),
    };
  }
  if (validate) {
    if (bar.low > Math.min(bar.open, bar.close) || bar.high < Math.max(bar.open, bar.close) || bar.volume < 0) {
      throw new MarketDataError(
        'DATA_CSV_INCONSISTENT_BAR',
        `open ${bar.open} high ${bar.high} low ${bar.low} close ${bar.close} volume ${bar.volume} is not a valid bar`,
        line,
      );
    }
  }
  if (previous !== undefined) {
    if (timestamp === previous.timestamp) {
      throw new MarketDataError('DATA_CSV_DUPLICATE_TIMESTAMP', `${new Date(timestamp).toISOString()} repeats the previous row`, line);
    }
    if (timestamp < previous.timestamp) {
      throw new MarketDataError(
        'DATA_CSV_NOT_SORTED',
        `${new Date(timestamp).toISOString()} is earlier than the previous row (${new Date(previous.timestamp).toISOString()})`,
        line,
      );
    }
  }
  return bar;
}
