// Maps an OHLCV CSV header to field positions. Names match case-, space- and punctuation-
// insensitively against common aliases; an unnamed first column is the date (pandas' index
// column, as in GOOG.csv); "time" is a separate time-of-day column when a date column exists and
// the timestamp column otherwise; every other column (Adj Close, OpenInterest, ...) is ignored.
// The backtrader layout whose header names one column fewer than its rows have (Date, Time as two
// fields under one "Date" name) is repaired by insertTimeColumn once the first row is seen.

import { MarketDataError } from './market-data-error.js';

/** The fields the reader understands. */
export type OhlcvField = 'date' | 'time' | 'open' | 'high' | 'low' | 'close' | 'volume';

/** Column index of each recognised field (time is optional). */
export type ColumnMap = Record<Exclude<OhlcvField, 'time'>, number> & { time?: number };

/** Where each field is, and what was ignored. */
export interface CsvHeader {
  columns: ColumnMap;
  /** The header's names of the ignored columns, in file order. */
  ignored: string[];
  /** How many fields every row must have. */
  width: number;
}

const ALIASES: Record<string, OhlcvField> = {
  date: 'date',
  datetime: 'date',
  timestamp: 'date',
  day: 'date',
  dt: 'date',
  time: 'time',
  open: 'open',
  o: 'open',
  high: 'high',
  h: 'high',
  low: 'low',
  l: 'low',
  close: 'close',
  c: 'close',
  last: 'close',
  volume: 'volume',
  vol: 'volume',
  v: 'volume',
};

const REQUIRED = ['date', 'open', 'high', 'low', 'close', 'volume'] as const;

/** A header name reduced to lowercase letters and digits ("Adj Close" -> "adjclose"). */
function normalise(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Maps header names to fields; throws DATA_CSV_MISSING_COLUMN / DATA_CSV_DUPLICATE_COLUMN at `line`. */
export function mapHeader(names: readonly string[], line?: number): CsvHeader {
  const found: Partial<Record<OhlcvField, number>> = {};
  const ignored: string[] = [];
  names.forEach((raw, index) => {
    const name = normalise(raw);
    const field = name === '' && index === 0 ? 'date' : ALIASES[name];
    if (field === undefined) {
      ignored.push(raw.trim());
      return;
    }
    if (found[field] !== undefined) {
      throw new MarketDataError('DATA_CSV_DUPLICATE_COLUMN', `columns ${found[field] + 1} and ${index + 1} both name the ${field}`, line);
    }
    found[field] = index;
  });
  if (found.date === undefined && found.time !== undefined) {
    found.date = found.time;
    delete found.time;
  }
  for (const field of REQUIRED) {
    if (found[field] === undefined) {
      throw new MarketDataError('DATA_CSV_MISSING_COLUMN', `no ${field} column in the header (${names.join(',')})`, line);
    }
  }
  return { columns: found as ColumnMap, ignored, width: names.length };
}

/** The header with an unnamed time column inserted right after the date column. */
export function insertTimeColumn(header: CsvHeader): CsvHeader {
  const date = header.columns.date;
  const shifted = { ...header.columns };
  for (const key of Object.keys(shifted) as (keyof ColumnMap)[]) {
    const index = shifted[key];
    if (index !== undefined && index > date) shifted[key] = index + 1;
  }
  shifted.time = date + 1;
  return { columns: shifted, ignored: header.ignored, width: header.width + 1 };
}
