// Imports OHLCV bars of one instrument and interval from CSV, atomically: the file is read and
// checked completely first (shared reader + alignment + whole lots), then every bar is upserted
// and the coarser intervals are rolled up from them in ONE transaction — a bad row means nothing
// is written. Re-importing the same file changes nothing (bars are keyed by symbol and start).
import type pg from 'pg';
import { withTransaction } from '@kestrel/server-common';
import { BAR_INTERVALS, type BarInterval, type Instrument } from '@kestrel/shared';
import { ImportFormatError } from '../domain/import-format-error.js';
import { readOhlcvBars } from '../domain/ohlcv-import.js';
import type { StorageLayout } from '../domain/storage-ddl.js';
import { ensureBarPartitions, materialise } from '../store/bar-materialiser.js';
import { upsertBars } from '../store/bar-store.js';
import type { PartitionKeeper } from '../store/partition-keeper.js';
import { importError } from './import-source.js';

/** What to import. */
export interface OhlcvImportRequest {
  instrument: Instrument;
  interval: BarInterval;
  text: string;
  utcOffsetMinutes?: number;
  columns?: readonly string[];
}

/** What was imported. */
export interface OhlcvImportResult {
  symbol: string;
  interval: BarInterval;
  bars: number;
  fromMicros: number;
  toMicros: number;
  /** Coarser intervals rolled up from the imported bars. */
  rolledUp: BarInterval[];
}

/** Reads, checks and stores the bars in one transaction. */
export async function importOhlcv(pool: pg.Pool, layout: StorageLayout, partitions: PartitionKeeper, request: OhlcvImportRequest): Promise<OhlcvImportResult> {
  const { instrument, interval } = request;
  let bars;
  try {
    bars = readOhlcvBars(request.text, {
      interval,
      tickSize: instrument.tickSize,
      lotSize: instrument.lotSize,
      utcOffsetMinutes: request.utcOffsetMinutes,
      columns: request.columns,
    });
  } catch (error) {
    if (error instanceof ImportFormatError) throw importError(error);
    throw error;
  }
  const fromMicros = bars[0]!.startMicros;
  const toMicros = bars[bars.length - 1]!.startMicros;
  const rolledUp = BAR_INTERVALS.slice(BAR_INTERVALS.indexOf(interval) + 1);
  await ensureBarPartitions(partitions, [{ symbol: instrument.symbol, fromMicros, toMicros }], interval);
  await withTransaction(pool, async (client) => {
    await upsertBars(client, interval, instrument.symbol, bars, 'import');
    await materialise(client, layout, [{ symbol: instrument.symbol, fromMicros, toMicros }], interval);
  });
  return { symbol: instrument.symbol, interval, bars: bars.length, fromMicros, toMicros, rolledUp };
}
