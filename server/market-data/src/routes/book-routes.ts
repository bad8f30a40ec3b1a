// GET /v1/market-data/book/:symbol: the latest order book — the last stored snapshot plus the
// deltas stored after it — with the source's feed state, so a stale or resyncing feed is visible
// instead of looking like a quiet market. No stored book is MARKET_BOOK_UNAVAILABLE (never an
// empty book). Market data is not owned by anyone: every authenticated user may read any symbol
// (the route declares `shared` instead of `ownership`, see docs/market-data.md).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requireCaller } from '../access.js';
import type { MarketDataContext } from '../context.js';
import { marketError } from '../errors.js';
import { readFeedStatus, readLatestBook } from '../store/history-store.js';
import { requireInstrument } from '../store/instruments-store.js';
import { microsToIso } from '../store/sql-values.js';
import { BookQuery, BookResponse, SymbolParams } from './schemas.js';

/** Registers the book route. */
export async function bookRoutes(app: FastifyInstance, context: MarketDataContext): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = context;

  api.get(
    '/v1/market-data/book/:symbol',
    {
      config: { permission: 'trading:read', shared: { resource: 'market-data', param: 'symbol' } },
      schema: {
        tags: ['market-data'],
        summary: 'Latest L2 book of a symbol (last snapshot + later deltas) with its feed state',
        params: SymbolParams,
        querystring: BookQuery,
        response: { 200: BookResponse },
      },
    },
    async (request) => {
      requireCaller(request, 'trading:read');
      const { symbol } = request.params;
      await requireInstrument(db, symbol);
      const book = await readLatestBook(db, symbol, request.query.source);
      if (!book) throw marketError('MARKET_BOOK_UNAVAILABLE', `No order book has been recorded for ${symbol}${request.query.source ? ` from ${request.query.source}` : ''}`);
      const status = await readFeedStatus(db, symbol, book.source);
      const depth = request.query.depth ?? Infinity;
      return {
        symbol,
        source: book.source,
        time: microsToIso(book.timeMicros),
        updateId: book.updateId,
        feedState: status?.state ?? ('unreported' as const),
        feedStateReason: status?.reason ?? null,
        depthLimit: book.depthLimit,
        crossed: book.crossed,
        bids: book.bids.slice(0, depth),
        asks: book.asks.slice(0, depth),
      };
    },
  );
}
