// /v1/risk: the risk desk's limits and kill switches (risk:write to change, risk:read to see) and
// their audit trail. Changes are stored, audited and forwarded to execution (services/risk-control.ts).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { RiskLimitsSchema, type RiskLimits, type RiskLimitScope } from '@kestrel/shared';
import { credentialsOf, requireCaller } from '../access.js';
import { decodeCursor, encodeCursor } from '../domain/page-cursor.js';
import { orderError } from '../errors.js';
import type { OrderContext } from '../services/context.js';
import { setKillSwitch, setRiskLimits } from '../services/risk-control.js';
import { listRiskAudit, listRiskSettings } from '../store/risk-store.js';
import {
  AccountParams,
  KillSwitchBody,
  KillSwitchListResponse,
  KillSwitchResponse,
  RiskAuditQuery,
  RiskAuditResponse,
  RiskLimitsListResponse,
  RiskLimitsSettingSchema,
} from './schemas.js';
import { killSwitchView, riskLimitsView } from './views.js';

const TAGS = ['risk'];
/** The account routes name a portfolio account (the ownership matrix checks that a trader is refused). */
const ACCOUNT = { resource: 'portfolio-account', param: 'accountId' } as const;
const AUDIT_SCOPE = 'risk-audit';

/** Registers the risk routes. */
export async function riskRoutes(app: FastifyInstance, options: { context: OrderContext }): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { context } = options;

  const actor = (request: FastifyRequest) => ({ userId: requireCaller(request, 'risk:write').userId, requestId: request.id });

  api.get(
    '/v1/risk/limits',
    {
      config: { permission: 'risk:read' },
      schema: { tags: TAGS, summary: 'Limits requested for every scope, with execution\'s answer', response: { 200: RiskLimitsListResponse } },
    },
    async (request) => {
      requireCaller(request, 'risk:read');
      return { limits: (await listRiskSettings(context.db, 'limits')).map(riskLimitsView) };
    },
  );

  for (const scope of ['default', 'global'] as const satisfies readonly RiskLimitScope[]) {
    api.put(
      `/v1/risk/limits/${scope}`,
      {
        config: { permission: 'risk:write' },
        schema: {
          tags: TAGS,
          summary: scope === 'default' ? 'Set the limits every account has unless overridden' : 'Set the firm-wide limits (all accounts together)',
          body: RiskLimitsSchema,
          response: { 200: RiskLimitsSettingSchema },
        },
      },
      async (request) => riskLimitsView(await setRiskLimits(context, actor(request), scope, null, request.body)),
    );
  }

  const accountLimits = async (request: FastifyRequest, accountId: string, limits: RiskLimits | null) => {
    const who = actor(request);
    const caller = requireCaller(request, 'risk:write');
    const account = await context.accounts.resolve(caller, credentialsOf(request), accountId);
    return riskLimitsView(await setRiskLimits(context, who, 'account', account.id, limits));
  };

  api.put(
    '/v1/risk/limits/accounts/:accountId',
    {
      config: { permission: 'risk:write', ownership: ACCOUNT },
      schema: { tags: TAGS, summary: "Override limits for one account", params: AccountParams, body: RiskLimitsSchema, response: { 200: RiskLimitsSettingSchema } },
    },
    async (request) => accountLimits(request, request.params.accountId, request.body),
  );

  api.delete(
    '/v1/risk/limits/accounts/:accountId',
    {
      config: { permission: 'risk:write', ownership: ACCOUNT },
      schema: { tags: TAGS, summary: "Clear one account's overrides (back to the defaults)", params: AccountParams, response: { 200: RiskLimitsSettingSchema } },
    },
    async (request) => accountLimits(request, request.params.accountId, null),
  );

  api.post(
    '/v1/risk/kill-switch',
    {
      config: { permission: 'risk:write' },
      schema: {
        tags: TAGS,
        summary: 'Engage (halt, reduce_only, cancel_all) or lift (off) a kill switch, firm-wide or for one account',
        body: KillSwitchBody,
        response: { 200: KillSwitchResponse },
      },
    },
    async (request) => {
      const who = actor(request);
      const caller = requireCaller(request, 'risk:write');
      const { scope, accountId, mode, reason } = request.body;
      if ((scope === 'account') !== (accountId !== undefined)) {
        throw orderError('ORDER_RISK_INVALID', scope === 'account' ? 'An account kill switch needs accountId' : 'A global kill switch takes no accountId');
      }
      const account = accountId === undefined ? null : (await context.accounts.resolve(caller, credentialsOf(request), accountId)).id;
      const outcome = await setKillSwitch(context, who, scope, account, mode, reason);
      request.log.warn({ scope, accountId: account, mode }, 'kill switch changed');
      return { killSwitch: killSwitchView(outcome.setting), cancelledParentOrderIds: outcome.cancelledParentOrderIds };
    },
  );

  api.get(
    '/v1/risk/kill-switch',
    {
      config: { permission: 'risk:read' },
      schema: { tags: TAGS, summary: 'Kill switches as last requested, with execution\'s answer', response: { 200: KillSwitchListResponse } },
    },
    async (request) => {
      requireCaller(request, 'risk:read');
      return { killSwitches: (await listRiskSettings(context.db, 'kill-switch')).map(killSwitchView) };
    },
  );

  api.get(
    '/v1/risk/audit',
    {
      config: { permission: 'risk:read' },
      schema: { tags: TAGS, summary: 'Every risk change (who, when, before, after), newest first', querystring: RiskAuditQuery, response: { 200: RiskAuditResponse } },
    },
    async (request) => {
      requireCaller(request, 'risk:read');
      const limit = Math.min(request.query.limit ?? 50, context.config.maxPageSize);
      let before: number | undefined;
      if (request.query.cursor !== undefined) {
        const decoded = decodeCursor(AUDIT_SCOPE, request.query.cursor);
        if (decoded === null) throw orderError('ORDER_CURSOR_INVALID', 'The cursor was not issued for this query');
        before = decoded;
      }
      const rows = await listRiskAudit(context.db, before, limit + 1);
      const entries = rows.slice(0, limit);
      return { entries, nextCursor: rows.length > limit ? encodeCursor(AUDIT_SCOPE, entries[entries.length - 1]!.id) : null };
    },
  );
}
