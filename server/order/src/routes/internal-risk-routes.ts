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
// requested, before execution confirmed it (`applied` of GET /v1/risk/*); the settings are read
// with the store's per-kind listing (risk-store.ts has no read by target), so a read costs one row
// per account with an override or a kill-switch record — a point read belongs in risk-store.ts.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type pg from 'pg';
import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { KILL_SWITCH_MODES, RiskLimitsSchema, literalUnion, type KillSwitchMode, type RiskLimits } from '@kestrel/shared';
import { KestrelError, defineErrors } from '@kestrel/server-common';
import { listRiskSettings, type RiskSetting } from '../store/risk-store.js';
import { InternalRiskSettingsQuery, InternalRiskSettingsResponse } from './schemas.js';

/** Header carrying the order service token. */
const SERVICE_TOKEN_HEADER = 'x-kestrel-service-token';

// Defined here rather than in errors.ts while the integrator rewrites the service's core files;
// the registry (and docs/errors.md) sees it the same way.
const InternalErrors = defineErrors({
  ORDER_SERVICE_TOKEN_INVALID: {
    status: 401,
    description: "An order service internal route was called without a valid service token (`x-kestrel-service-token`, the order's `serviceToken`) or an admin credential.",
  },
});

const INTERNAL = { auth: 'optional', internal: true } as const;
const KillValue = Type.Object({ mode: literalUnion(KILL_SWITCH_MODES) });

/** Refuses the request unless it carries the order service token or comes from an admin principal. */
function requireServiceCaller(request: FastifyRequest, serviceToken: string | undefined): void {
  const sent = request.headers[SERVICE_TOKEN_HEADER];
  if (serviceToken !== undefined && typeof sent === 'string') {
    const expected = Buffer.from(serviceToken);
    const given = Buffer.from(sent);
    if (given.length === expected.length && timingSafeEqual(given, expected)) return;
  }
  const principal = (request as unknown as { principal?: { permissions: ReadonlySet<string> } | null }).principal;
  if (principal?.permissions.has('system:admin')) return;
  throw new KestrelError(InternalErrors.ORDER_SERVICE_TOKEN_INVALID, 'This internal route needs the order service token or an admin credential');
}

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
      const [limits, kills] = await Promise.all([listRiskSettings(db, 'limits'), listRiskSettings(db, 'kill-switch')]);
      const own = limitsOf(limits, `limits:account:${accountId}`);
      const fallback = own === null ? limitsOf(limits, 'limits:default') : null;
      return {
        accountId,
        limits: own ?? fallback,
        limitsSource: own !== null ? ('account' as const) : fallback !== null ? ('default' as const) : null,
        accountKill: killOf(kills, `kill:account:${accountId}`),
        globalKill: killOf(kills, 'kill:global'),
      };
    },
  );
}
