// /v1/backtests and /v1/optimisations: submit a backtest, a parameter optimisation or a walk-forward
// analysis (an optimisation with `walkForward`), follow its progress, read its stored result,
// cancel it; page through a walk-forward's combined out-of-sample equity curve. Handlers parse,
// call jobs/, reply.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { credentialsOf, requireCaller } from '../access.js';
import type { JobSettings } from '../jobs/job-protocol.js';
import type { JobRequest, JobRunner } from '../jobs/job-runner.js';
import { BacktestBody, CurveQuery, CurveView, IdParams, JobList, JobView, LimitQuery, OptimisationBody } from './schemas.js';

function settingsOf(body: Static<typeof BacktestBody>): JobSettings {
  return {
    cash: body.cash ?? '10000',
    params: { ...body.params },
    ...(body.fill ? { fill: body.fill } : {}),
    ...(body.commission ? { commission: body.commission } : {}),
    ...(body.slippage ? { slippage: body.slippage } : {}),
    ...(body.seed !== undefined ? { seed: body.seed } : {}),
    ...(body.allowShort !== undefined ? { allowShort: body.allowShort } : {}),
    ...(body.cashCheck !== undefined ? { cashCheck: body.cashCheck } : {}),
  };
}

/** Registers the job routes. */
export async function jobRoutes(app: FastifyInstance, options: { jobs: JobRunner; workers: number; bodyLimit: number }): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { jobs } = options;

  api.post(
    '/v1/backtests',
    {
      config: { permission: 'trading:read' },
      bodyLimit: options.bodyLimit,
      schema: { tags: ['backtests'], summary: 'Run a backtest over the market-data bar history or an uploaded CSV (202: queued; poll GET /v1/backtests/:id)', body: BacktestBody, response: { 202: JobView } },
    },
    async (request, reply) => {
      const body = request.body;
      const job = await jobs.submit(requireCaller(request, 'trading:read'), credentialsOf(request), 'backtest', { strategy: body.strategy, data: body.data, settings: settingsOf(body) } as JobRequest);
      request.log.info({ jobId: job.id }, 'backtest queued');
      return reply.code(202).send(job);
    },
  );

  api.post(
    '/v1/optimisations',
    {
      config: { permission: 'trading:read' },
      bodyLimit: options.bodyLimit,
      schema: {
        tags: ['backtests'],
        summary: 'Run a grid or random parameter search, or with `walkForward` a walk-forward analysis, across worker threads (202: queued)',
        body: OptimisationBody,
        response: { 202: JobView },
      },
    },
    async (request, reply) => {
      const { space, method, samples, objective, walkForward, ...run } = request.body;
      const job = await jobs.submit(requireCaller(request, 'trading:read'), credentialsOf(request), walkForward ? 'walk-forward' : 'optimisation', {
        strategy: run.strategy,
        data: run.data,
        settings: settingsOf(run),
        optimise: { space, method: method ?? 'grid', ...(samples ? { samples } : {}), ...(objective ? { objective } : {}), workers: options.workers, ...(walkForward ? { walkForward } : {}) },
      } as JobRequest);
      request.log.info({ jobId: job.id, kind: job.kind }, 'optimisation queued');
      return reply.code(202).send(job);
    },
  );

  api.get(
    '/v1/optimisations/:id/curve',
    {
      config: { permission: 'trading:read', ownership: { resource: 'optimisation', param: 'id' } },
      schema: {
        tags: ['backtests'],
        summary: "A range of a completed walk-forward's combined out-of-sample equity curve (every point, or decimated beyond maxPoints) with its drawdown and windows",
        params: IdParams,
        querystring: CurveQuery,
        response: { 200: CurveView },
      },
    },
    async (request) => {
      const { offset, limit, maxPoints } = request.query;
      return jobs.curve(requireCaller(request, 'trading:read'), request.params.id, { offset: offset ?? 0, ...(limit === undefined ? {} : { limit }), maxPoints: maxPoints ?? 5000 });
    },
  );

  for (const [path, kinds, resource] of [
    ['/v1/backtests', ['backtest'], 'backtest'],
    ['/v1/optimisations', ['optimisation', 'walk-forward'], 'optimisation'],
  ] as const) {
    const kind = kinds[0];
    const owned = { resource, param: 'id' } as const;
    api.get(
      path,
      { config: { permission: 'trading:read' }, schema: { tags: ['backtests'], summary: 'Your jobs, newest first (without results)', querystring: LimitQuery, response: { 200: JobList } } },
      async (request) => ({ jobs: await jobs.list(requireCaller(request, 'trading:read'), [...kinds], request.query.limit ?? 100) }),
    );
    api.get(
      `${path}/:id`,
      { config: { permission: 'trading:read', ownership: owned }, schema: { tags: ['backtests'], summary: 'One job: status, progress, result or error', params: IdParams, response: { 200: JobView } } },
      async (request) => jobs.get(requireCaller(request, 'trading:read'), request.params.id, kind),
    );
    api.delete(
      `${path}/:id`,
      { config: { permission: 'trading:read', ownership: owned }, schema: { tags: ['backtests'], summary: 'Cancel a queued or running job', params: IdParams, response: { 200: JobView } } },
      async (request) => jobs.cancel(requireCaller(request, 'trading:read'), request.params.id, kind),
    );
  }
}
