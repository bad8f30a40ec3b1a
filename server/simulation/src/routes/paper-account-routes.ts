// /v1/paper-accounts: open one in one call, list, read, fund, reset, and its performance analytics.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { PnlInterval } from '@kestrel/shared';
import { credentialsOf, requireCaller } from '../access.js';
import { performanceOf } from '../domain/performance.js';
import { simulationError } from '../errors.js';
import type { ReplaySessions } from '../replay/replay-sessions.js';
import { fundPaperAccount, listPaperAccountViews, openPaperAccount, ownedPaperAccount, paperAccountView, resetPaperAccount, type PaperAccountView, type PaperContext } from '../services/paper-accounts.js';
import { CreatePaperAccountBody, FundBody, IdParams, PaperAccountListResponse, PaperAccountSchema, PerformanceQuery, PerformanceResponse, ResetBody } from './schemas.js';

const TAGS = ['simulation'];
const OWNED = { resource: 'paper-account', param: 'id' } as const;
/** The same objects; its own resource name because its body differs (the ownership matrix sends one body per resource). */
const OWNED_RESET = { resource: 'paper-account-reset', param: 'id' } as const;
const INTERVAL_MS: Readonly<Record<PnlInterval, number>> = { '1m': 60_000, '5m': 300_000, '15m': 900_000, '1h': 3_600_000, '1d': 86_400_000 };

function view({ paper, account, generations }: PaperAccountView) {
  return {
    id: paper.id,
    name: paper.name,
    currency: paper.currency,
    initialCashMinor: paper.initialCashMinor,
    state: paper.state,
    accountId: paper.accountId,
    generation: paper.generation,
    createdAt: paper.createdAt,
    resetAt: paper.resetAt,
    account,
    generations,
  };
}

function instant(text: string | undefined, fallback: number, name: string): number {
  if (text === undefined) return fallback;
  const millis = Date.parse(text);
  if (!Number.isFinite(millis) || millis < 0 || millis > 7_258_118_400_000) throw simulationError('SIMULATION_RANGE_INVALID', `\`${name}\` must lie within 1970-01-01 … 2200-01-01`);
  return millis;
}

/** Registers the paper-account routes. */
export async function paperAccountRoutes(app: FastifyInstance, options: { context: PaperContext; sessions: ReplaySessions }): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { context, sessions } = options;

  api.post(
    '/v1/paper-accounts',
    {
      config: { permission: 'trading:write' },
      schema: { tags: TAGS, summary: 'Open and fund a paper-trading account in one call', body: CreatePaperAccountBody, response: { 201: PaperAccountSchema } },
    },
    async (request, reply) => {
      const caller = requireCaller(request, 'trading:write');
      const opened = await openPaperAccount(context, caller, credentialsOf(request), request.body);
      request.log.info({ paperAccountId: opened.paper.id, accountId: opened.paper.accountId }, 'paper account opened');
      return reply.code(201).send(view(opened));
    },
  );

  api.get(
    '/v1/paper-accounts',
    { config: { permission: 'trading:read' }, schema: { tags: TAGS, summary: "The caller's paper accounts", response: { 200: PaperAccountListResponse } } },
    async (request) => {
      const caller = requireCaller(request, 'trading:read');
      return { paperAccounts: (await listPaperAccountViews(context, caller, credentialsOf(request))).map(view) };
    },
  );

  api.get(
    '/v1/paper-accounts/:id',
    { config: { permission: 'trading:read', ownership: OWNED }, schema: { tags: TAGS, summary: 'One paper account with its current portfolio account and generations', params: IdParams, response: { 200: PaperAccountSchema } } },
    async (request) => {
      const caller = requireCaller(request, 'trading:read');
      return view(await paperAccountView(context, caller, credentialsOf(request), request.params.id));
    },
  );

  api.post(
    '/v1/paper-accounts/:id/deposits',
    {
      config: { permission: 'trading:write', ownership: OWNED },
      schema: { tags: TAGS, summary: 'Add paper cash to the current account (idempotent by reference)', params: IdParams, body: FundBody, response: { 200: PaperAccountSchema } },
    },
    async (request) => {
      const caller = requireCaller(request, 'trading:write');
      return view(await fundPaperAccount(context, caller, credentialsOf(request), request.params.id, request.body));
    },
  );

  api.post(
    '/v1/paper-accounts/:id/reset',
    {
      config: { permission: 'trading:write', ownership: OWNED_RESET },
      schema: {
        tags: TAGS,
        summary: 'Archive the current account (orders cancelled, account closed, history kept) and start a fresh, funded one',
        params: IdParams,
        body: ResetBody,
        response: { 200: PaperAccountSchema },
      },
    },
    async (request) => {
      const caller = requireCaller(request, 'trading:write');
      const reset = await resetPaperAccount(context, caller, credentialsOf(request), request.params.id, request.body ?? {}, (paper) => sessions.endForPaperAccount(paper.id));
      request.log.info({ paperAccountId: reset.paper.id, accountId: reset.paper.accountId, generation: reset.paper.generation }, 'paper account reset');
      return view(reset);
    },
  );

  api.get(
    '/v1/paper-accounts/:id/performance',
    {
      config: { permission: 'trading:read', ownership: OWNED },
      schema: {
        tags: TAGS,
        summary: 'Return, drawdown, volatility, Sharpe and more from the current account\'s P&L series (default: since it opened, hourly)',
        params: IdParams,
        querystring: PerformanceQuery,
        response: { 200: PerformanceResponse },
      },
    },
    async (request) => {
      const caller = requireCaller(request, 'trading:read');
      const credentials = credentialsOf(request);
      const paper = await ownedPaperAccount(context, caller, request.params.id);
      const interval = request.query.interval ?? '1h';
      const to = instant(request.query.to, Date.now(), 'to');
      const opened = Date.parse(paper.resetAt ?? paper.createdAt);
      const from = instant(request.query.from, Math.min(opened, to - INTERVAL_MS[interval]), 'from');
      if (!(from < to)) throw simulationError('SIMULATION_RANGE_INVALID', '`from` must be before `to`');
      const range = { from: new Date(from).toISOString(), to: new Date(to).toISOString(), interval };
      const series = await context.portfolio.pnl(credentials, paper.accountId, range);
      return { paperAccountId: paper.id, accountId: paper.accountId, ...range, ...performanceOf(series.points, INTERVAL_MS[interval], series.current.totalPnlMinor) };
    },
  );
}
