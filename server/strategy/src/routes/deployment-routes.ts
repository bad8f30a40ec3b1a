// /v1/strategy-deployments: start a strategy version on an account, pause/resume/stop it, read its
// status, live performance, orders and event log. Handlers parse, call service/, reply.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { credentialsOf, requireCaller } from '../access.js';
import type { DeploymentManager } from '../service/deployment-manager.js';
import { DeploymentList, DeploymentListQuery, DeploymentOrderList, DeploymentView, EventList, IdParams, LimitQuery, PerformanceView, StartBody } from './schemas.js';

const TAGS = ['strategy-deployments'];
const OWNED = { resource: 'strategy-deployment', param: 'id' } as const;

/** Registers the deployment routes. */
export async function deploymentRoutes(app: FastifyInstance, options: { deployments: DeploymentManager }): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { deployments } = options;

  api.post(
    '/v1/strategy-deployments',
    {
      config: { permission: 'trading:write' },
      schema: {
        tags: TAGS,
        summary: 'Start a strategy version on one of your accounts (paper or live); it places orders through the order service with a trade-scoped API key of yours',
        body: StartBody,
        response: { 201: DeploymentView },
      },
    },
    async (request, reply) => {
      const deployment = await deployments.start(requireCaller(request, 'trading:write'), credentialsOf(request), request.body);
      request.log.info({ deploymentId: deployment.id, status: deployment.status }, 'strategy deployment started');
      return reply.code(201).send(deployment);
    },
  );

  api.get(
    '/v1/strategy-deployments',
    { config: { permission: 'trading:read' }, schema: { tags: TAGS, summary: 'Your deployments, newest first', querystring: DeploymentListQuery, response: { 200: DeploymentList } } },
    async (request) => {
      const { limit, ...filter } = request.query;
      return { deployments: await deployments.list(requireCaller(request, 'trading:read'), filter, limit ?? 100) };
    },
  );

  api.get(
    '/v1/strategy-deployments/:id',
    { config: { permission: 'trading:read', ownership: OWNED }, schema: { tags: TAGS, summary: 'One deployment (status, error when failed)', params: IdParams, response: { 200: DeploymentView } } },
    async (request) => deployments.get(requireCaller(request, 'trading:read'), request.params.id),
  );

  for (const action of ['pause', 'resume', 'stop'] as const) {
    api.post(
      `/v1/strategy-deployments/:id/${action}`,
      { config: { permission: 'trading:write', ownership: OWNED }, schema: { tags: TAGS, summary: `${action[0]!.toUpperCase()}${action.slice(1)} a deployment`, params: IdParams, response: { 200: DeploymentView } } },
      async (request) => {
        const deployment = await deployments.transition(requireCaller(request, 'trading:write'), request.params.id, action);
        request.log.info({ deploymentId: deployment.id, status: deployment.status }, `strategy deployment ${action}`);
        return deployment;
      },
    );
  }

  api.get(
    '/v1/strategy-deployments/:id/performance',
    { config: { permission: 'trading:read', ownership: OWNED }, schema: { tags: TAGS, summary: 'Live performance: P&L, drawdown, positions, orders, fills, errors', params: IdParams, response: { 200: PerformanceView } } },
    async (request) => deployments.performance(requireCaller(request, 'trading:read'), request.params.id) as never,
  );

  api.get(
    '/v1/strategy-deployments/:id/orders',
    { config: { permission: 'trading:read', ownership: OWNED }, schema: { tags: TAGS, summary: 'Orders the deployment placed, newest first', params: IdParams, querystring: LimitQuery, response: { 200: DeploymentOrderList } } },
    async (request) => ({ orders: (await deployments.orders(requireCaller(request, 'trading:read'), request.params.id, request.query.limit ?? 100)) as never }),
  );

  api.get(
    '/v1/strategy-deployments/:id/events',
    { config: { permission: 'trading:read', ownership: OWNED }, schema: { tags: TAGS, summary: 'Errors, warnings and lifecycle events of the deployment, newest first', params: IdParams, querystring: LimitQuery, response: { 200: EventList } } },
    async (request) => ({ events: await deployments.events(requireCaller(request, 'trading:read'), request.params.id, request.query.limit ?? 100) }),
  );
}
