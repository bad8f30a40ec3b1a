// Paper-account use cases. A paper account is a real cash account of the portfolio service (so
// orders placed on it through POST /v1/orders meet the same order-service checks, buying power and
// engine risk manager as any account, and fill on the simulation venue's engine), registered here
// with its starting cash. Opening: the portfolio account is opened with the caller's credentials,
// registered (state opening), funded through the portfolio's internal deposit route with a
// reference derived from the paper account and generation (so a retry never funds twice), then
// marked active. Reset: the current account's open orders are cancelled and the account is closed
// in the portfolio (archived: positions, fills and P&L stay readable, nothing new trades), and a
// fresh account — a new generation — is opened and funded with the starting cash. Invariants: a
// step that fails leaves the paper account in state `opening`, which a reset completes; a user
// holds at most maxPaperAccounts paper accounts (checked under a per-owner advisory lock).
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { withTransaction } from '@kestrel/server-common';
import type { Account } from '@kestrel/shared';
import type { Caller, Credentials } from '../access.js';
import type { OrderClient } from '../clients/order-client.js';
import type { PortfolioClient } from '../clients/portfolio-client.js';
import { simulationError } from '../errors.js';
import {
  countPaperAccounts,
  findOwnedPaperAccount,
  insertPaperAccount,
  listGenerations,
  listPaperAccounts,
  markActive,
  rollOver,
  type GenerationRecord,
  type PaperAccountRecord,
} from '../store/paper-accounts-store.js';

/** What the use cases need. */
export interface PaperContext {
  db: pg.Pool;
  portfolio: PortfolioClient;
  orders: OrderClient;
  defaultCashMinor: number;
  maxPaperAccounts: number;
}

/** A paper account with its current portfolio account (null when the portfolio does not show it). */
export interface PaperAccountView {
  paper: PaperAccountRecord;
  account: Account | null;
  generations: GenerationRecord[];
}

async function view(context: PaperContext, credentials: Credentials, paper: PaperAccountRecord): Promise<PaperAccountView> {
  return { paper, account: await context.portfolio.account(credentials, paper.accountId), generations: await listGenerations(context.db, paper.id) };
}

/** The paper account, or SIMULATION_PAPER_ACCOUNT_NOT_FOUND. */
export async function ownedPaperAccount(context: PaperContext, caller: Caller, id: string): Promise<PaperAccountRecord> {
  const paper = await findOwnedPaperAccount(context.db, id, caller.userId);
  if (!paper) throw simulationError('SIMULATION_PAPER_ACCOUNT_NOT_FOUND', 'No such paper account');
  return paper;
}

async function fund(context: PaperContext, paper: PaperAccountRecord, createdBy: string): Promise<PaperAccountRecord> {
  await context.portfolio.deposit(paper.accountId, { amountMinor: paper.initialCashMinor, reference: `paper:${paper.id}:g${paper.generation}`, createdBy });
  return markActive(context.db, paper.id);
}

/** Opens and funds a paper account in one call. */
export async function openPaperAccount(
  context: PaperContext,
  caller: Caller,
  credentials: Credentials,
  request: { name?: string; currency?: string; initialCashMinor?: number },
): Promise<PaperAccountView> {
  const name = request.name ?? 'Paper account';
  const currency = request.currency ?? 'USD';
  const initialCashMinor = request.initialCashMinor ?? context.defaultCashMinor;
  if ((await countPaperAccounts(context.db, caller.userId)) >= context.maxPaperAccounts) {
    throw simulationError('SIMULATION_PAPER_ACCOUNT_LIMIT', `At most ${context.maxPaperAccounts} paper accounts per user`);
  }
  const account = await context.portfolio.openAccount(credentials, { name: `${name} (paper)`.slice(0, 100), currency });
  let paper: PaperAccountRecord;
  try {
    paper = await withTransaction(context.db, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`simulation-paper:${caller.userId}`]);
      if ((await countPaperAccounts(client, caller.userId)) >= context.maxPaperAccounts) {
        throw simulationError('SIMULATION_PAPER_ACCOUNT_LIMIT', `At most ${context.maxPaperAccounts} paper accounts per user`);
      }
      return insertPaperAccount(client, { id: randomUUID(), ownerUserId: caller.userId, name, currency, initialCashMinor, accountId: account.id });
    });
  } catch (error) {
    // Not registered (a concurrent opening reached the limit first): the empty account is closed, not left behind.
    await context.portfolio.closeAccount(account.id).catch(() => undefined);
    throw error;
  }
  return view(context, credentials, await fund(context, paper, caller.userId));
}

/** The caller's paper accounts. */
export async function listPaperAccountViews(context: PaperContext, caller: Caller, credentials: Credentials): Promise<PaperAccountView[]> {
  const views: PaperAccountView[] = [];
  for (const paper of await listPaperAccounts(context.db, caller.userId)) views.push(await view(context, credentials, paper));
  return views;
}

/** One of the caller's paper accounts. */
export async function paperAccountView(context: PaperContext, caller: Caller, credentials: Credentials, id: string): Promise<PaperAccountView> {
  return view(context, credentials, await ownedPaperAccount(context, caller, id));
}

/** Adds cash to the current account (idempotent by reference). */
export async function fundPaperAccount(
  context: PaperContext,
  caller: Caller,
  credentials: Credentials,
  id: string,
  request: { amountMinor: number; reference: string },
): Promise<PaperAccountView> {
  const paper = await ownedPaperAccount(context, caller, id);
  await context.portfolio.deposit(paper.accountId, { amountMinor: request.amountMinor, reference: `paper:${paper.id}:g${paper.generation}:${request.reference}`.slice(0, 128), createdBy: caller.userId });
  return view(context, credentials, paper);
}

/**
 * Archives the current account and starts a new generation with `initialCashMinor` (default: the
 * paper account's starting cash). A paper account still `opening` is only funded (completing a
 * creation that failed midway), not rolled over.
 */
export async function resetPaperAccount(
  context: PaperContext,
  caller: Caller,
  credentials: Credentials,
  id: string,
  request: { initialCashMinor?: number },
  beforeArchive: (paper: PaperAccountRecord) => Promise<void>,
): Promise<PaperAccountView> {
  const paper = await ownedPaperAccount(context, caller, id);
  if (paper.state === 'opening') return view(context, credentials, await fund(context, paper, caller.userId));
  await beforeArchive(paper);
  await context.orders.cancelAll(credentials, paper.accountId);
  await context.portfolio.closeAccount(paper.accountId);
  const account = await context.portfolio.openAccount(credentials, { name: `${paper.name} (paper)`.slice(0, 100), currency: paper.currency });
  const next = await withTransaction(context.db, async (client) => {
    const locked = await findOwnedPaperAccount(client, id, caller.userId, true);
    if (!locked) throw simulationError('SIMULATION_PAPER_ACCOUNT_NOT_FOUND', 'No such paper account');
    return rollOver(client, id, account.id, request.initialCashMinor ?? locked.initialCashMinor);
  });
  return view(context, credentials, await fund(context, next, caller.userId));
}
