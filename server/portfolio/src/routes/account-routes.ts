// /v1/accounts: list and read accounts (owner, or risk/admin), open one, fund one (admin).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type pg from 'pg';
import { AccountSchema } from '@kestrel/shared';
import { requireCaller, seesAllAccounts, visibleAccount } from '../access.js';
import { portfolioError } from '../errors.js';
import { accountViews, depositCash, listAccountViews, openAccount } from '../services/accounts.js';
import { AccountIdParams, AccountListResponse, DepositBody, DepositResponse, ListAccountsQuery, OpenAccountBody } from './schemas.js';

const OWNED = { resource: 'portfolio-account', param: 'id' } as const;

/** Registers the account routes. */
export async function accountRoutes(app: FastifyInstance, options: { db: pg.Pool }): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = options;

  api.get(
    '/v1/accounts',
    {
      config: { permission: 'trading:read' },
      schema: { tags: ['portfolio'], summary: 'Accounts of the caller (risk/admin: of any owner)', querystring: ListAccountsQuery, response: { 200: AccountListResponse } },
    },
    async (request) => {
      const caller = requireCaller(request, 'trading:read');
      const owner = request.query.ownerUserId;
      if (owner !== undefined && owner !== caller.userId && !seesAllAccounts(caller)) {
        throw portfolioError('PORTFOLIO_FORBIDDEN', 'Only risk and admin users may list other owners\' accounts');
      }
      return { accounts: await listAccountViews(db, owner === 'all' ? null : (owner ?? caller.userId)) };
    },
  );

  api.post(
    '/v1/accounts',
    {
      config: { permission: 'trading:write' },
      schema: { tags: ['portfolio'], summary: 'Open an account (cash for traders; margin, custom policy or another owner: admin)', body: OpenAccountBody, response: { 201: AccountSchema } },
    },
    async (request, reply) => {
      const caller = requireCaller(request, 'trading:write');
      const body = request.body;
      const admin = caller.permissions.has('system:admin');
      const owner = body.ownerUserId ?? caller.userId;
      if (!admin && (owner !== caller.userId || body.type !== 'cash' || body.marginPolicy !== undefined)) {
        throw portfolioError('PORTFOLIO_OWNER_NOT_ALLOWED', 'Only an admin may open margin accounts, set a margin policy or open accounts for others');
      }
      const account = await openAccount(db, {
        ownerUserId: owner,
        name: body.name,
        currency: body.currency,
        type: body.type,
        lotMethod: body.lotMethod,
        marginPolicy: body.marginPolicy,
      });
      request.log.info({ accountId: account.id, ownerUserId: owner }, 'account opened');
      return reply.code(201).send(account);
    },
  );

  api.get(
    '/v1/accounts/:id',
    {
      config: { permission: 'trading:read', ownership: OWNED },
      schema: { tags: ['portfolio'], summary: 'One account with balances, valuation and buying power', params: AccountIdParams, response: { 200: AccountSchema } },
    },
    async (request) => {
      const caller = requireCaller(request, 'trading:read');
      const account = await visibleAccount(db, caller, request.params.id);
      const [view] = await accountViews(db, [account]);
      return view!;
    },
  );

  api.post(
    '/v1/accounts/:id/deposits',
    {
      config: { permission: 'system:admin', ownership: OWNED },
      schema: {
        tags: ['portfolio'],
        summary: 'Fund an account (admin); idempotent by reference',
        params: AccountIdParams,
        body: DepositBody,
        response: { 200: DepositResponse, 201: DepositResponse },
      },
    },
    async (request, reply) => {
      const caller = requireCaller(request, 'system:admin');
      const result = await depositCash(db, {
        accountId: request.params.id,
        amountMinor: request.body.amountMinor,
        reference: request.body.reference,
        createdBy: caller.userId,
      });
      if (result.created) request.log.info({ accountId: request.params.id, amountMinor: request.body.amountMinor, by: caller.userId }, 'account funded');
      return reply.code(result.created ? 201 : 200).send({ deposit: result.deposit, account: result.account });
    },
  );
}
