// /v1/replay-sessions: replay sessions a paper account trades through — create, list, read,
// control (play, pause, seek, speed), delete — and their paper orders (place, list, cancel).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { credentialsOf, requireCaller } from '../access.js';
import type { ReplaySessions, SessionOrder } from '../replay/replay-sessions.js';
import { ownedPaperAccount, type PaperContext } from '../services/paper-accounts.js';
import { simulationError } from '../errors.js';
import { ControlBody, CreateSessionBody, IdParams, OrderParams, PlaceOrderBody, SessionListResponse, SessionOrderListResponse, SessionOrderSchema, SessionSchema } from './schemas.js';

const TAGS = ['simulation'];
const OWNED = { resource: 'simulation-session', param: 'id' } as const;
/** The same sessions; its own resource name because its body differs (the ownership matrix sends one body per resource). */
const OWNED_ORDERS = { resource: 'simulation-session-orders', param: 'id' } as const;

function orderView(order: SessionOrder) {
  return {
    id: order.id,
    clientOrderId: order.clientOrderId,
    side: order.side,
    type: order.type,
    limitPriceTicks: order.limitPriceTicks,
    quantityLots: order.quantityLots,
    filledLots: order.filledLots,
    averagePriceTicks: order.filledLots === 0 ? null : Number(order.filledNotional) / order.filledLots,
    status: order.status,
    reason: order.reason,
    createdAt: order.createdAt,
    placedAt: order.placedAtMicros === null ? null : new Date(Math.floor(order.placedAtMicros / 1000)).toISOString(),
  };
}

/** Registers the replay-session routes. */
export async function sessionRoutes(app: FastifyInstance, options: { sessions: ReplaySessions; paper: PaperContext }): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { sessions, paper } = options;

  api.post(
    '/v1/replay-sessions',
    {
      config: { permission: 'trading:write' },
      schema: { tags: TAGS, summary: 'Start a replay session a paper account trades through (paused unless play is true)', body: CreateSessionBody, response: { 201: SessionSchema } },
    },
    async (request, reply) => {
      const caller = requireCaller(request, 'trading:write');
      const account = await ownedPaperAccount(paper, caller, request.body.paperAccountId);
      if (account.state !== 'active') throw simulationError('SIMULATION_PAPER_ACCOUNT_OPENING', 'The paper account is not funded yet: reset it to complete its opening');
      const created = await sessions.create(caller, credentialsOf(request), account, request.body);
      request.log.info({ sessionId: created.id, replayId: created.replay?.id, tradingSymbol: created.tradingSymbol }, 'replay session created');
      return reply.code(201).send(created);
    },
  );

  api.get(
    '/v1/replay-sessions',
    { config: { permission: 'trading:read' }, schema: { tags: TAGS, summary: "The caller's replay sessions in this process", response: { 200: SessionListResponse } } },
    async (request) => ({ sessions: await sessions.list(requireCaller(request, 'trading:read'), credentialsOf(request)) }),
  );

  api.get(
    '/v1/replay-sessions/:id',
    { config: { permission: 'trading:read', ownership: OWNED }, schema: { tags: TAGS, summary: 'One replay session', params: IdParams, response: { 200: SessionSchema } } },
    async (request) => sessions.get(requireCaller(request, 'trading:read'), credentialsOf(request), request.params.id),
  );

  api.post(
    '/v1/replay-sessions/:id/control',
    {
      config: { permission: 'trading:write', ownership: OWNED },
      schema: { tags: TAGS, summary: 'Play, pause, seek (time) or change the speed of the session\'s replay', params: IdParams, body: ControlBody, response: { 200: SessionSchema } },
    },
    async (request) => sessions.control(requireCaller(request, 'trading:write'), credentialsOf(request), request.params.id, request.body),
  );

  api.delete(
    '/v1/replay-sessions/:id',
    {
      config: { permission: 'trading:write', ownership: OWNED },
      schema: { tags: TAGS, summary: 'Stop the replay and cancel the session\'s open orders', params: IdParams, response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      await sessions.delete(requireCaller(request, 'trading:write'), credentialsOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  api.post(
    '/v1/replay-sessions/:id/orders',
    {
      config: { permission: 'trading:write', ownership: OWNED_ORDERS },
      schema: { tags: TAGS, summary: 'Place a paper order; it meets the replayed market at the next print', params: IdParams, body: PlaceOrderBody, response: { 201: SessionOrderSchema } },
    },
    async (request, reply) => {
      const order = await sessions.placeOrder(requireCaller(request, 'trading:write'), request.params.id, request.body);
      return reply.code(201).send(orderView(order));
    },
  );

  api.get(
    '/v1/replay-sessions/:id/orders',
    { config: { permission: 'trading:read', ownership: OWNED }, schema: { tags: TAGS, summary: "The session's paper orders, newest first", params: IdParams, response: { 200: SessionOrderListResponse } } },
    async (request) => ({ orders: sessions.orders(requireCaller(request, 'trading:read'), request.params.id).map(orderView) }),
  );

  api.delete(
    '/v1/replay-sessions/:id/orders/:orderId',
    {
      config: { permission: 'trading:write', ownership: OWNED },
      schema: { tags: TAGS, summary: 'Cancel a live paper order of the session', params: OrderParams, response: { 200: SessionOrderSchema } },
    },
    async (request) => orderView(await sessions.cancelOrder(requireCaller(request, 'trading:write'), request.params.id, request.params.orderId)),
  );
}
