// Account use cases: open an account, list and read them with their valuation, fund them.
// Funding is idempotent by (account, reference); a deposit locks the account, so it serialises
// with fills and reservations, and records a P&L snapshot (net deposits change, P&L does not).
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { DEFAULT_MARGIN_POLICIES, isCurrencyCode, type Account, type AccountType, type LotMethod, type MarginPolicy } from '@kestrel/shared';
import { withTransaction } from '@kestrel/server-common';
import { portfolioError } from '../errors.js';
import { applyBalanceChange, insertAccount, listAccounts, lockAccount, markAccountClosed, type AccountRecord } from '../store/accounts-store.js';
import { findDeposit, insertDeposit, type Deposit } from '../store/deposits-store.js';
import type { Queryable } from '../store/queryable.js';
import { insertSnapshot } from '../store/snapshots-store.js';
import { accountView, loadAccountState, snapshotOf } from './account-state.js';

/** What opening an account needs. */
export interface OpenAccount {
  ownerUserId: string;
  name: string;
  currency: string;
  type: AccountType;
  lotMethod?: LotMethod;
  marginPolicy?: MarginPolicy;
}

/** Opens an account with zero cash; the margin policy defaults to the type's. */
export async function openAccount(pool: pg.Pool, request: OpenAccount): Promise<Account> {
  if (!isCurrencyCode(request.currency)) throw portfolioError('PORTFOLIO_CURRENCY_UNSUPPORTED', `currency ${request.currency} is not supported`);
  const record = await insertAccount(pool, {
    id: randomUUID(),
    ownerUserId: request.ownerUserId,
    name: request.name,
    currency: request.currency,
    type: request.type,
    lotMethod: request.lotMethod ?? 'fifo',
    marginPolicy: request.marginPolicy ?? DEFAULT_MARGIN_POLICIES[request.type],
  });
  return accountView(await loadAccountState(pool, record));
}

/** Views of several accounts. */
export async function accountViews(db: Queryable, records: readonly AccountRecord[]): Promise<Account[]> {
  const views: Account[] = [];
  for (const record of records) views.push(accountView(await loadAccountState(db, record)));
  return views;
}

/** Accounts of `ownerUserId` (every account when null), valued. */
export async function listAccountViews(db: Queryable, ownerUserId: string | null): Promise<Account[]> {
  return accountViews(db, await listAccounts(db, ownerUserId));
}

/** The outcome of a funding request. */
export interface DepositResult {
  deposit: Deposit;
  account: Account;
  /** False when the reference had already been used with the same amount (nothing changed). */
  created: boolean;
}

/** Credits `amountMinor` to the account once per reference. */
export async function depositCash(
  pool: pg.Pool,
  request: { accountId: string; amountMinor: number; reference: string; createdBy: string },
): Promise<DepositResult> {
  return withTransaction(pool, async (client) => {
    const account = await lockAccount(client, request.accountId);
    if (!account) throw portfolioError('PORTFOLIO_ACCOUNT_NOT_FOUND', 'No such account');
    const existing = await findDeposit(client, account.id, request.reference);
    if (existing) {
      if (existing.amountMinor !== request.amountMinor) {
        throw portfolioError('PORTFOLIO_DEPOSIT_CONFLICT', `reference ${request.reference} was used for ${existing.amountMinor} minor units`);
      }
      return { deposit: existing, account: accountView(await loadAccountState(client, account)), created: false };
    }
    if (account.status !== 'active') throw portfolioError('PORTFOLIO_ACCOUNT_NOT_ACTIVE', `account is ${account.status}`);
    const deposit = await insertDeposit(client, { id: randomUUID(), ...request });
    const updated = await applyBalanceChange(client, account.id, { cashMinor: request.amountMinor, netDepositsMinor: request.amountMinor });
    const state = await loadAccountState(client, updated);
    await insertSnapshot(client, snapshotOf(state, deposit.createdAt, 'deposit'));
    return { deposit, account: accountView(state), created: true };
  });
}

/**
 * Closes an account: the buying-power check refuses orders of a non-active account, so nothing new
 * trades on it, while its positions, fills and P&L stay readable (the simulation service's paper
 * reset archives an account this way). Closing a closed account changes nothing.
 */
export async function closeAccount(pool: pg.Pool, accountId: string): Promise<Account> {
  return withTransaction(pool, async (client) => {
    const account = await lockAccount(client, accountId);
    if (!account) throw portfolioError('PORTFOLIO_ACCOUNT_NOT_FOUND', 'No such account');
    const closed = account.status === 'closed' ? account : await markAccountClosed(client, account.id);
    return accountView(await loadAccountState(client, closed));
  });
}
