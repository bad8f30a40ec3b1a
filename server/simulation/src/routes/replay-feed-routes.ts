// /v1/replay-market-data: the latest trades, quotes and bars a replay session fed under its trading
// symbol, in the shape of the market-data history routes — the opening snapshot the stream service
// reads for a session symbol (docs/simulation.md, "The session's trading symbol"). Only the
// session's owner may read it (anyone else: SIMULATION_SESSION_NOT_FOUND, so symbols cannot be probed).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requireCaller } from '../access.js';
import type { ReplaySessions } from '../replay/replay-sessions.js';
import { ReplayBarsQuery, ReplayBarsResponse, ReplayFeedQuery, ReplayQuotesResponse, ReplayTradesResponse } from './schemas.js';

const TAGS = ['simulation'];
const DEFAULT_LIMIT = 100;

/** Registers the replay feed routes. */
export async function replayFeedRoutes(app: FastifyInstance, options: { sessions: ReplaySessions }): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { sessions } = options;

  api.get(
    '/v1/replay-market-data/trades',
    { config: { permission: 'trading:read' }, schema: { tags: TAGS, summary: "The latest trades a replay session fed under its trading symbol", querystring: ReplayFeedQuery, response: { 200: ReplayTradesResponse } } },
    async (request) => {
      const { symbol, order = 'asc', limit = DEFAULT_LIMIT } = request.query;
      return sessions.feedOf(requireCaller(request, 'trading:read'), symbol).feed.trades(symbol, order, limit);
    },
  );

  api.get(
    '/v1/replay-market-data/quotes',
    { config: { permission: 'trading:read' }, schema: { tags: TAGS, summary: "The latest quotes a replay session fed under its trading symbol", querystring: ReplayFeedQuery, response: { 200: ReplayQuotesResponse } } },
    async (request) => {
      const { symbol, order = 'asc', limit = DEFAULT_LIMIT } = request.query;
      return sessions.feedOf(requireCaller(request, 'trading:read'), symbol).feed.quotes(symbol, order, limit);
    },
  );

  api.get(
    '/v1/replay-market-data/bars',
    { config: { permission: 'trading:read' }, schema: { tags: TAGS, summary: "The latest bars a replay session fed under its trading symbol", querystring: ReplayBarsQuery, response: { 200: ReplayBarsResponse } } },
    async (request) => {
      const { symbol, interval, order = 'asc', limit = DEFAULT_LIMIT } = request.query;
      const { feed, barOrigin } = sessions.feedOf(requireCaller(request, 'trading:read'), symbol);
      return feed.bars(symbol, interval, barOrigin, order, limit);
    },
  );
}
