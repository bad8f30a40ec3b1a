// Reads of stored ticks: keyset pages of trades and quotes, the latest book of a symbol (last
// stored snapshot + the deltas after it) and the latest feed state. Invariants: pages order by
// (ts, seq), the unique row order, in either direction; the book is exactly what the stored
// snapshot and deltas say — when nothing is stored the answer is null (unknown), never empty.
import type { BookLevel, FeedState, QuoteEvent, TradeEvent } from '@kestrel/shared';
import type { CursorKey } from '../domain/keyset-cursor.js';
import { L2Book } from '../domain/order-book.js';
import { microsOf, microsToIso, toSafeInt, type Queryable } from './sql-values.js';

/** A page request over a tick table. */
export interface TickPageQuery {
  symbol: string;
  fromMicros: number;
  toMicros: number;
  after: CursorKey | null;
  limit: number;
  order: 'asc' | 'desc';
  source?: string;
}

/** A stored row with its sort key. */
export interface Keyed<T> {
  key: CursorKey;
  value: T;
}

function pageClause(query: TickPageQuery): { where: string; order: string; params: unknown[] } {
  const ascending = query.order === 'asc';
  const params: unknown[] = [query.symbol, microsToIso(query.fromMicros), microsToIso(query.toMicros), query.limit];
  let where = 't.symbol = $1 AND t.ts >= $2 AND t.ts < $3';
  if (query.after) {
    params.push(microsToIso(query.after.timeMicros), query.after.seq);
    where += ` AND (t.ts, t.seq) ${ascending ? '>' : '<'} ($5::timestamptz, $6::bigint)`;
  }
  if (query.source !== undefined) {
    params.push(query.source);
    where += ` AND t.source = $${params.length}`;
  }
  const direction = ascending ? 'ASC' : 'DESC';
  return { where, order: `ORDER BY t.ts ${direction}, t.seq ${direction} LIMIT $4`, params };
}

/** A page of trades. */
export async function readTrades(db: Queryable, query: TickPageQuery): Promise<Keyed<TradeEvent>[]> {
  const { where, order, params } = pageClause(query);
  const { rows } = await db.query<{ ts_us: string; seq: string; source: string; trade_id: string; price_ticks: string; quantity_lots: string; aggressor: 'buy' | 'sell' | null }>(
    `SELECT ${microsOf('t.ts')} AS ts_us, t.seq, t.source, t.trade_id, t.price_ticks, t.quantity_lots, t.aggressor
     FROM md_trades t WHERE ${where} ${order}`,
    params,
  );
  return rows.map((row) => {
    const timeMicros = toSafeInt(row.ts_us, 'trade time');
    return {
      key: { timeMicros, seq: toSafeInt(row.seq, 'seq') },
      value: {
        kind: 'trade',
        symbol: query.symbol,
        source: row.source,
        timeMicros,
        priceTicks: toSafeInt(row.price_ticks, 'price'),
        quantityLots: toSafeInt(row.quantity_lots, 'quantity'),
        aggressor: row.aggressor,
        tradeId: row.trade_id,
      },
    };
  });
}

/** A page of quotes. */
export async function readQuotes(db: Queryable, query: TickPageQuery): Promise<Keyed<QuoteEvent>[]> {
  const { where, order, params } = pageClause(query);
  const { rows } = await db.query<{ ts_us: string; seq: string; source: string; bid_price: string | null; bid_lots: string | null; ask_price: string | null; ask_lots: string | null }>(
    `SELECT ${microsOf('t.ts')} AS ts_us, t.seq, t.source, t.bid_price, t.bid_lots, t.ask_price, t.ask_lots
     FROM md_quotes t WHERE ${where} ${order}`,
    params,
  );
  const side = (price: string | null, lots: string | null) =>
    price === null || lots === null ? null : { priceTicks: toSafeInt(price, 'price'), quantityLots: toSafeInt(lots, 'quantity') };
  return rows.map((row) => {
    const timeMicros = toSafeInt(row.ts_us, 'quote time');
    return {
      key: { timeMicros, seq: toSafeInt(row.seq, 'seq') },
      value: { kind: 'quote', symbol: query.symbol, source: row.source, timeMicros, bid: side(row.bid_price, row.bid_lots), ask: side(row.ask_price, row.ask_lots) },
    };
  });
}

/** The latest stored book of a symbol. */
export interface StoredBook {
  source: string;
  timeMicros: number;
  updateId: string | null;
  depthLimit: number | null;
  bids: BookLevel[];
  asks: BookLevel[];
  /** Deltas applied on top of the stored snapshot. */
  deltasApplied: number;
  /** True when the rebuilt book is crossed (reported, not corrected). */
  crossed: boolean;
}

interface BookRow {
  ts_us: string;
  seq: string;
  source: string;
  update_id: string | null;
  bid_prices: string[];
  bid_lots: string[];
  ask_prices: string[];
  ask_lots: string[];
}

function levels(prices: string[], lots: string[]): BookLevel[] {
  return prices.map((price, i) => [toSafeInt(price, 'price'), toSafeInt(lots[i]!, 'quantity')]);
}

/** The latest snapshot (of `source`, or of whichever source wrote last) plus the deltas after it; null when none is stored. */
export async function readLatestBook(db: Queryable, symbol: string, source: string | undefined): Promise<StoredBook | null> {
  const snapshot = await db.query<BookRow & { depth_limit: number | null }>(
    `SELECT ${microsOf('t.ts')} AS ts_us, t.seq, t.source, t.update_id::text AS update_id, t.bid_prices::text[] AS bid_prices,
       t.bid_lots::text[] AS bid_lots, t.ask_prices::text[] AS ask_prices, t.ask_lots::text[] AS ask_lots, t.depth_limit
     FROM md_book_snapshots t WHERE t.symbol = $1 AND ($2::text IS NULL OR t.source = $2)
     ORDER BY t.ts DESC, t.seq DESC LIMIT 1`,
    [symbol, source ?? null],
  );
  const row = snapshot.rows[0];
  if (!row) return null;
  const book = new L2Book();
  book.applySnapshot(levels(row.bid_prices, row.bid_lots), levels(row.ask_prices, row.ask_lots));
  const deltas = await db.query<BookRow>(
    `SELECT ${microsOf('t.ts')} AS ts_us, t.seq, t.source, t.update_id::text AS update_id, t.bid_prices::text[] AS bid_prices,
       t.bid_lots::text[] AS bid_lots, t.ask_prices::text[] AS ask_prices, t.ask_lots::text[] AS ask_lots
     FROM md_book_deltas t
     WHERE t.symbol = $1 AND t.source = $2 AND (t.ts, t.seq) > ($3::timestamptz, $4::bigint)
     ORDER BY t.ts, t.seq`,
    [symbol, row.source, microsToIso(toSafeInt(row.ts_us, 'time')), row.seq],
  );
  let timeMicros = toSafeInt(row.ts_us, 'book time');
  let updateId = row.update_id;
  for (const delta of deltas.rows) {
    book.applyDelta(levels(delta.bid_prices, delta.bid_lots), levels(delta.ask_prices, delta.ask_lots));
    timeMicros = toSafeInt(delta.ts_us, 'book time');
    updateId = delta.update_id;
  }
  const depth = row.depth_limit ?? Infinity;
  return {
    source: row.source,
    timeMicros,
    updateId,
    depthLimit: row.depth_limit,
    bids: book.levels('bids', depth),
    asks: book.levels('asks', depth),
    deltasApplied: deltas.rows.length,
    crossed: book.crossed,
  };
}

/** The latest feed state of (symbol, source), or null when none was ever reported. */
export async function readFeedStatus(db: Queryable, symbol: string, source: string): Promise<{ state: FeedState; reason: string | null; changedMicros: number } | null> {
  const { rows } = await db.query<{ state: FeedState; reason: string | null; changed_us: string }>(
    `SELECT state, reason, ${microsOf('changed_at')} AS changed_us FROM md_feed_status WHERE symbol = $1 AND source = $2`,
    [symbol, source],
  );
  const row = rows[0];
  return row ? { state: row.state, reason: row.reason, changedMicros: toSafeInt(row.changed_us, 'status time') } : null;
}
