// The stored combined out-of-sample equity curve of a walk-forward job (table strategy_job_curves):
// the worker's columns written as little-endian float64 byte arrays next to the job's result, and
// read back a range at a time — exact points (every point of the range) or, when the range holds
// more than `maxPoints`, a decimated view of real points (domain/optimise/curve-decimation.ts).
// Invariants: the columns have one entry per point; values are integer minor units (exact in a
// float64 below 2^53) and are returned both as minor units and as the exact decimal; a range read
// fetches only the bytes of that range (substring on uncompressed EXTERNAL storage).
// Known limit: a decimated read holds the whole range's values in memory (8 bytes per point).
import { endianness } from 'node:os';
import type pg from 'pg';
import { decimateCurve } from '../domain/optimise/curve-decimation.js';
import { minorToNumber } from '../domain/backtest/money.js';
import type { WalkForwardCurvePage } from '@kestrel/shared';

/** What a walk-forward worker posts with its result: the combined curve as columns. */
export interface CurveColumns {
  timestamps: Float64Array;
  valuesMinor: Float64Array;
  drawdown: Float64Array;
  windowStarts: number[];
  initialValueMinor: number;
  moneyDecimals: number;
}

/** A range of the curve as the API shows it (parallel arrays, one entry per returned point). */
export type CurvePage = WalkForwardCurvePage;

/** Which points to read: [offset, offset + limit) clipped to the curve, at most maxPoints of them. */
export interface CurveQuery {
  offset: number;
  limit?: number;
  maxPoints: number;
}

// On a little-endian host (every platform Node ships for) the stored bytes are the array's memory.
const LITTLE_ENDIAN = endianness() === 'LE';

const bytesOf = (column: Float64Array): Buffer => {
  if (LITTLE_ENDIAN) return Buffer.from(column.buffer, column.byteOffset, column.byteLength);
  const bytes = Buffer.allocUnsafe(column.length * 8);
  for (let i = 0; i < column.length; i++) bytes.writeDoubleLE(column[i]!, i * 8);
  return bytes;
};

const columnOf = (bytes: Buffer): Float64Array => {
  if (LITTLE_ENDIAN) return new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  const column = new Float64Array(bytes.length / 8);
  for (let i = 0; i < column.length; i++) column[i] = bytes.readDoubleLE(i * 8);
  return column;
};

/** Writes a job's curve (call inside the transaction that records the job's result). */
export async function insertCurve(client: pg.PoolClient, jobId: string, curve: CurveColumns): Promise<void> {
  const points = curve.timestamps.length;
  const windowTimes = curve.windowStarts.flatMap((first, w) => [curve.timestamps[first]!, curve.timestamps[(curve.windowStarts[w + 1] ?? points) - 1]!]);
  await client.query(
    `INSERT INTO strategy_job_curves (job_id, points, money_decimals, initial_value_minor, final_value_minor, window_starts, window_times_ms, times_ms, values_minor, drawdowns)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      jobId,
      points,
      curve.moneyDecimals,
      curve.initialValueMinor,
      points === 0 ? curve.initialValueMinor : curve.valuesMinor[points - 1]!,
      curve.windowStarts,
      windowTimes,
      bytesOf(curve.timestamps),
      bytesOf(curve.valuesMinor),
      bytesOf(curve.drawdown),
    ],
  );
}

interface CurveRow {
  points: number;
  money_decimals: number;
  initial_value_minor: string;
  final_value_minor: string;
  window_starts: number[];
  window_times_ms: string[];
  start: number;
  times_ms: Buffer | null;
  values_minor: Buffer;
  drawdowns: Buffer | null;
}

/** A range of a job's curve, or null when the job has no stored curve. */
export async function readCurve(db: pg.Pool, jobId: string, query: CurveQuery): Promise<CurvePage | null> {
  // The byte range is computed in SQL from the stored point count. A range that will be decimated
  // reads only its values first; the times and drawdowns of the kept points follow point by point.
  const { rows } = await db.query<CurveRow>(
    `SELECT points, money_decimals, initial_value_minor, final_value_minor, window_starts, window_times_ms, r.start,
            CASE WHEN r.count <= $4 THEN substring(times_ms FROM r.start * 8 + 1 FOR r.count * 8) END AS times_ms,
            substring(values_minor FROM r.start * 8 + 1 FOR r.count * 8) AS values_minor,
            CASE WHEN r.count <= $4 THEN substring(drawdowns FROM r.start * 8 + 1 FOR r.count * 8) END AS drawdowns
       FROM strategy_job_curves,
            LATERAL (SELECT least($2::integer, points) AS start, least($3::integer, points - least($2::integer, points)) AS count) AS r
      WHERE job_id = $1`,
    [jobId, query.offset, query.limit ?? 2_147_483_647, query.maxPoints],
  );
  const row = rows[0];
  if (row === undefined) return null;
  const decimals = row.money_decimals;
  const start = row.start;
  const values = columnOf(row.values_minor);
  const end = start + values.length;
  const picked = decimateCurve(values, 0, values.length, query.maxPoints, row.window_starts.map((first) => first - start));
  const read = (bytes: Buffer, positions: number[]) => positions.map((i) => bytes.readDoubleLE(i * 8));
  let timesMs: number[];
  let drawdowns: number[];
  if (row.times_ms !== null && row.drawdowns !== null) {
    timesMs = read(row.times_ms, picked);
    drawdowns = read(row.drawdowns, picked);
  } else {
    const { rows: kept } = await db.query<{ times_ms: Buffer; drawdowns: Buffer }>(
      `SELECT string_agg(substring(times_ms FROM p.i * 8 + 1 FOR 8), ''::bytea ORDER BY p.o) AS times_ms,
              string_agg(substring(drawdowns FROM p.i * 8 + 1 FOR 8), ''::bytea ORDER BY p.o) AS drawdowns
         FROM strategy_job_curves, unnest($2::integer[]) WITH ORDINALITY AS p(i, o)
        WHERE job_id = $1`,
      [jobId, picked.map((i) => start + i)],
    );
    const positions = picked.map((_, k) => k);
    timesMs = read(kept[0]!.times_ms, positions);
    drawdowns = read(kept[0]!.drawdowns, positions);
  }
  return {
    jobId,
    points: row.points,
    offset: start,
    end,
    decimated: picked.length < values.length,
    nextOffset: end < row.points ? end : null,
    moneyDecimals: decimals,
    initialValue: minorToNumber(Number(row.initial_value_minor), decimals),
    finalValue: minorToNumber(Number(row.final_value_minor), decimals),
    windows: row.window_starts.map((first, index) => ({
      index,
      firstPoint: first,
      lastPoint: (row.window_starts[index + 1] ?? row.points) - 1,
      from: new Date(Number(row.window_times_ms[index * 2])).toISOString(),
      to: new Date(Number(row.window_times_ms[index * 2 + 1])).toISOString(),
    })),
    indices: picked.map((i) => start + i),
    timesMs,
    values: picked.map((i) => minorToNumber(values[i]!, decimals)),
    valuesMinor: picked.map((i) => values[i]!),
    drawdowns,
  };
}
