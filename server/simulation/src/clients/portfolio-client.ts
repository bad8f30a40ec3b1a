// The portfolio operations the simulation service uses. User-facing reads and the opening of a
// paper account forward the caller's credentials (the portfolio's ownership rules apply); funding,
// archiving, buying-power checks and the instruments/marks of replay symbols are internal routes
// carrying the portfolio's service token. Answers are checked against the shared schemas.
import { Value } from '@sinclair/typebox/value';
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import {
  AccountSchema,
  BuyingPowerCheckResultSchema,
  PnlPointSchema,
  PositionSchema,
  type Account,
  type BuyingPowerCheckRequest,
  type BuyingPowerCheckResult,
  type Instrument,
  type PnlPoint,
  type Position,
} from '@kestrel/shared';
import type { Credentials } from '../access.js';
import { simulationError } from '../errors.js';
import { errorCodeOf, unexpected, type Transport, type UpstreamAnswer } from './upstream.js';

const SERVICE = 'portfolio';
const SERVICE_TOKEN_HEADER = 'x-kestrel-service-token';
const PositionsAnswer = Type.Object({ positions: Type.Array(PositionSchema) });
const PnlAnswer = Type.Object({ current: PnlPointSchema, points: Type.Array(PnlPointSchema) });
const DepositAnswer = Type.Object({ account: AccountSchema });

function checked<S extends TSchema>(schema: S, answer: UpstreamAnswer, what: string): Static<S> {
  if (!Value.Check(schema, answer.body)) {
    throw simulationError('SIMULATION_UPSTREAM_UNAVAILABLE', `the portfolio sent a malformed ${what}`, { service: SERVICE });
  }
  return answer.body as Static<S>;
}

/** The portfolio over a transport. */
export class PortfolioClient {
  readonly #transport: Transport;
  readonly #token: Record<string, string>;

  constructor(transport: Transport, serviceToken: string | undefined) {
    this.#transport = transport;
    this.#token = serviceToken === undefined ? {} : { [SERVICE_TOKEN_HEADER]: serviceToken };
  }

  /** Opens a cash account owned by the caller. */
  async openAccount(credentials: Credentials, request: { name: string; currency: string }): Promise<Account> {
    const answer = await this.#transport({ method: 'POST', path: '/v1/accounts', headers: credentials, body: { ...request, type: 'cash' } });
    if (answer.status !== 201) throw unexpected(SERVICE, 'opening an account', answer);
    return checked(AccountSchema, answer, 'account');
  }

  /** The account as the caller sees it, or null when the caller may not see it. */
  async account(credentials: Credentials, accountId: string): Promise<Account | null> {
    const answer = await this.#transport({ method: 'GET', path: `/v1/accounts/${accountId}`, headers: credentials });
    if (answer.status === 404) return null;
    if (answer.status !== 200) throw unexpected(SERVICE, 'an account lookup', answer);
    return checked(AccountSchema, answer, 'account');
  }

  /** Credits cash once per reference (internal route). */
  async deposit(accountId: string, request: { amountMinor: number; reference: string; createdBy: string }): Promise<Account> {
    const answer = await this.#transport({ method: 'POST', path: '/v1/internal/account-deposits', headers: this.#token, body: { accountId, ...request } });
    if (answer.status !== 200 && answer.status !== 201) throw unexpected(SERVICE, 'a deposit', answer);
    return checked(DepositAnswer, answer, 'deposit answer').account;
  }

  /** Closes an account: no new orders, history kept (internal route). */
  async closeAccount(accountId: string): Promise<Account> {
    const answer = await this.#transport({ method: 'POST', path: '/v1/internal/account-closures', headers: this.#token, body: { accountId } });
    if (answer.status !== 200) throw unexpected(SERVICE, 'closing an account', answer);
    return checked(AccountSchema, answer, 'account');
  }

  /** The account's open positions as the caller sees them. */
  async positions(credentials: Credentials, accountId: string): Promise<Position[]> {
    const answer = await this.#transport({ method: 'GET', path: `/v1/positions?accountId=${accountId}`, headers: credentials });
    if (answer.status !== 200) throw unexpected(SERVICE, 'a positions read', answer);
    return checked(PositionsAnswer, answer, 'positions answer').positions;
  }

  /** The P&L series of [from, to) per interval bucket, plus the current point. */
  async pnl(credentials: Credentials, accountId: string, range: { from: string; to: string; interval: string }): Promise<{ current: PnlPoint; points: PnlPoint[] }> {
    const query = new URLSearchParams({ accountId, ...range });
    const answer = await this.#transport({ method: 'GET', path: `/v1/pnl?${query.toString()}`, headers: credentials });
    if (answer.status === 422) throw simulationError('SIMULATION_RANGE_INVALID', 'the portfolio refused the P&L range', { code: errorCodeOf(answer) });
    if (answer.status !== 200) throw unexpected(SERVICE, 'a P&L read', answer);
    return checked(PnlAnswer, answer, 'P&L answer');
  }

  /** Checks and reserves buying power (internal route; idempotent by order id). */
  async checkBuyingPower(request: BuyingPowerCheckRequest): Promise<BuyingPowerCheckResult> {
    const answer = await this.#transport({ method: 'POST', path: '/v1/internal/buying-power-check', headers: this.#token, body: request });
    if (answer.status !== 200) throw unexpected(SERVICE, 'a buying-power check', answer);
    return checked(BuyingPowerCheckResultSchema, answer, 'buying-power answer');
  }

  /** Releases what is left of an order's reservation (internal route). */
  async release(orderId: string): Promise<void> {
    const answer = await this.#transport({ method: 'POST', path: '/v1/internal/reservations/release', headers: this.#token, body: { orderId } });
    if (answer.status !== 200) throw unexpected(SERVICE, 'a reservation release', answer);
  }

  /** Defines (or redefines) an instrument in the portfolio (internal route). */
  async putInstrument(instrument: Instrument): Promise<void> {
    const answer = await this.#transport({ method: 'PUT', path: '/v1/internal/instruments', headers: this.#token, body: { instruments: [instrument] } });
    if (answer.status !== 200) throw unexpected(SERVICE, 'an instrument upsert', answer);
  }

  /** Records last trade prices, re-valuing holders (internal route). */
  async putMarks(marks: readonly { symbol: string; priceTicks: number; asOf: string }[]): Promise<void> {
    const answer = await this.#transport({ method: 'PUT', path: '/v1/internal/marks', headers: this.#token, body: { marks } });
    if (answer.status !== 200) throw unexpected(SERVICE, 'a marks update', answer);
  }
}
