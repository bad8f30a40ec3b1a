// Rows of portfolio_deposits. A deposit's (account, reference) is unique, which makes funding
// idempotent: repeating a request with the same reference finds the first deposit.
import { toIso, toSafeInt, type Queryable } from './queryable.js';

/** A recorded deposit. */
export interface Deposit {
  id: string;
  accountId: string;
  amountMinor: number;
  reference: string;
  createdBy: string;
  createdAt: string;
}

interface DepositRow {
  id: string;
  account_id: string;
  amount_minor: string;
  reference: string;
  created_by: string;
  created_at: Date;
}

function toDeposit(row: DepositRow): Deposit {
  return {
    id: row.id,
    accountId: row.account_id,
    amountMinor: toSafeInt(row.amount_minor, 'deposit'),
    reference: row.reference,
    createdBy: row.created_by,
    createdAt: toIso(row.created_at),
  };
}

/** The deposit with this reference on the account, or null. */
export async function findDeposit(db: Queryable, accountId: string, reference: string): Promise<Deposit | null> {
  const { rows } = await db.query<DepositRow>('SELECT * FROM portfolio_deposits WHERE account_id = $1 AND reference = $2', [accountId, reference]);
  return rows[0] ? toDeposit(rows[0]) : null;
}

/** Records a deposit. */
export async function insertDeposit(db: Queryable, deposit: Omit<Deposit, 'createdAt'>): Promise<Deposit> {
  const { rows } = await db.query<DepositRow>(
    'INSERT INTO portfolio_deposits (id, account_id, amount_minor, reference, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING *',
    [deposit.id, deposit.accountId, deposit.amountMinor, deposit.reference, deposit.createdBy],
  );
  return toDeposit(rows[0]!);
}
