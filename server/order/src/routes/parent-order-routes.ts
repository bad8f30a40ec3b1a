// /v1/parent-orders: start, list, read and cancel parent orders (bracket, OCO, OTO, trailing
// stop, TWAP, VWAP). Their children appear in /v1/orders with parentOrderId set.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { NewParentOrderRequestSchema, ParentOrderDetailSchema } from '@kestrel/shared';
import { credentialsOf, requireCaller } from '../access.js';
import type { OrderContext } from '../services/context.js';
import { cancelParent, createParent, parentDetail, visibleParent } from '../services/parent-orders.js';
import { queryParents } from '../services/queries.js';
import { IdParams, ParentListQuery, ParentListResponse } from './schemas.js';

const TAGS = ['parent-orders'];
const OWNED = { resource: 'parent-order', param: 'id' } as const;

/** Registers the parent-order routes. */
export async function parentOrderRoutes(app: FastifyInstance, options: { context: OrderContext }): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { context } = options;

  api.post(
    '/v1/parent-orders',
    {
      config: { permission: 'trading:write' },
      schema: {
        tags: TAGS,
        summary: 'Start a parent order (201); the same clientOrderId and fields again returns the first one (200)',
        body: NewParentOrderRequestSchema,
        response: { 200: ParentOrderDetailSchema, 201: ParentOrderDetailSchema },
      },
    },
    async (request, reply) => {
      const caller = requireCaller(request, 'trading:write');
      const { parent, created } = await createParent(context, caller, credentialsOf(request), request.body);
      if (created) request.log.info({ parentOrderId: parent.id, type: parent.type, status: parent.status }, 'parent order started');
      return reply.code(created ? 201 : 200).send(await parentDetail(context.db, parent));
    },
  );

  api.get(
    '/v1/parent-orders',
    {
      config: { permission: 'trading:read' },
      schema: { tags: TAGS, summary: 'Parent orders, newest first, keyset-paged', querystring: ParentListQuery, response: { 200: ParentListResponse } },
    },
    async (request) => {
      const result = await queryParents(context, requireCaller(request, 'trading:read'), request.query);
      const parentOrders = await Promise.all(result.items.map(async (parent) => {
        const { children: _children, ...summary } = await parentDetail(context.db, parent);
        return summary;
      }));
      return { parentOrders, nextCursor: result.nextCursor };
    },
  );

  api.get(
    '/v1/parent-orders/:id',
    {
      config: { permission: 'trading:read', ownership: OWNED },
      schema: { tags: TAGS, summary: 'One parent order with its child orders', params: IdParams, response: { 200: ParentOrderDetailSchema } },
    },
    async (request) => parentDetail(context.db, await visibleParent(context, requireCaller(request, 'trading:read'), request.params.id)),
  );

  api.delete(
    '/v1/parent-orders/:id',
    {
      config: { permission: 'trading:write', ownership: OWNED },
      schema: { tags: TAGS, summary: 'Cancel a parent order and every open child', params: IdParams, response: { 202: ParentOrderDetailSchema } },
    },
    async (request, reply) => {
      const parent = await cancelParent(context, requireCaller(request, 'trading:write'), request.params.id);
      request.log.info({ parentOrderId: parent.id }, 'parent order cancelled');
      return reply.code(202).send(await parentDetail(context.db, parent));
    },
  );
}
