// Turns OHLCV CSV text into bars of one interval for one instrument, through the shared reader
// (shared/src/market-data/ohlcv-csv.ts: layouts, exact ticks, sortedness, bar consistency).
// Adds what storage needs: every bar must start a bar of the interval (no silently shifted
// buckets), and its volume must be a whole number of lots. Imported bars have no trade count and
// no VWAP numerator (unknown, stored as NULL — never 0). Errors carry the physical line number.
import { MarketDataError, isBarAligned, readOhlcvCsv, type BarInterval } from '@kestrel/shared';
import type { BarValues } from './bar-math.js';
import { ImportFormatError } from './import-format-error.js';

/** How to read the file. */
export interface OhlcvImportOptions {
  interval: BarInterval;
  tickSize: string;
  lotSize: number;
  utcOffsetMinutes?: number;
  /** Column names for a file without a header. */
  columns?: readonly string[];
}

const FILE = 'CSV';
/** The latest bar time stored (2200-01-01). */
const LATEST_MICROS = Date.UTC(2200, 0, 1) * 1000;

/** Physical line number of each data row, in order (blank lines and the header skipped, as the reader does). */
function dataLineNumbers(text: string, hasHeader: boolean): number[] {
  const numbers: number[] = [];
  let headerSeen = !hasHeader;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.replace(/^\uFEFF/, '').trim() === '') continue;
    if (!headerSeen) {
      headerSeen = true;
      continue;
    }
    numbers.push(i + 1);
  }
  return numbers;
}

/** Reads the bars; throws ImportFormatError (with the line) for the first bad row. */
export function readOhlcvBars(text: string, options: OhlcvImportOptions): BarValues[] {
  let bars;
  try {
    ({ bars } = readOhlcvCsv(text, { tickSize: options.tickSize, utcOffsetMinutes: options.utcOffsetMinutes, columns: options.columns }));
  } catch (error) {
    if (error instanceof MarketDataError) {
      throw new ImportFormatError(error.code, FILE, error.line ?? null, error.message.replace(/^line \d+: /, ''));
    }
    throw error;
  }
  if (bars.length === 0) throw new ImportFormatError('IMPORT_EMPTY', FILE, null, 'the file holds a header but no bars');
  const lines = dataLineNumbers(text, options.columns === undefined);
  return bars.map((bar, index) => {
    const line = lines[index] ?? null;
    const startMicros = bar.timestamp * 1000;
    if (startMicros < 0 || startMicros > LATEST_MICROS) {
      throw new ImportFormatError('IMPORT_TIME_OUT_OF_RANGE', FILE, line, `${new Date(bar.timestamp).toISOString()} is outside 1970-01-01 .. 2200-01-01`);
    }
    if (!isBarAligned(startMicros, options.interval)) {
      throw new ImportFormatError('IMPORT_MISALIGNED', FILE, line, `${new Date(bar.timestamp).toISOString()} does not start a ${options.interval} bar`);
    }
    const lots = bar.volume / options.lotSize;
    if (!Number.isSafeInteger(lots) || lots < 0) {
      throw new ImportFormatError('IMPORT_SIZE_NOT_LOTS', FILE, line, `volume ${bar.volume} is not a whole number of lots of ${options.lotSize}`);
    }
    const ticks = bar.ticks!;
    return {
      startMicros,
      open: ticks.open,
      high: ticks.high,
      low: ticks.low,
      close: ticks.close,
      volumeLots: lots,
      tradeCount: null,
      vwapNumerator: null,
    };
  });
}
