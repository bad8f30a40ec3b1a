// /v1/internal/accounts/{accountId}[/fills|/lot-disposals|/daily-valuations]: one account's
// booked history for other services — what reporting builds its trade, tax and performance
// reports from, so it never reads the portfolio's tables. Guarded like every internal route (the
// service token or an admin credential, access.ts); read only. Long histories are keyset pages
// (limit ≤ HISTORY_PAGE_MAX, `nextCursor` until the last page; store/history-store.ts).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type pg from 'pg';
import {
  AccountSchema,
  HistoryDisposalPageSchema,
  HistoryFillPageSchema,
  HistoryQuerySchema,
  HistoryValuationPageSchema,
  UuidSchema,
  instantMillis,
  type HistoryQuery,
} from '@kestrel/shared';
import { Type, type TSchema } from '@sinclair/typebox';
import { requireServiceCaller } from '../access.js';
import { decodeHistoryCursor, encodeHistoryCursor, type HistoryList } from '../domain/history-cursor.js';
import { portfolioError } from '../errors.js';
import { accountViews } from '../services/accounts.js';
import { findAccount } from '../store/accounts-store.js';
import { pageDailyValuations, pageDisposals, pageFills, type HistoryRange, type KeyedPage } from '../store/history-store.js';

const INTERNAL = { auth: 'optional', internal: true } as const;
const TAGS = ['portfolio-internal'];
const DEFAULT_LIMIT = 500;
const Params = Type.Object({ accountId: UuidSchema }, { additionalProperties: false });

/** The period and resume point of a query; 422 when reversed, outside the supported instants or a foreign cursor. */
function rangeOf(list: HistoryList, query: HistoryQuery): HistoryRange {
  const from = instantMillis(query.from);
  const to = instantMillis(query.to);
  if (from === null || to === null) throw portfolioError('PORTFOLIO_INVALID_RANGE', '`from` and `to` must lie within 0001-01-01T00:00:00Z … 9999-12-31T23:59:59.999Z');
  if (from > to) throw portfolioError('PORTFOLIO_INVALID_RANGE', '`from` must not be after `to`');
  let after: string[] | null = null;
  if (query.cursor !== undefined) {
    after = decodeHistoryCursor(list, query.cursor);
    if (after === null) throw portfolioError('PORTFOLIO_CURSOR_INVALID', `The cursor was not issued for the ${list} of an account`);
  }
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString(), limit: query.limit ?? DEFAULT_LIMIT, after };
}

const next = (list: HistoryList, page: KeyedPage<unknown>): string | null => (page.lastKey === null ? null : encodeHistoryCursor(list, page.lastKey));

/** Reads one page of an account's `Row`s. */
type PageReader<Row> = (db: pg.Pool, accountId: string, range: HistoryRange) => Promise<KeyedPage<Row>>;

/** One paged list: `list` tags its cursors and names the answer's field holding the rows. */
interface HistoryRoute {
  list: HistoryList;
  path: string;
  summary: string;
  response: TSchema;
  read: PageReader<unknown>;
}

/**
 * A table row, checked at compile time as the type provider checked a handler written out:
 * `response` answers `read`'s rows under the list's name, beside `nextCursor`.
 */
function historyRoute<L extends HistoryList, Row>(
  route: HistoryRoute & { list: L; response: { static: { [K in L]: Row[] } & { nextCursor: string | null } }; read: PageReader<Row> },
): HistoryRoute {
  return route;
}

const HISTORY_ROUTES: readonly HistoryRoute[] = [
  historyRoute({
    list: 'fills',
    path: '/v1/internal/accounts/:accountId/fills',
    summary: 'Fills executed in [from, to), oldest first, a page at a time',
    response: HistoryFillPageSchema,
    read: pageFills,
  }),
  historyRoute({
    list: 'disposals',
    path: '/v1/internal/accounts/:accountId/lot-disposals',
    summary: 'What each fill executed in [from, to) relieved from each tax lot, in execution order, a page at a time',
    response: HistoryDisposalPageSchema,
    read: pageDisposals,
  }),
  historyRoute({
    list: 'valuations',
    path: '/v1/internal/accounts/:accountId/daily-valuations',
    summary: 'The last valuation of each UTC day in [from, to), after the last one before `from`, a page at a time',
    response: HistoryValuationPageSchema,
    read: pageDailyValuations,
  }),
];

/** Registers the internal history routes. */
export async function historyRoutes(app: FastifyInstance, options: { db: pg.Pool; serviceToken: string | undefined }): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { db, serviceToken } = options;
  api.addHook('onRequest', async (request) => requireServiceCaller(request, serviceToken));

  api.get(
    '/v1/internal/accounts/:accountId',
    {
      config: INTERNAL,
      schema: { tags: TAGS, summary: 'One account (any owner) with balances and valuation', params: Params, response: { 200: AccountSchema } },
    },
    async (request) => {
      const account = await findAccount(db, request.params.accountId);
      if (!account) throw portfolioError('PORTFOLIO_ACCOUNT_NOT_FOUND', 'No such account');
      const [view] = await accountViews(db, [account]);
      return view!;
    },
  );

  for (const route of HISTORY_ROUTES) {
    api.get(
      route.path,
      {
        config: INTERNAL,
        schema: { tags: TAGS, summary: route.summary, params: Params, querystring: HistoryQuerySchema, response: { 200: route.response } },
      },
      async (request) => {
        const page = await route.read(db, request.params.accountId, rangeOf(route.list, request.query));
        return { [route.list]: page.rows, nextCursor: next(route.list, page) };
      },
    );
  }
}
