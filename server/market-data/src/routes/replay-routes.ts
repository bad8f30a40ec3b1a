// Replay sessions: create one over stored trades or bars of a symbol range, control it (play,
// pause, seek, speed), read or delete it. Output goes through the ingest sink to the
// `market.ticks` channel, each message carrying the session id as `replayId`. A session belongs
// to its creator: another user's id answers MARKET_REPLAY_NOT_FOUND.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { requireCaller } from '../access.js';
import type { MarketDataContext } from '../context.js';
import { requireInstrument } from '../store/instruments-store.js';
import { microsToIso } from '../store/sql-values.js';
import { storableMicros } from './time-range.js';
import type { ReplayView } from '../replay/replay-manager.js';
import { ReplayControlBody, ReplayCreateBody, ReplayIdParams, ReplayListResponse, ReplaySchema } from './schemas.js';

const TAGS = ['market-data-replay'];
const OWNED = { resource: 'market-data-replay', param: 'id' } as const;

function view(replay: ReplayView) {
  return {
    id: replay.id,
    symbol: replay.symbol,
    kind: replay.kind,
    interval: replay.interval,
    state: replay.state,
    speed: replay.speed,
    from: microsToIso(replay.fromMicros),
    to: microsToIso(replay.toMicros),
    position: microsToIso(replay.positionMicros),
    emitted: replay.emitted,
    channel: 'market.ticks' as const,
  };
}

/** Registers the replay routes. */
export async function replayRoutes(app: FastifyInstance, context: MarketDataContext): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { db, replays } = context;

  api.post(
    '/v1/market-data/replays',
    {
      config: { permission: 'trading:read' },
      schema: { tags: TAGS, summary: 'Create a replay of stored trades or bars (paused unless play is true)', body: ReplayCreateBody, response: { 201: ReplaySchema } },
    },
    async (request, reply) => {
      const caller = requireCaller(request, 'trading:read');
      const body = request.body;
      await requireInstrument(db, body.symbol);
      const created = replays.create(
        caller.userId,
        {
          symbol: body.symbol,
          kind: body.kind,
          interval: body.interval ?? null,
          fromMicros: storableMicros(body.from, 'from'),
          toMicros: storableMicros(body.to, 'to'),
          speed: body.speed ?? 1,
        },
        body.play ?? false,
      );
      return reply.code(201).send(view(created));
    },
  );

  api.get(
    '/v1/market-data/replays',
    { config: { permission: 'trading:read' }, schema: { tags: TAGS, summary: "The caller's replay sessions in this process", response: { 200: ReplayListResponse } } },
    async (request) => {
      const caller = requireCaller(request, 'trading:read');
      return { replays: replays.list(caller.userId).map(view) };
    },
  );

  api.get(
    '/v1/market-data/replays/:id',
    { config: { permission: 'trading:read', ownership: OWNED }, schema: { tags: TAGS, summary: 'One replay session', params: ReplayIdParams, response: { 200: ReplaySchema } } },
    async (request) => {
      const caller = requireCaller(request, 'trading:read');
      return view(replays.get(caller.userId, request.params.id));
    },
  );

  api.post(
    '/v1/market-data/replays/:id/control',
    {
      config: { permission: 'trading:read', ownership: OWNED },
      schema: { tags: TAGS, summary: 'Play, pause, seek (time) or change the speed of a replay', params: ReplayIdParams, body: ReplayControlBody, response: { 200: ReplaySchema } },
    },
    async (request) => {
      const caller = requireCaller(request, 'trading:read');
      const body = request.body;
      return view(replays.control(caller.userId, request.params.id, { action: body.action, timeMicros: body.time === undefined ? undefined : storableMicros(body.time, 'time'), speed: body.speed }));
    },
  );

  api.delete(
    '/v1/market-data/replays/:id',
    {
      config: { permission: 'trading:read', ownership: OWNED },
      schema: { tags: TAGS, summary: 'Stop and delete a replay session', params: ReplayIdParams, response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      const caller = requireCaller(request, 'trading:read');
      replays.delete(caller.userId, request.params.id);
      return reply.code(204).send(null);
    },
  );
}
