// /v1/orders: place, list, read, modify and cancel orders. Handlers parse, call services/, reply.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { NewOrderRequestSchema } from '@kestrel/shared';
import { credentialsOf, requireCaller } from '../access.js';
import type { BackgroundRouting } from '../services/background-routing.js';
import { cancelAll, cancelOrder, visibleOrder } from '../services/cancel-order.js';
import type { OrderContext } from '../services/context.js';
import { modifyOrder } from '../services/modify-order.js';
import { placeOrder } from '../services/place-order.js';
import { queryOrders } from '../services/queries.js';
import { CancelAllQuery, CancelAllResponse, IdParams, ModifyBody, OrderListQuery, OrderListResponse, OrderViewSchema } from './schemas.js';
import { prefersRespondAsync } from './prefer.js';
import { orderView } from './views.js';

const TAGS = ['orders'];
const OWNED = { resource: 'order', param: 'id' } as const;
const PlaceOrderHeaders = Type.Object({
  prefer: Type.Optional(
    Type.String({
      description:
        'RFC 7240 preferences. `respond-async`: answer 202 with the order as recorded (durable, status `new`) and run its buying-power check and routing after the answer; the outcome arrives as order updates (stream, GET /v1/orders/:id).',
    }),
  ),
});

/** Registers the order routes. */
export async function orderRoutes(app: FastifyInstance, options: { context: OrderContext; background: BackgroundRouting }): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { context, background } = options;

  api.post(
    '/v1/orders',
    {
      config: { permission: 'trading:write' },
      schema: {
        tags: TAGS,
        summary:
          'Place an order (201: checked and routed, or rejected; 202 with `Prefer: respond-async`: recorded, checked and routed after the answer); the same clientOrderId and fields again returns the first order (200)',
        headers: PlaceOrderHeaders,
        body: NewOrderRequestSchema,
        response: { 200: OrderViewSchema, 201: OrderViewSchema, 202: OrderViewSchema },
      },
    },
    async (request, reply) => {
      const caller = requireCaller(request, 'trading:write');
      const respondAsync = prefersRespondAsync(request.headers.prefer);
      const placed = await placeOrder(context, caller, credentialsOf(request), request.body, respondAsync ? background : undefined);
      if (placed.created) request.log.info({ orderId: placed.order.id, status: placed.order.status, reason: placed.order.rejectReason, detached: placed.detached }, 'order placed');
      if (placed.detached) return reply.code(202).header('preference-applied', 'respond-async').send(orderView(placed.order));
      return reply.code(placed.created ? 201 : 200).send(orderView(placed.order));
    },
  );

  api.get(
    '/v1/orders',
    {
      config: { permission: 'trading:read' },
      schema: { tags: TAGS, summary: 'Orders, newest first: open and history, keyset-paged, filtered', querystring: OrderListQuery, response: { 200: OrderListResponse } },
    },
    async (request) => {
      const caller = requireCaller(request, 'trading:read');
      const result = await queryOrders(context, caller, request.query);
      return { orders: result.items.map(orderView), nextCursor: result.nextCursor };
    },
  );

  api.delete(
    '/v1/orders',
    {
      config: { permission: 'trading:write' },
      schema: {
        tags: TAGS,
        summary: "Cancel all open orders and working parent orders of the caller's accounts (or one account), optionally of one symbol",
        querystring: CancelAllQuery,
        response: { 202: CancelAllResponse },
      },
    },
    async (request, reply) => {
      const caller = requireCaller(request, 'trading:write');
      const result = await cancelAll(context, caller, credentialsOf(request), request.query);
      request.log.info({ orders: result.orderIds.length, parents: result.parentOrderIds.length }, 'cancel all');
      return reply.code(202).send(result);
    },
  );

  api.get(
    '/v1/orders/:id',
    {
      config: { permission: 'trading:read', ownership: OWNED },
      schema: { tags: TAGS, summary: 'One order', params: IdParams, response: { 200: OrderViewSchema } },
    },
    async (request) => orderView(await visibleOrder(context, requireCaller(request, 'trading:read'), request.params.id)),
  );

  api.patch(
    '/v1/orders/:id',
    {
      config: { permission: 'trading:write', ownership: OWNED },
      schema: {
        tags: TAGS,
        summary: 'Modify a working order (new total quantity and/or prices); pending until execution confirms',
        params: IdParams,
        body: ModifyBody,
        response: { 202: OrderViewSchema },
      },
    },
    async (request, reply) => {
      const order = await modifyOrder(context, requireCaller(request, 'trading:write'), request.params.id, request.body);
      request.log.info({ orderId: order.id }, 'order modification requested');
      return reply.code(202).send(orderView(order));
    },
  );

  api.delete(
    '/v1/orders/:id',
    {
      config: { permission: 'trading:write', ownership: OWNED },
      schema: { tags: TAGS, summary: 'Cancel an order (at once if not yet routed, else when execution confirms)', params: IdParams, response: { 202: OrderViewSchema } },
    },
    async (request, reply) => {
      const order = await cancelOrder(context, requireCaller(request, 'trading:write'), request.params.id);
      request.log.info({ orderId: order.id, status: order.status }, 'order cancel requested');
      return reply.code(202).send(orderView(order));
    },
  );
}
