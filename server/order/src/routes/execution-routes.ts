// /v1/executions: the caller's fills, keyset-paged and filtered.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requireCaller } from '../access.js';
import type { OrderContext } from '../services/context.js';
import { queryExecutions } from '../services/queries.js';
import { ExecutionListQuery, ExecutionListResponse } from './schemas.js';

/** Registers the execution routes. */
export async function executionRoutes(app: FastifyInstance, options: { context: OrderContext }): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.get(
    '/v1/executions',
    {
      config: { permission: 'trading:read' },
      schema: { tags: ['orders'], summary: 'Fills, newest first, keyset-paged, filtered', querystring: ExecutionListQuery, response: { 200: ExecutionListResponse } },
    },
    async (request) => {
      const result = await queryExecutions(options.context, requireCaller(request, 'trading:read'), request.query);
      return { executions: result.items, nextCursor: result.nextCursor };
    },
  );
}
