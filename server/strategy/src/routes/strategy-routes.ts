// /v1/strategies: create, list, read, version and delete strategy definitions. Handlers parse,
// call service/, reply.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { requireCaller } from '../access.js';
import type { ServiceContext } from '../service/context.js';
import { addVersion, createStrategy, deleteStrategy, listStrategies, strategyVersions, visibleStrategy } from '../service/definitions.js';
import { CreateStrategyBody, IdParams, LimitQuery, NewVersionBody, StrategyList, StrategyWithVersion, VersionList, VersionParams, VersionView } from './schemas.js';

const TAGS = ['strategies'];
const OWNED = { resource: 'strategy', param: 'id' } as const;

/** Registers the strategy definition routes. */
export async function strategyRoutes(app: FastifyInstance, options: { context: ServiceContext }): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { context } = options;

  api.post(
    '/v1/strategies',
    {
      config: { permission: 'trading:write' },
      schema: { tags: TAGS, summary: 'Create a strategy (built-in id or TypeScript/JavaScript source) with its first version', body: CreateStrategyBody, response: { 201: StrategyWithVersion } },
    },
    async (request, reply) => {
      const created = await createStrategy(context, requireCaller(request, 'trading:write'), request.body);
      request.log.info({ strategyId: created.strategy.id }, 'strategy created');
      return reply.code(201).send(created);
    },
  );

  api.get(
    '/v1/strategies',
    { config: { permission: 'trading:read' }, schema: { tags: TAGS, summary: "The caller's strategies, newest first", querystring: LimitQuery, response: { 200: StrategyList } } },
    async (request) => ({ strategies: await listStrategies(context, requireCaller(request, 'trading:read'), request.query.limit ?? 100) }),
  );

  api.get(
    '/v1/strategies/:id',
    { config: { permission: 'trading:read', ownership: OWNED }, schema: { tags: TAGS, summary: 'One strategy with its latest version', params: IdParams, response: { 200: StrategyWithVersion } } },
    async (request) => {
      const strategy = await visibleStrategy(context, requireCaller(request, 'trading:read'), request.params.id);
      const [version] = await strategyVersions(context, strategy.id, strategy.latestVersion);
      return { strategy, version: version! };
    },
  );

  api.delete(
    '/v1/strategies/:id',
    { config: { permission: 'trading:write', ownership: OWNED }, schema: { tags: TAGS, summary: 'Delete a strategy (refused while it has running or paused deployments)', params: IdParams, response: { 204: Type204 } } },
    async (request, reply) => {
      await deleteStrategy(context, requireCaller(request, 'trading:write'), request.params.id);
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/v1/strategies/:id/versions',
    { config: { permission: 'trading:read', ownership: OWNED }, schema: { tags: TAGS, summary: 'Every version of a strategy, oldest first', params: IdParams, response: { 200: VersionList } } },
    async (request) => {
      const strategy = await visibleStrategy(context, requireCaller(request, 'trading:read'), request.params.id);
      return { versions: await strategyVersions(context, strategy.id) };
    },
  );

  api.post(
    '/v1/strategies/:id/versions',
    { config: { permission: 'trading:write', ownership: OWNED }, schema: { tags: TAGS, summary: 'Add a version (new source or built-in, new default parameters)', params: IdParams, body: NewVersionBody, response: { 201: VersionView } } },
    async (request, reply) => reply.code(201).send(await addVersion(context, requireCaller(request, 'trading:write'), request.params.id, request.body)),
  );

  api.get(
    '/v1/strategies/:id/versions/:version',
    { config: { permission: 'trading:read', ownership: OWNED }, schema: { tags: TAGS, summary: 'One version of a strategy', params: VersionParams, response: { 200: VersionView } } },
    async (request) => {
      const strategy = await visibleStrategy(context, requireCaller(request, 'trading:read'), request.params.id);
      const [version] = await strategyVersions(context, strategy.id, request.params.version);
      return version!;
    },
  );
}

const Type204 = { type: 'null', description: 'No content' } as const;
