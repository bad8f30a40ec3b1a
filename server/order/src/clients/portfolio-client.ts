// How the order service talks to the portfolio service: the account lookup behind ownership
// checks, the buying-power check and reservation release. Services never import each other, so
// this is HTTP — over the network in the suite shape (`order.portfolioUrl`), or in the embedded
// shape an in-process request through Fastify's inject() on this process's own server (same
// routes, same auth hooks, no socket). Buying-power checks are group-committed (GroupBatcher): the
// checks of orders placed together share one call and one portfolio transaction. Invariants: the
// account lookup forwards the CALLER's
// credential (so the portfolio's own ownership rule decides what the caller may see: owner, or
// risk/admin); internal routes carry the service token; every response is checked against its
// shared schema; a 4xx about the request itself is PortfolioRefused, anything else that is not a
// well-formed answer is PortfolioUnavailable — never a guess.
import type { FastifyInstance } from 'fastify';
import { GroupBatcher } from '@kestrel/server-common';
import {
  BuyingPowerCheckResultSchema,
  parseTrading,
  type AccountStatus,
  type BuyingPowerCheckRequest,
  type BuyingPowerCheckResult,
} from '@kestrel/shared';
import { Type, type Static, type TSchema } from '@sinclair/typebox';

/** The caller's credential headers, forwarded as sent. */
export interface ForwardedCredentials {
  authorization?: string;
  'x-api-key'?: string;
}

/** What the order service needs to know about an account. */
export interface AccountSummary {
  id: string;
  ownerUserId: string;
  status: AccountStatus;
  currency: string;
}

/** The portfolio did not give a usable answer (down, timing out, refusing the token, malformed body). */
export class PortfolioUnavailable extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PortfolioUnavailable';
  }
}

/** The portfolio refused the request itself (a 4xx with its error code): asking again cannot help. */
export class PortfolioRefused extends Error {
  readonly status: number;
  readonly code: string | null;

  constructor(status: number, code: string | null, path: string) {
    super(`portfolio refused ${path}: ${status}${code ? ` ${code}` : ''}`);
    this.name = 'PortfolioRefused';
    this.status = status;
    this.code = code;
  }
}

/** Statuses that say nothing about the request itself (credentials, throttling, timeouts). */
const TRANSIENT = new Set([401, 403, 408, 429]);

/** The portfolio operations the order service uses. */
export interface PortfolioClient {
  /** The account if the caller may see it, null when it does not exist or is someone else's. */
  account(credentials: ForwardedCredentials, accountId: string): Promise<AccountSummary | null>;
  /** Checks and reserves buying power for an order (idempotent by order id at the portfolio). */
  checkBuyingPower(request: BuyingPowerCheckRequest): Promise<BuyingPowerCheckResult>;
  /** Releases what is left of a reservation; returns the amount released. */
  releaseReservation(reservationId: string): Promise<number>;
}

/** One HTTP exchange. */
export interface TransportRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: unknown;
}

/** Sends one request and returns the status and parsed JSON body. */
export type Transport = (request: TransportRequest) => Promise<{ status: number; body: unknown }>;

/** Over the network with fetch, each call bounded by `timeoutMs`. */
export function httpTransport(baseUrl: string, timeoutMs: number): Transport {
  const base = baseUrl.replace(/\/+$/, '');
  return async (request) => {
    let response: Response;
    try {
      response = await fetch(`${base}${request.path}`, {
        method: request.method,
        headers: { ...request.headers, ...(request.body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new PortfolioUnavailable(`portfolio ${request.method} ${request.path} failed: ${(error as Error).message}`, { cause: error });
    }
    const text = await response.text();
    return { status: response.status, body: parseBody(text) };
  };
}

/** In this process, through the server's own router (the embedded shape). */
export function injectTransport(app: FastifyInstance, timeoutMs: number): Transport {
  return async (request) => {
    const response = await Promise.race([
      app.inject({
        method: request.method,
        url: request.path,
        headers: request.headers,
        ...(request.body === undefined ? {} : { payload: request.body as object }),
      }),
      new Promise<never>((_, reject) => setTimeout(() => reject(new PortfolioUnavailable(`portfolio ${request.path} timed out`)), timeoutMs).unref()),
    ]);
    return { status: response.statusCode, body: parseBody(response.body) };
  };
}

function parseBody(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

const AccountSummarySchema = Type.Object({
  id: Type.String(),
  ownerUserId: Type.String(),
  status: Type.Union([Type.Literal('active'), Type.Literal('restricted'), Type.Literal('closed')]),
  currency: Type.String(),
});

const ReleasedSchema = Type.Object({ releasedMinor: Type.Integer() });

const CheckAnswersSchema = Type.Object({
  outcomes: Type.Array(
    Type.Union([
      Type.Object({ result: BuyingPowerCheckResultSchema }),
      Type.Object({ error: Type.Object({ code: Type.String(), status: Type.Integer(), message: Type.String() }) }),
    ]),
  ),
});

const CHECKS_PATH = '/v1/internal/buying-power-checks';
/** Most checks in one call (the portfolio's limit is 1,000). */
const MAX_CHECKS_PER_CALL = 500;

/** One answer of a batch: a result, or the portfolio's refusal of that check alone. */
type CheckAnswer = { result: BuyingPowerCheckResult } | { error: { code: string; status: number; message: string } };

/** Header carrying the service token on internal routes. */
export const SERVICE_TOKEN_HEADER = 'x-kestrel-service-token';

/** The portfolio over a transport. */
export class HttpPortfolioClient implements PortfolioClient {
  readonly #transport: Transport;
  readonly #serviceToken: string | undefined;
  readonly #checks: GroupBatcher<BuyingPowerCheckRequest, CheckAnswer>;

  constructor(transport: Transport, serviceToken: string | undefined) {
    this.#transport = transport;
    this.#serviceToken = serviceToken;
    // Group commit: checks that arrive while earlier batches are at the portfolio go together
    // (one call, one portfolio transaction). The portfolio locks a batch's accounts in id order, so
    // two batches in flight cannot deadlock; a refused batch is re-sent check by check so one bad
    // check cannot refuse the others.
    this.#checks = new GroupBatcher(
      async (checks) => {
        const response = await this.#internal(CHECKS_PATH, { checks });
        return this.#parse(CheckAnswersSchema, response, 'buying-power answers').outcomes as CheckAnswer[];
      },
      { maxBatch: MAX_CHECKS_PER_CALL, maxInFlight: 2, retryAlone: (error) => error instanceof PortfolioRefused },
    );
  }

  async account(credentials: ForwardedCredentials, accountId: string): Promise<AccountSummary | null> {
    const headers: Record<string, string> = {};
    if (credentials.authorization) headers.authorization = credentials.authorization;
    if (credentials['x-api-key']) headers['x-api-key'] = credentials['x-api-key'];
    const response = await this.#transport({ method: 'GET', path: `/v1/accounts/${encodeURIComponent(accountId)}`, headers });
    if (response.status === 404) return null;
    if (response.status !== 200) throw new PortfolioUnavailable(`portfolio answered ${response.status} to an account lookup`);
    const account = this.#parse(AccountSummarySchema, response.body, 'account');
    return { id: account.id, ownerUserId: account.ownerUserId, status: account.status, currency: account.currency };
  }

  async checkBuyingPower(request: BuyingPowerCheckRequest): Promise<BuyingPowerCheckResult> {
    const answer = await this.#checks.submit(request);
    if ('error' in answer) throw new PortfolioRefused(answer.error.status, answer.error.code, CHECKS_PATH);
    return answer.result;
  }

  async releaseReservation(reservationId: string): Promise<number> {
    const response = await this.#internal('/v1/internal/reservations/release', { orderId: reservationId });
    return this.#parse(ReleasedSchema, response, 'release answer').releasedMinor;
  }

  async #internal(path: string, body: unknown): Promise<unknown> {
    const headers: Record<string, string> = this.#serviceToken === undefined ? {} : { [SERVICE_TOKEN_HEADER]: this.#serviceToken };
    const response = await this.#transport({ method: 'POST', path, headers, body });
    if (response.status !== 200) {
      const code = (response.body as { error?: { code?: string } } | null)?.error?.code ?? null;
      if (response.status >= 400 && response.status < 500 && !TRANSIENT.has(response.status)) throw new PortfolioRefused(response.status, code, path);
      throw new PortfolioUnavailable(`portfolio answered ${response.status}${code ? ` ${code}` : ''} on ${path}`);
    }
    return response.body;
  }

  #parse<S extends TSchema>(schema: S, value: unknown, what: string): Static<S> {
    try {
      return parseTrading(schema, value, what);
    } catch (error) {
      throw new PortfolioUnavailable(`the portfolio sent a malformed ${what}`, { cause: error });
    }
  }
}
