// The error of a bad import file: a stable data code, the file it is in and the 1-based line.
// Routes turn it into MARKET_IMPORT_INVALID with these fields in `details`; nothing is written,
// because every import runs in one transaction that this error rolls back.

/** Codes of import file problems (besides the shared reader's DATA_* codes). */
export const IMPORT_FORMAT_CODES = {
  LOBSTER_MALFORMED_ROW: 'A LOBSTER row has the wrong number of fields or a field that is not an integer or decimal.',
  LOBSTER_ROW_COUNT_MISMATCH: 'The message and orderbook files have a different number of rows.',
  LOBSTER_NOT_SORTED: 'A message time is earlier than the row before it.',
  LOBSTER_PRICE_OFF_TICK: "A price is not a whole number of the instrument's ticks (use offTickTrades=skip for hidden half-tick executions).",
  LOBSTER_UNKNOWN_TYPE: 'A message type is not one of 1-7.',
  IMPORT_SIZE_NOT_LOTS: "A size or volume is not a whole number of the instrument's lots.",
  IMPORT_MISALIGNED: 'A bar timestamp does not start a bar of the requested interval (e.g. 09:30:30 for 1m bars).',
  IMPORT_EMPTY: 'The file holds no rows.',
  IMPORT_TIME_OUT_OF_RANGE: 'A bar time is before 1970-01-01 or after 2200-01-01 (the range the service stores).',
} as const;

/** A stable import file code. */
export type ImportFormatCode = keyof typeof IMPORT_FORMAT_CODES | `DATA_${string}`;

/** A bad row in an import file. */
export class ImportFormatError extends Error {
  readonly code: ImportFormatCode;
  readonly file: string;
  readonly line: number | null;

  constructor(code: ImportFormatCode, file: string, line: number | null, message: string) {
    super(line === null ? `${file}: ${message}` : `${file} line ${line}: ${message}`);
    this.name = 'ImportFormatError';
    this.code = code;
    this.file = file;
    this.line = line;
  }
}
