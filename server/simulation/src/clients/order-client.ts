// The order-service operations the simulation service uses, on the caller's behalf: cancelling an
// archived paper account's open orders, and reading the risk limits a scenario is checked against
// (GET /v1/risk/limits needs risk:read; a caller without it gets null and the scenario says so).
import { Value } from '@sinclair/typebox/value';
import { Type } from '@sinclair/typebox';
import { RiskLimitsSchema, type RiskLimits } from '@kestrel/shared';
import type { Credentials } from '../access.js';
import { simulationError } from '../errors.js';
import { unexpected, type Transport } from './upstream.js';

const SERVICE = 'order';
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

  constructor(transport: Transport) {
    this.#transport = transport;
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
