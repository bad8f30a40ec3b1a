// Rows of simulation_paper_accounts and simulation_paper_generations. Reads check that bigint
// money fits a JS safe integer (it always does: the schema bounds what is written).
import type pg from 'pg';

/** A paper account as stored. */
export interface PaperAccountRecord {
  id: string;
  ownerUserId: string;
  name: string;
  currency: string;
  initialCashMinor: number;
  accountId: string;
  generation: number;
  state: 'opening' | 'active';
  createdAt: string;
  resetAt: string | null;
}

/** An archived or current portfolio account of a paper account. */
export interface GenerationRecord {
  generation: number;
  accountId: string;
  openedAt: string;
  archivedAt: string | null;
}

interface Row {
  id: string;
  owner_user_id: string;
  name: string;
  currency: string;
  initial_cash_minor: string;
  account_id: string;
  generation: number;
  state: 'opening' | 'active';
  created_at: Date;
  reset_at: Date | null;
}

function toRecord(row: Row): PaperAccountRecord {
  return {
    id: row.id,
    ownerUserId: row.owner_user_id,
    name: row.name,
    currency: row.currency.trim(),
    initialCashMinor: Number(row.initial_cash_minor),
    accountId: row.account_id,
    generation: row.generation,
    state: row.state,
    createdAt: row.created_at.toISOString(),
    resetAt: row.reset_at?.toISOString() ?? null,
  };
}

/** Inserts a new paper account (state opening) and its first generation. */
export async function insertPaperAccount(
  client: pg.ClientBase,
  account: { id: string; ownerUserId: string; name: string; currency: string; initialCashMinor: number; accountId: string },
): Promise<PaperAccountRecord> {
  const { rows } = await client.query<Row>(
    `INSERT INTO simulation_paper_accounts (id, owner_user_id, name, currency, initial_cash_minor, account_id)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
    [account.id, account.ownerUserId, account.name, account.currency, account.initialCashMinor, account.accountId],
  );
  await client.query('INSERT INTO simulation_paper_generations (paper_account_id, generation, account_id) VALUES ($1, 1, $2)', [account.id, account.accountId]);
  return toRecord(rows[0]!);
}

/** Marks the paper account funded. */
export async function markActive(db: pg.Pool | pg.ClientBase, id: string): Promise<PaperAccountRecord> {
  const { rows } = await db.query<Row>("UPDATE simulation_paper_accounts SET state = 'active' WHERE id = $1 RETURNING *", [id]);
  return toRecord(rows[0]!);
}

/** Archives the current generation and makes `accountId` the next one (state opening until funded). */
export async function rollOver(client: pg.ClientBase, id: string, accountId: string, initialCashMinor: number): Promise<PaperAccountRecord> {
  const { rows } = await client.query<Row>(
    `UPDATE simulation_paper_accounts
     SET account_id = $2, generation = generation + 1, state = 'opening', initial_cash_minor = $3, reset_at = now()
     WHERE id = $1 RETURNING *`,
    [id, accountId, initialCashMinor],
  );
  const record = toRecord(rows[0]!);
  await client.query('UPDATE simulation_paper_generations SET archived_at = now() WHERE paper_account_id = $1 AND archived_at IS NULL', [id]);
  await client.query('INSERT INTO simulation_paper_generations (paper_account_id, generation, account_id) VALUES ($1, $2, $3)', [id, record.generation, accountId]);
  return record;
}

/** The paper account if `ownerUserId` owns it. */
export async function findOwnedPaperAccount(db: pg.Pool | pg.ClientBase, id: string, ownerUserId: string, lock = false): Promise<PaperAccountRecord | null> {
  const { rows } = await db.query<Row>(`SELECT * FROM simulation_paper_accounts WHERE id = $1 AND owner_user_id = $2${lock ? ' FOR UPDATE' : ''}`, [id, ownerUserId]);
  return rows[0] ? toRecord(rows[0]) : null;
}

/** The owner's paper accounts, oldest first. */
export async function listPaperAccounts(db: pg.Pool, ownerUserId: string): Promise<PaperAccountRecord[]> {
  const { rows } = await db.query<Row>('SELECT * FROM simulation_paper_accounts WHERE owner_user_id = $1 ORDER BY created_at, id', [ownerUserId]);
  return rows.map(toRecord);
}

/** How many paper accounts the owner holds. */
export async function countPaperAccounts(db: pg.Pool | pg.ClientBase, ownerUserId: string): Promise<number> {
  const { rows } = await db.query<{ count: string }>('SELECT count(*) AS count FROM simulation_paper_accounts WHERE owner_user_id = $1', [ownerUserId]);
  return Number(rows[0]!.count);
}

/** The generations of a paper account, oldest first. */
export async function listGenerations(db: pg.Pool, id: string): Promise<GenerationRecord[]> {
  const { rows } = await db.query<{ generation: number; account_id: string; opened_at: Date; archived_at: Date | null }>(
    'SELECT generation, account_id, opened_at, archived_at FROM simulation_paper_generations WHERE paper_account_id = $1 ORDER BY generation',
    [id],
  );
  return rows.map((row) => ({ generation: row.generation, accountId: row.account_id, openedAt: row.opened_at.toISOString(), archivedAt: row.archived_at?.toISOString() ?? null }));
}
