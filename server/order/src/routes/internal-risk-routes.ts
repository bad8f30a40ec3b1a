// /v1/internal/risk-settings: the risk desk's settings that apply to one account, for services that
// enforce them outside the live engine (the simulation's replay sessions), so they never read
// order_risk_settings themselves (each service owns its tables). What applies: the account's limits
// override else the default limits (`limits:account:<id>`, `limits:default`; firm-wide limits bound
// all accounts together and are not an account's), and the firm-wide and account kill switches
// (`kill:global`, `kill:account:<id>`; absent = off). Guarded by the order service token
// (x-kestrel-service-token, compared in constant time) or a `system:admin` principal; the gateway
// only verifies a credential if one is sent (auth: 'optional'), service calls carry the token.
// Invariants: a stored value that does not match its schema (written by an older version) counts
// as absent, like a cleared override; the account is not looked up (an unknown id gets the
// defaults, as a new account would). Known limits: what is returned is what the risk desk last
// requested, before execution confirmed it (`applied` of GET /v1/risk/*).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type pg from 'pg';
import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { KILL_SWITCH_MODES, RiskLimitsSchema, literalUnion, type KillSwitchMode, type RiskLimits } from '@kestrel/shared';
import { requireServiceCaller } from '../access.js';
import { findRiskSettings, type RiskSetting } from '../store/risk-store.js';
import { InternalRiskSettingsQuery, InternalRiskSettingsResponse } from './schemas.js';

const INTERNAL = { auth: 'optional', internal: true } as const;
const KillValue = Type.Object({ mode: literalUnion(KILL_SWITCH_MODES) });

/** The limits stored under `target`, or null when absent, cleared or malformed. */
function limitsOf(settings: readonly RiskSetting[], target: string): RiskLimits | null {
  const value = settings.find((setting) => setting.target === target)?.value ?? null;
  return value !== null && Value.Check(RiskLimitsSchema, value) ? value : null;
}

/** The mode of the kill switch stored under `target`; off when absent or malformed. */
function killOf(settings: readonly RiskSetting[], target: string): KillSwitchMode {
  const value = settings.find((setting) => setting.target === target)?.value;
  return Value.Check(KillValue, value) ? value.mode : 'off';
}

/** Registers the order service's internal routes. */
export async function internalRiskRoutes(app: FastifyInstance, options: { db: pg.Pool; serviceToken: string | undefined }): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { db, serviceToken } = options;
  api.addHook('onRequest', async (request) => requireServiceCaller(request, serviceToken));

  api.get(
    '/v1/internal/risk-settings',
    {
      config: INTERNAL,
      schema: {
        tags: ['order-internal'],
        summary: "The limits (the account's override, else the default) and kill switches that apply to one account",
        querystring: InternalRiskSettingsQuery,
        response: { 200: InternalRiskSettingsResponse },
      },
    },
    async (request) => {
      const { accountId } = request.query;
      const settings = await findRiskSettings(db, [`limits:account:${accountId}`, 'limits:default', `kill:account:${accountId}`, 'kill:global']);
      const own = limitsOf(settings, `limits:account:${accountId}`);
      const fallback = own === null ? limitsOf(settings, 'limits:default') : null;
      return {
        accountId,
        limits: own ?? fallback,
        limitsSource: own !== null ? ('account' as const) : fallback !== null ? ('default' as const) : null,
        accountKill: killOf(settings, `kill:account:${accountId}`),
        globalKill: killOf(settings, 'kill:global'),
      };
    },
  );
}
