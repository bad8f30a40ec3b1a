// The order-service operations the simulation service uses: on the caller's behalf, cancelling an
// archived paper account's open orders and reading the risk limits a scenario is checked against
// (GET /v1/risk/limits needs risk:read; a caller without it gets null and the scenario says so);
// with the order service token, the limits and kill switches that apply to a paper account's
// replay orders (GET /v1/internal/risk-settings). Invariant: riskSettings never answers "no limits"
// for a failure — any unusable answer is SIMULATION_RISK_UNAVAILABLE, so replay orders stop.
import { Value } from '@sinclair/typebox/value';
import { Type } from '@sinclair/typebox';
import { KILL_SWITCH_MODES, RiskLimitsSchema, literalUnion, type RiskLimits } from '@kestrel/shared';
import type { Credentials } from '../access.js';
import type { AccountRiskSettings } from '../domain/engine-risk.js';
import { simulationError } from '../errors.js';
import { errorCodeOf, unexpected, type Transport, type UpstreamAnswer } from './upstream.js';

const SERVICE = 'order';
const SERVICE_TOKEN_HEADER = 'x-kestrel-service-token';
const KillModeSchema = literalUnion(KILL_SWITCH_MODES);
const RiskSettingsAnswer = Type.Object({
  accountId: Type.String(),
  limits: Type.Union([RiskLimitsSchema, Type.Null()]),
  limitsSource: Type.Union([Type.Literal('account'), Type.Literal('default'), Type.Null()]),
  accountKill: KillModeSchema,
  globalKill: KillModeSchema,
});
const LimitsAnswer = Type.Object({
  limits: Type.Array(Type.Object({ scope: Type.String(), accountId: Type.Union([Type.String(), Type.Null()]), limits: Type.Union([RiskLimitsSchema, Type.Null()]) })),
});

/** The risk limits that apply to one account: its own override, else the default. */
export interface AccountLimits {
  source: 'account' | 'default';
  limits: RiskLimits;
}

/** The order service over a transport. */
export class OrderClient {
  readonly #transport: Transport;
  readonly #token: Record<string, string> | null;

  /** `serviceToken`: the order service's, for its internal routes (absent: they are refused). */
  constructor(transport: Transport, serviceToken?: string) {
    this.#transport = transport;
    this.#token = serviceToken === undefined ? null : { [SERVICE_TOKEN_HEADER]: serviceToken };
  }

  /** The risk settings that apply to the account's orders; SIMULATION_RISK_UNAVAILABLE if they cannot be read. */
  async riskSettings(accountId: string): Promise<AccountRiskSettings> {
    const refused = (reason: string, details: Record<string, unknown> = {}) =>
      simulationError('SIMULATION_RISK_UNAVAILABLE', `The order service did not tell the account's risk settings: ${reason}`, { service: SERVICE, ...details });
    if (this.#token === null) throw refused('no order service token is configured (KESTREL_SIMULATION_ORDER_SERVICE_TOKEN or KESTREL_ORDER_SERVICE_TOKEN)');
    let answer: UpstreamAnswer;
    try {
      answer = await this.#transport({ method: 'GET', path: `/v1/internal/risk-settings?accountId=${encodeURIComponent(accountId)}`, headers: this.#token });
    } catch (error) {
      throw refused('it did not answer', { reason: (error as Error).message });
    }
    if (answer.status !== 200) throw refused(`it answered ${answer.status}`, { status: answer.status, code: errorCodeOf(answer) });
    if (!Value.Check(RiskSettingsAnswer, answer.body)) throw refused('its answer is malformed');
    const { limits, accountKill, globalKill } = answer.body;
    return { limits, accountKill, globalKill };
  }

  /** Cancels every open order of the account; returns how many were asked to cancel. */
  async cancelAll(credentials: Credentials, accountId: string): Promise<number> {
    const answer = await this.#transport({ method: 'DELETE', path: `/v1/orders?accountId=${accountId}`, headers: credentials });
    if (answer.status !== 202) throw unexpected(SERVICE, 'cancel-all', answer);
    return ((answer.body as { orderIds?: unknown[] }).orderIds ?? []).length;
  }

  /** The limits of one account, or null when the caller may not read risk limits or none are set. */
  async accountLimits(credentials: Credentials, accountId: string): Promise<AccountLimits | null> {
    const answer = await this.#transport({ method: 'GET', path: '/v1/risk/limits', headers: credentials });
    if (answer.status === 403) return null;
    if (answer.status !== 200) throw unexpected(SERVICE, 'a risk-limits read', answer);
    if (!Value.Check(LimitsAnswer, answer.body)) throw simulationError('SIMULATION_UPSTREAM_UNAVAILABLE', 'the order service sent malformed limits', { service: SERVICE });
    const rows = (answer.body as { limits: { scope: string; accountId: string | null; limits: RiskLimits | null }[] }).limits;
    const own = rows.find((row) => row.scope === 'account' && row.accountId === accountId && row.limits !== null);
    if (own) return { source: 'account', limits: own.limits! };
    const fallback = rows.find((row) => row.scope === 'default' && row.limits !== null);
    return fallback ? { source: 'default', limits: fallback.limits! } : null;
  }
}
