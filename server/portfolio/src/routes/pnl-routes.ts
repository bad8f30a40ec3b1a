// /v1/pnl: an account's P&L now and as a time series of the last valuation per bucket.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type pg from 'pg';
import { MIN_INSTANT_MS, instantMillis, toSafeNumber, type PnlInterval, type PnlPoint } from '@kestrel/shared';
import { requireCaller, visibleAccount } from '../access.js';
import { portfolioError } from '../errors.js';
import { loadAccountState } from '../services/account-state.js';
import { loadSeries } from '../store/snapshots-store.js';
import { PnlQuery, PnlResponse } from './schemas.js';

const INTERVAL_MS: Readonly<Record<PnlInterval, number>> = { '1m': 60_000, '5m': 300_000, '15m': 900_000, '1h': 3_600_000, '1d': 86_400_000 };

/** Epoch milliseconds of a range bound, or PORTFOLIO_INVALID_RANGE when it lies outside the supported instants. */
function boundMillis(text: string, name: 'from' | 'to'): number {
  const millis = instantMillis(text);
  if (millis === null) throw portfolioError('PORTFOLIO_INVALID_RANGE', `\`${name}\` ${text} is outside 0001-01-01T00:00:00Z … 9999-12-31T23:59:59.999Z`);
  return millis;
}

/** Registers the P&L route. */
export async function pnlRoutes(app: FastifyInstance, options: { db: pg.Pool; maxPoints: number }): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { db, maxPoints } = options;

  api.get(
    '/v1/pnl',
    {
      config: { permission: 'trading:read' },
      schema: {
        tags: ['portfolio'],
        summary: 'P&L now and per bucket in [from, to) (default: the last 24 h, hourly)',
        querystring: PnlQuery,
        response: { 200: PnlResponse },
      },
    },
    async (request) => {
      const caller = requireCaller(request, 'trading:read');
      const account = await visibleAccount(db, caller, request.query.accountId);
      const interval = request.query.interval ?? '1h';
      const toMillis = request.query.to === undefined ? Date.now() : boundMillis(request.query.to, 'to');
      const fromMillis = request.query.from === undefined ? Math.max(MIN_INSTANT_MS, toMillis - 86_400_000) : boundMillis(request.query.from, 'from');
      const span = toMillis - fromMillis;
      if (!(span > 0)) throw portfolioError('PORTFOLIO_INVALID_RANGE', '`from` must be before `to`');
      if (Math.ceil(span / INTERVAL_MS[interval]) > maxPoints) {
        throw portfolioError('PORTFOLIO_INVALID_RANGE', `the range spans more than ${maxPoints} ${interval} buckets; use a wider interval`);
      }
      const from = new Date(fromMillis).toISOString();
      const to = new Date(toMillis).toISOString();
      const state = await loadAccountState(db, account);
      const realised = account.realisedPnlMinor;
      const unrealised = state.valuation.unrealisedPnlMinor;
      const current: PnlPoint = {
        at: new Date().toISOString(),
        cashMinor: account.cashMinor,
        marketValueMinor: state.valuation.marketValueMinor,
        equityMinor: state.valuation.equityMinor,
        netDepositsMinor: account.netDepositsMinor,
        realisedPnlMinor: realised,
        unrealisedPnlMinor: unrealised,
        feesMinor: account.feesMinor,
        totalPnlMinor: toSafeNumber(BigInt(realised) + BigInt(unrealised) - BigInt(account.feesMinor), 'total P&L'),
      };
      const points = await loadSeries(db, account.id, from, to, interval);
      return { accountId: account.id, currency: account.currency, from, to, interval, current, points };
    },
  );
}
