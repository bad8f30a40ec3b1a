// Imports a LOBSTER day (message + orderbook files) for one instrument, atomically: the files are
// parsed completely (domain/lobster.ts), normalised like every other ingest (ingest/normalise.ts),
// given the same periodic book snapshots as live data (domain/book-recorder.ts), and stored with
// the sink's writer (store/tick-writer.ts) plus the bar roll-ups over the day, all in ONE
// transaction — a bad row means nothing is written. Not fanned out: imported history is not live.
// Re-importing the same day stores no duplicate trades (trade ids are `<day>:<line>`), but does
// append its book rows again (book rows have no natural identity).
import type pg from 'pg';
import { withTransaction } from '@kestrel/server-common';
import type { Instrument } from '@kestrel/shared';
import { BookRecorder } from '../domain/book-recorder.js';
import { ImportFormatError } from '../domain/import-format-error.js';
import { readLobster } from '../domain/lobster.js';
import type { StorageLayout } from '../domain/storage-ddl.js';
import { marketError } from '../errors.js';
import { normaliseEvents } from '../ingest/normalise.js';
import { ensureBarPartitions, materialise, refreshAggregates } from '../store/bar-materialiser.js';
import type { PartitionKeeper } from '../store/partition-keeper.js';
import { emptyBatch, ensurePartitionsFor, writeTicks } from '../store/tick-writer.js';
import { importError } from './import-source.js';

/** What to import. */
export interface LobsterImportRequest {
  instrument: Instrument;
  day: string;
  timeZone: string;
  messages: string;
  orderbook: string;
  offTickTrades: 'reject' | 'skip';
  bookSnapshotEvery: number;
}

/** What was imported. */
export interface LobsterImportResult {
  symbol: string;
  day: string;
  rows: number;
  levels: number;
  trades: number;
  duplicateTrades: number;
  skippedOffTickTrades: number;
  bookSnapshots: number;
  bookDeltas: number;
  statuses: number;
  fromMicros: number;
  toMicros: number;
}

/** Parses, checks and stores the day in one transaction. */
export async function importLobster(pool: pg.Pool, layout: StorageLayout, partitions: PartitionKeeper, request: LobsterImportRequest): Promise<LobsterImportResult> {
  const { instrument } = request;
  let parsed;
  try {
    parsed = readLobster(request.messages, request.orderbook, {
      symbol: instrument.symbol,
      day: request.day,
      timeZone: request.timeZone,
      tickSize: instrument.tickSize,
      lotSize: instrument.lotSize,
      offTickTrades: request.offTickTrades,
    });
  } catch (error) {
    if (error instanceof ImportFormatError) throw importError(error);
    if (error instanceof RangeError) throw marketError('MARKET_IMPORT_INVALID', error.message, { code: 'DATA_INVALID_OPTION', file: null, line: null });
    throw error;
  }
  const { events, rejected } = normaliseEvents(parsed.events, (symbol) => (symbol === instrument.symbol ? instrument : undefined));
  if (rejected.length > 0) {
    const first = rejected[0]!;
    throw marketError('MARKET_IMPORT_INVALID', `event ${first.index}: ${first.message}`, { code: first.code, file: null, line: null });
  }
  const recorder = new BookRecorder(request.bookSnapshotEvery);
  const batch = emptyBatch();
  for (const event of events) {
    if (event.kind === 'trade') batch.trades.push(event);
    else if (event.kind === 'status') batch.statuses.push(event);
    else if (event.kind === 'book-snapshot') {
      recorder.snapshot(event);
      batch.snapshots.push(event);
    } else if (event.kind === 'book-delta') {
      batch.deltas.push(event);
      const due = recorder.delta(event);
      if (due) batch.snapshots.push(due);
    }
  }
  await ensurePartitionsFor(partitions, batch);
  const range = { symbol: instrument.symbol, fromMicros: parsed.firstMicros, toMicros: parsed.lastMicros };
  if (layout === 'native') await ensureBarPartitions(partitions, [range], 'trades');
  const written = await withTransaction(pool, async (client) => {
    const result = await writeTicks(client, batch, { queueBars: false });
    await materialise(client, layout, [range], 'trades');
    return result;
  });
  if (layout === 'timescale') await refreshAggregates(pool, range.fromMicros, range.toMicros);
  return {
    symbol: instrument.symbol,
    day: request.day,
    rows: parsed.rows,
    levels: parsed.levels,
    trades: written.tradesStored,
    duplicateTrades: written.duplicateTrades,
    skippedOffTickTrades: parsed.skippedOffTickTrades,
    bookSnapshots: batch.snapshots.length,
    bookDeltas: batch.deltas.length,
    statuses: batch.statuses.length,
    fromMicros: parsed.firstMicros,
    toMicros: parsed.lastMicros,
  };
}
