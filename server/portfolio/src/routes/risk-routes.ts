// /v1/exposure and /v1/var: an account's exposure and one-day historical-simulation VaR.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type pg from 'pg';
import { ExposureSchema, ValueAtRiskSchema } from '@kestrel/shared';
import { requireCaller, visibleAccount } from '../access.js';
import type { VarOptions } from '../domain/value-at-risk.js';
import { accountExposure, accountValueAtRisk } from '../services/risk.js';
import { AccountQuery } from './schemas.js';

/** Registers the risk routes. */
export async function riskRoutes(app: FastifyInstance, options: { db: pg.Pool; varOptions: VarOptions }): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { db, varOptions } = options;

  api.get(
    '/v1/exposure',
    {
      config: { permission: 'trading:read' },
      schema: { tags: ['portfolio'], summary: 'Gross, net, long and short exposure, per symbol', querystring: AccountQuery, response: { 200: ExposureSchema } },
    },
    async (request) => {
      const caller = requireCaller(request, 'trading:read');
      return accountExposure(db, await visibleAccount(db, caller, request.query.accountId));
    },
  );

  api.get(
    '/v1/var',
    {
      config: { permission: 'trading:read' },
      schema: { tags: ['portfolio'], summary: 'One-day historical-simulation value at risk', querystring: AccountQuery, response: { 200: ValueAtRiskSchema } },
    },
    async (request) => {
      const caller = requireCaller(request, 'trading:read');
      return accountValueAtRisk(db, await visibleAccount(db, caller, request.query.accountId), varOptions);
    },
  );
}
