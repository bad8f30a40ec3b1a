// History with keyset paging: bars (any interval, with the absent bars between them), trades and
// quotes of one symbol. Each page returns `nextCursor` (null on the last page); the cursor encodes
// the last row's sort key and the query it belongs to (domain/keyset-cursor.ts).
import type { FastifyInstance } from 'fastify';
import type { Static, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { BAR_INTERVAL_MICROS } from '@kestrel/shared';
import { requireCaller } from '../access.js';
import type { MarketDataContext } from '../context.js';
import { absentBars } from '../domain/bar-gaps.js';
import { decodeCursor, encodeCursor } from '../domain/keyset-cursor.js';
import { readBars } from '../store/bar-store.js';
import { readQuotes, readTrades, type Keyed, type TickPageQuery } from '../store/history-store.js';
import { requireInstrument } from '../store/instruments-store.js';
import { microsToIso, type Queryable } from '../store/sql-values.js';
import { BarsQuery, BarsResponse, QuotesResponse, TicksQuery, TradesResponse } from './schemas.js';
import { timeRange } from './time-range.js';

const TAGS = ['market-data'];

/** Registers the history routes. */
export async function historyRoutes(app: FastifyInstance, context: MarketDataContext): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { db, layout, config } = context;

  api.get(
    '/v1/market-data/bars',
    {
      config: { permission: 'trading:read' },
      schema: { tags: TAGS, summary: 'Bars of one symbol and interval, keyset-paged, with the absent bars between them', querystring: BarsQuery, response: { 200: BarsResponse } },
    },
    async (request) => {
      requireCaller(request, 'trading:read');
      const query = request.query;
      const range = timeRange(query, config);
      const order = query.order ?? 'asc';
      const instrument = await requireInstrument(db, query.symbol);
      const scope = `bars:${query.symbol}:${query.interval}:${order}`;
      const after = query.cursor === undefined ? null : decodeCursor(scope, query.cursor).timeMicros;
      const bars = await readBars(db, layout, { symbol: query.symbol, interval: query.interval, ...range, afterMicros: after, order });
      const nowMicros = Date.now() * 1000;
      const length = BAR_INTERVAL_MICROS[query.interval];
      const last = bars[bars.length - 1];
      return {
        symbol: query.symbol,
        interval: query.interval,
        bars: bars.map((bar) => ({
          time: microsToIso(bar.startMicros),
          open: bar.open,
          high: bar.high,
          low: bar.low,
          close: bar.close,
          volumeLots: bar.volumeLots,
          tradeCount: bar.tradeCount,
          vwapNumerator: bar.vwapNumerator === null ? null : bar.vwapNumerator.toString(),
          origin: bar.origin,
          complete: bar.startMicros + length <= nowMicros,
        })),
        gaps: absentBars(bars.map((bar) => bar.startMicros), query.interval, instrument.tradingHours).map((gap) => ({
          from: microsToIso(gap.fromMicros),
          to: microsToIso(gap.toMicros),
          missingBars: gap.missingBars,
        })),
        nextCursor: bars.length === range.limit && last ? encodeCursor(scope, { timeMicros: last.startMicros, seq: 0 }) : null,
      };
    },
  );

  /** One keyset page of trades or quotes: the rows and the cursor of the next page (null on the last). */
  async function tickPage<T>(kind: 'trades' | 'quotes', query: Static<typeof TicksQuery>, read: (db: Queryable, query: TickPageQuery) => Promise<Keyed<T>[]>) {
    const range = timeRange(query, config);
    const order = query.order ?? 'asc';
    await requireInstrument(db, query.symbol);
    const scope = `${kind}:${query.symbol}:${query.source ?? ''}:${order}`;
    const after = query.cursor === undefined ? null : decodeCursor(scope, query.cursor);
    const rows = await read(db, { symbol: query.symbol, ...range, after, order, source: query.source });
    const last = rows[rows.length - 1];
    return { values: rows.map((row) => row.value), nextCursor: rows.length === range.limit && last ? encodeCursor(scope, last.key) : null };
  }

  api.get(
    '/v1/market-data/trades',
    {
      config: { permission: 'trading:read' },
      schema: { tags: TAGS, summary: 'Trades of one symbol, keyset-paged by (time, sequence)', querystring: TicksQuery, response: { 200: TradesResponse } },
    },
    async (request) => {
      requireCaller(request, 'trading:read');
      const page = await tickPage('trades', request.query, readTrades);
      return {
        symbol: request.query.symbol,
        trades: page.values.map((trade) => ({
          time: microsToIso(trade.timeMicros),
          priceTicks: trade.priceTicks,
          quantityLots: trade.quantityLots,
          aggressor: trade.aggressor,
          tradeId: trade.tradeId,
          source: trade.source,
        })),
        nextCursor: page.nextCursor,
      };
    },
  );

  api.get(
    '/v1/market-data/quotes',
    {
      config: { permission: 'trading:read' },
      schema: { tags: TAGS, summary: 'Top-of-book quotes of one symbol, keyset-paged by (time, sequence)', querystring: TicksQuery, response: { 200: QuotesResponse } },
    },
    async (request) => {
      requireCaller(request, 'trading:read');
      const page = await tickPage('quotes', request.query, readQuotes);
      return {
        symbol: request.query.symbol,
        quotes: page.values.map((quote) => ({ time: microsToIso(quote.timeMicros), bid: quote.bid, ask: quote.ask, source: quote.source })),
        nextCursor: page.nextCursor,
      };
    },
  );
}
