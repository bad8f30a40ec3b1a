// Rows of portfolio_accounts. Invariant: balance changes go through lockAccount() first (SELECT
// ... FOR UPDATE), which serialises every change of one account (fills, deposits, reservations)
// and so also orders its outbox events.
import type { AccountStatus, AccountType, LotMethod, MarginPolicy } from '@kestrel/shared';
import { toIso, toSafeInt, type NamedStatement, type Queryable } from './queryable.js';

/** An account row. */
export interface AccountRecord {
  id: string;
  ownerUserId: string;
  name: string;
  currency: string;
  type: AccountType;
  status: AccountStatus;
  lotMethod: LotMethod;
  marginPolicy: MarginPolicy;
  cashMinor: number;
  netDepositsMinor: number;
  realisedPnlMinor: number;
  feesMinor: number;
  version: number;
  createdAt: string;
  updatedAt: string;
}

interface AccountRow {
  id: string;
  owner_user_id: string;
  name: string;
  currency: string;
  type: AccountType;
  status: AccountStatus;
  lot_method: LotMethod;
  long_margin_bps: number;
  short_margin_bps: number;
  allow_short_selling: boolean;
  cash_minor: string;
  net_deposits_minor: string;
  realised_pnl_minor: string;
  fees_minor: string;
  version: string;
  created_at: Date;
  updated_at: Date;
}

/** The columns AccountRow reads (listed: see queryable.ts). */
const COLUMNS = `id, owner_user_id, name, currency, type, status, lot_method, long_margin_bps, short_margin_bps, allow_short_selling,
  cash_minor, net_deposits_minor, realised_pnl_minor, fees_minor, version, created_at, updated_at`;

function toRecord(row: AccountRow): AccountRecord {
  return {
    id: row.id,
    ownerUserId: row.owner_user_id,
    name: row.name,
    currency: row.currency,
    type: row.type,
    status: row.status,
    lotMethod: row.lot_method,
    marginPolicy: { longMarginBps: row.long_margin_bps, shortMarginBps: row.short_margin_bps, allowShortSelling: row.allow_short_selling },
    cashMinor: toSafeInt(row.cash_minor, 'cash'),
    netDepositsMinor: toSafeInt(row.net_deposits_minor, 'net deposits'),
    realisedPnlMinor: toSafeInt(row.realised_pnl_minor, 'realised P&L'),
    feesMinor: toSafeInt(row.fees_minor, 'fees'),
    version: toSafeInt(row.version, 'version'),
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

/** Fields of a new account. */
export interface NewAccount {
  id: string;
  ownerUserId: string;
  name: string;
  currency: string;
  type: AccountType;
  lotMethod: LotMethod;
  marginPolicy: MarginPolicy;
}

/** Inserts an account with zero balances. */
export async function insertAccount(db: Queryable, account: NewAccount): Promise<AccountRecord> {
  const { rows } = await db.query<AccountRow>(
    `INSERT INTO portfolio_accounts (id, owner_user_id, name, currency, type, lot_method, long_margin_bps, short_margin_bps, allow_short_selling)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
    [
      account.id,
      account.ownerUserId,
      account.name,
      account.currency,
      account.type,
      account.lotMethod,
      account.marginPolicy.longMarginBps,
      account.marginPolicy.shortMarginBps,
      account.marginPolicy.allowShortSelling,
    ],
  );
  return toRecord(rows[0]!);
}

/** The account, or null. */
export async function findAccount(db: Queryable, id: string): Promise<AccountRecord | null> {
  const { rows } = await db.query<AccountRow>({ name: 'portfolio-find-account', text: `SELECT ${COLUMNS} FROM portfolio_accounts WHERE id = $1`, values: [id] });
  return rows[0] ? toRecord(rows[0]) : null;
}

/** The account, row-locked until the transaction ends; null when it does not exist. */
export async function lockAccount(db: Queryable, id: string): Promise<AccountRecord | null> {
  const { rows } = await db.query<AccountRow>({ name: 'portfolio-lock-account', text: `SELECT ${COLUMNS} FROM portfolio_accounts WHERE id = $1 FOR UPDATE`, values: [id] });
  return rows[0] ? toRecord(rows[0]) : null;
}

/** Several accounts, row-locked in id order in one statement (two such calls cannot deadlock); missing ids are absent. */
export async function lockAccounts(db: Queryable, ids: readonly string[]): Promise<Map<string, AccountRecord>> {
  return lockedAccounts(await db.query(lockAccountsStatement(ids)));
}

/** lockAccounts' statement, for sending with others. */
export function lockAccountsStatement(ids: readonly string[]): NamedStatement {
  return {
    name: 'portfolio-lock-accounts',
    text: `SELECT ${COLUMNS} FROM portfolio_accounts WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
    values: [ids],
  };
}

/** lockAccounts' answer from its statement's result. */
export function lockedAccounts(result: { rows: unknown[] }): Map<string, AccountRecord> {
  return new Map((result.rows as AccountRow[]).map((row) => [row.id, toRecord(row)]));
}

/**
 * Every account with an open position in one of `symbols`, row-locked until the transaction ends.
 * Locked in id order in one statement, so two such calls can never deadlock each other.
 */
export async function lockAccountsHolding(db: Queryable, symbols: readonly string[]): Promise<AccountRecord[]> {
  if (symbols.length === 0) return [];
  const { rows } = await db.query<AccountRow>(
    `SELECT * FROM portfolio_accounts WHERE id IN (
       SELECT account_id FROM portfolio_positions WHERE symbol = ANY($1::text[]) AND quantity_lots <> 0
     ) ORDER BY id FOR UPDATE`,
    [symbols],
  );
  return rows.map(toRecord);
}

/** Accounts of one owner, or every account when ownerUserId is null, oldest first. */
export async function listAccounts(db: Queryable, ownerUserId: string | null): Promise<AccountRecord[]> {
  const { rows } =
    ownerUserId === null
      ? await db.query<AccountRow>('SELECT * FROM portfolio_accounts ORDER BY created_at, id LIMIT 1000')
      : await db.query<AccountRow>('SELECT * FROM portfolio_accounts WHERE owner_user_id = $1 ORDER BY created_at, id', [ownerUserId]);
  return rows.map(toRecord);
}

/** Adds the deltas to the balances, bumps the version and returns the new row. */
export async function applyBalanceChange(
  db: Queryable,
  id: string,
  change: { cashMinor?: number; netDepositsMinor?: number; realisedPnlMinor?: number; feesMinor?: number },
): Promise<AccountRecord> {
  const { rows } = await db.query<AccountRow>(
    `UPDATE portfolio_accounts
     SET cash_minor = cash_minor + $2, net_deposits_minor = net_deposits_minor + $3,
         realised_pnl_minor = realised_pnl_minor + $4, fees_minor = fees_minor + $5,
         version = version + 1, updated_at = now()
     WHERE id = $1 RETURNING *`,
    [id, change.cashMinor ?? 0, change.netDepositsMinor ?? 0, change.realisedPnlMinor ?? 0, change.feesMinor ?? 0],
  );
  return toRecord(rows[0]!);
}

/** Sets the status to closed, bumps the version and returns the new row. */
export async function markAccountClosed(db: Queryable, id: string): Promise<AccountRecord> {
  const { rows } = await db.query<AccountRow>("UPDATE portfolio_accounts SET status = 'closed', version = version + 1, updated_at = now() WHERE id = $1 RETURNING *", [id]);
  return toRecord(rows[0]!);
}
