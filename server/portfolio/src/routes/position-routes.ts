// /v1/positions: the caller's positions (one account, or all of the caller's accounts).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type pg from 'pg';
import type { Position } from '@kestrel/shared';
import { requireCaller, visibleAccount } from '../access.js';
import { loadAccountState, positionView } from '../services/account-state.js';
import { listAccounts } from '../store/accounts-store.js';
import { PositionsQuery, PositionsResponse } from './schemas.js';

/** Registers the position routes. */
export async function positionRoutes(app: FastifyInstance, options: { db: pg.Pool }): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = options;

  api.get(
    '/v1/positions',
    {
      config: { permission: 'trading:read' },
      schema: {
        tags: ['portfolio'],
        summary: 'Positions marked to the last trade price, optionally with their open tax lots',
        querystring: PositionsQuery,
        response: { 200: PositionsResponse },
      },
    },
    async (request) => {
      const caller = requireCaller(request, 'trading:read');
      const { accountId, includeLots = false, includeFlat = false } = request.query;
      const accounts = accountId === undefined ? await listAccounts(db, caller.userId) : [await visibleAccount(db, caller, accountId)];
      const positions: Position[] = [];
      for (const account of accounts) {
        const state = await loadAccountState(db, account);
        for (const entry of state.positions) {
          if (entry.position.quantityLots === 0 && !includeFlat) continue;
          positions.push(positionView(account.id, entry, includeLots));
        }
      }
      return { positions };
    },
  );
}
