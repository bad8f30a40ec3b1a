// Prices the portfolio values positions with: the last trade price per symbol (portfolio_marks,
// a newer as_of always wins, so late or replayed updates never move a mark backwards) and daily
// closes for VaR (portfolio_daily_closes).
import type { DailyClose } from '../domain/value-at-risk.js';
import type { Statement } from '@kestrel/server-common';
import { toIso, toSafeInt, type Queryable } from './queryable.js';

/** A last trade price. */
export interface Mark {
  symbol: string;
  priceTicks: number;
  asOf: string;
}

/** Records last trade prices; returns the symbols whose mark changed. */
export async function upsertMarks(db: Queryable, marks: readonly Mark[], source: 'fill' | 'market'): Promise<string[]> {
  if (marks.length === 0) return [];
  const { rows } = await db.query<{ symbol: string }>(
    `INSERT INTO portfolio_marks (symbol, price_ticks, as_of, source)
     SELECT m.symbol, m."priceTicks", m."asOf", $2 FROM jsonb_to_recordset($1::jsonb) AS m(symbol text, "priceTicks" bigint, "asOf" timestamptz)
     ON CONFLICT (symbol) DO UPDATE SET price_ticks = EXCLUDED.price_ticks, as_of = EXCLUDED.as_of, source = EXCLUDED.source
     WHERE portfolio_marks.as_of <= EXCLUDED.as_of
     RETURNING symbol`,
    [JSON.stringify(marks), source],
  );
  return rows.map((row) => row.symbol);
}

/** The last trade prices of every symbol the accounts `heldBy` hold a position in (those that have one), for sending with others. */
export function findMarksStatement(heldBy: readonly string[]): Statement {
  return {
    text: `SELECT symbol, price_ticks, as_of FROM portfolio_marks
      WHERE symbol IN (SELECT symbol FROM portfolio_positions WHERE account_id = ANY($1::uuid[]))`,
    values: [heldBy],
  };
}

/** findMarksStatement's answer from its result. */
export function foundMarks(result: { rows: unknown[] }): Map<string, Mark> {
  const rows = result.rows as { symbol: string; price_ticks: string; as_of: Date }[];
  return new Map(rows.map((row) => [row.symbol, { symbol: row.symbol, priceTicks: toSafeInt(row.price_ticks, 'mark'), asOf: toIso(row.as_of) }]));
}

/** Inserts or replaces daily closes. */
export async function upsertDailyCloses(db: Queryable, closes: readonly (DailyClose & { symbol: string })[]): Promise<number> {
  if (closes.length === 0) return 0;
  const result = await db.query(
    `INSERT INTO portfolio_daily_closes (symbol, day, close_ticks)
     SELECT c.symbol, c.day, c."closeTicks" FROM jsonb_to_recordset($1::jsonb) AS c(symbol text, day date, "closeTicks" bigint)
     ON CONFLICT (symbol, day) DO UPDATE SET close_ticks = EXCLUDED.close_ticks`,
    [JSON.stringify(closes)],
  );
  return result.rowCount ?? 0;
}

/** The last `limit` daily closes of each symbol, oldest first. */
export async function loadDailyCloses(db: Queryable, symbols: readonly string[], limit: number): Promise<Map<string, DailyClose[]>> {
  const result = new Map<string, DailyClose[]>(symbols.map((symbol) => [symbol, []]));
  if (symbols.length === 0) return result;
  const { rows } = await db.query<{ symbol: string; day: string; close_ticks: string }>(
    `SELECT symbol, to_char(day, 'YYYY-MM-DD') AS day, close_ticks FROM (
       SELECT symbol, day, close_ticks, row_number() OVER (PARTITION BY symbol ORDER BY day DESC) AS n
       FROM portfolio_daily_closes WHERE symbol = ANY($1::text[])
     ) recent WHERE n <= $2 ORDER BY symbol, day`,
    [symbols, limit],
  );
  for (const row of rows) result.get(row.symbol)?.push({ day: row.day, closeTicks: toSafeInt(row.close_ticks, 'close') });
  return result;
}
