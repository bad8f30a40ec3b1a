// How reporting reads an account's booked history: the portfolio's internal routes
// (GET /v1/internal/accounts/{id}[/fills|/lot-disposals|/daily-valuations]) with the portfolio's
// service token, never its tables. Over the network in the suite shape (a configured base URL),
// or in the embedded shape through Fastify's inject() on this process's own server (same routes,
// no socket). Long histories are read page by page (HISTORY_PAGE_MAX rows) up to what the caller
// asks for. Invariants: every call is bounded in time; an answer is used only when it has the
// expected status and matches the shared schema — anything else (down, timeout, 5xx, a refused
// token, a malformed body) is REPORT_UPSTREAM_UNAVAILABLE; an unknown account is null.
import type { FastifyInstance } from 'fastify';
import { Value } from '@sinclair/typebox/value';
import type { Static, TSchema } from '@sinclair/typebox';
import { AccountSchema, HISTORY_PAGE_MAX, HistoryDisposalPageSchema, HistoryFillPageSchema, HistoryValuationPageSchema } from '@kestrel/shared';
import type { AccountInfo, DisposalRow, FillRow, ValuationRow } from '../domain/portfolio-rows.js';
import { reportError } from '../errors.js';

const SERVICE_TOKEN_HEADER = 'x-kestrel-service-token';

/** A status and its body text. */
interface Answer {
  status: number;
  body: string;
}

/** Sends one GET. */
export type Transport = (path: string, headers: Record<string, string>) => Promise<Answer>;

const unavailable = (what: string, details: Record<string, unknown> = {}) =>
  reportError('REPORT_UPSTREAM_UNAVAILABLE', `The portfolio did not answer ${what} usefully; retry later`, { service: 'portfolio', ...details });

/** Over the network with fetch. */
export function httpTransport(baseUrl: string, timeoutMs: number): Transport {
  const base = baseUrl.replace(/\/+$/, '');
  return async (path, headers) => {
    try {
      const response = await fetch(`${base}${path}`, { headers, signal: AbortSignal.timeout(timeoutMs) });
      return { status: response.status, body: await response.text() };
    } catch (error) {
      throw unavailable(`GET ${path.split('?')[0]}`, { reason: (error as Error).message });
    }
  };
}

/** In this process, through the server's own router (the embedded shape). */
export function injectTransport(app: FastifyInstance, timeoutMs: number): Transport {
  return async (path, headers) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(unavailable(`GET ${path.split('?')[0]}`, { reason: 'timeout' })), timeoutMs);
      timer.unref();
    });
    try {
      const response = await Promise.race([app.inject({ method: 'GET', url: path, headers }), timeout]);
      return { status: response.statusCode, body: response.body };
    } finally {
      clearTimeout(timer);
    }
  };
}

function parsed<S extends TSchema>(schema: S, answer: Answer, what: string): Static<S> {
  let body: unknown;
  try {
    body = JSON.parse(answer.body);
  } catch {
    body = undefined;
  }
  if (answer.status !== 200 || !Value.Check(schema, body)) throw unavailable(what, { status: answer.status });
  return body as Static<S>;
}

/** The portfolio's account history over a transport. */
export class PortfolioClient {
  readonly #transport: Transport;
  readonly #headers: Record<string, string>;

  constructor(transport: Transport, serviceToken: string | undefined) {
    this.#transport = transport;
    this.#headers = serviceToken === undefined ? {} : { [SERVICE_TOKEN_HEADER]: serviceToken };
  }

  /** The account, or null when there is none. */
  async account(accountId: string): Promise<AccountInfo | null> {
    const answer = await this.#transport(`/v1/internal/accounts/${encodeURIComponent(accountId)}`, this.#headers);
    if (answer.status === 404) return null;
    const account = parsed(AccountSchema, answer, 'an account read');
    return { id: account.id, ownerUserId: account.ownerUserId, name: account.name, currency: account.currency, lotMethod: account.lotMethod };
  }

  /** Every page of one list in [from, to) until `max` rows are read or the list ends. */
  async #pages<R>(list: string, schema: TSchema, rowsOf: (page: never) => R[], accountId: string, from: Date, to: Date, max: number): Promise<R[]> {
    const rows: R[] = [];
    let cursor: string | null = null;
    do {
      const query = new URLSearchParams({ from: from.toISOString(), to: to.toISOString(), limit: String(Math.min(HISTORY_PAGE_MAX, Math.max(1, max - rows.length))) });
      if (cursor !== null) query.set('cursor', cursor);
      const page = parsed(schema, await this.#transport(`/v1/internal/accounts/${encodeURIComponent(accountId)}/${list}?${query}`, this.#headers), `a ${list} read`);
      rows.push(...rowsOf(page as never));
      cursor = (page as { nextCursor: string | null }).nextCursor;
    } while (cursor !== null && rows.length < max);
    return rows;
  }

  /** Fills executed in [from, to), oldest first, at most `limit`. */
  async fills(accountId: string, from: Date, to: Date, limit: number): Promise<FillRow[]> {
    const rowsOf = (page: Static<typeof HistoryFillPageSchema>): FillRow[] => page.fills.map((fill) => ({ ...fill, executedAt: new Date(fill.executedAt) }));
    return this.#pages('fills', HistoryFillPageSchema, rowsOf, accountId, from, to, limit);
  }

  /** Lot disposals by fills executed in [from, to), in execution order, at most `limit`. */
  async disposals(accountId: string, from: Date, to: Date, limit: number): Promise<DisposalRow[]> {
    const rowsOf = (page: Static<typeof HistoryDisposalPageSchema>): DisposalRow[] =>
      page.disposals.map((row) => ({ ...row, openedAt: new Date(row.openedAt), closedAt: new Date(row.closedAt) }));
    return this.#pages('lot-disposals', HistoryDisposalPageSchema, rowsOf, accountId, from, to, limit);
  }

  /** The last valuation before `from`, then the last of each UTC day in [from, to) that has one, at most `limit`. */
  async dailyValuations(accountId: string, from: Date, to: Date, limit: number): Promise<ValuationRow[]> {
    const rowsOf = (page: Static<typeof HistoryValuationPageSchema>): ValuationRow[] => page.valuations.map((row) => ({ ...row, at: new Date(row.at) }));
    return this.#pages('daily-valuations', HistoryValuationPageSchema, rowsOf, accountId, from, to, limit);
  }
}
