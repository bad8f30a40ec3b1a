// Rows of portfolio_positions and portfolio_tax_lots, mapped to the domain's LedgerPosition.
// Invariant: a booking is saved in the same transaction that locked the account, so the lots
// and the position row never disagree (the domain guarantees they add up; the store writes both).
import type { LedgerLot, LedgerPosition } from '../domain/ledger-types.js';
import { emptyPosition } from '../domain/ledger-types.js';
import type { FillBooking } from '../domain/position-ledger.js';
import type { Statement } from '@kestrel/server-common';
import { toIso, toSafeInt, type Queryable } from './queryable.js';

interface PositionRow {
  account_id: string;
  symbol: string;
  quantity_lots: string;
  cost_basis_minor: string;
  realised_pnl_minor: string;
  fees_minor: string;
  updated_at: Date;
}

interface LotRow {
  id: string;
  account_id: string;
  symbol: string;
  side: 'long' | 'short';
  open_execution_id: string;
  open_price_ticks: string;
  opened_at: Date;
  open_sequence: string;
  original_quantity_lots: string;
  quantity_lots: string;
  cost_minor: string;
}

/** A stored position: the ledger view plus when it last changed. */
export interface StoredPosition extends LedgerPosition {
  updatedAt: string;
}

// Listed rather than `*`: the batch reads below are named statements (see queryable.ts).
const POSITION_COLUMNS = 'account_id, symbol, quantity_lots, cost_basis_minor, realised_pnl_minor, fees_minor, updated_at';
const LOT_COLUMNS = `id, account_id, symbol, side, open_execution_id, open_price_ticks, opened_at, open_sequence, original_quantity_lots,
  quantity_lots, cost_minor`;

function toLot(row: LotRow): LedgerLot {
  return {
    id: row.id,
    side: row.side,
    openExecutionId: row.open_execution_id,
    openPriceTicks: toSafeInt(row.open_price_ticks, 'lot price'),
    openedAt: toIso(row.opened_at),
    openSequence: toSafeInt(row.open_sequence, 'lot sequence'),
    originalQuantityLots: toSafeInt(row.original_quantity_lots, 'lot quantity'),
    quantityLots: toSafeInt(row.quantity_lots, 'lot quantity'),
    costMinor: toSafeInt(row.cost_minor, 'lot cost'),
  };
}

function toPosition(row: PositionRow, lots: LedgerLot[]): StoredPosition {
  return {
    symbol: row.symbol,
    quantityLots: toSafeInt(row.quantity_lots, 'position quantity'),
    costBasisMinor: toSafeInt(row.cost_basis_minor, 'cost basis'),
    realisedPnlMinor: toSafeInt(row.realised_pnl_minor, 'realised P&L'),
    feesMinor: toSafeInt(row.fees_minor, 'fees'),
    lots,
    updatedAt: toIso(row.updated_at),
  };
}

/** Every position of an account (flat ones included: they carry realised P&L), with open lots, by symbol. */
export async function loadPositions(db: Queryable, accountId: string, symbol?: string): Promise<StoredPosition[]> {
  const filter = symbol === undefined ? '' : ' AND symbol = $2';
  const params = symbol === undefined ? [accountId] : [accountId, symbol];
  const positions = await db.query<PositionRow>(`SELECT * FROM portfolio_positions WHERE account_id = $1${filter} ORDER BY symbol`, params);
  const lots = await db.query<LotRow>(
    `SELECT * FROM portfolio_tax_lots WHERE account_id = $1${filter} AND quantity_lots > 0 ORDER BY opened_at, open_sequence`,
    params,
  );
  return withLots(positions.rows, lots.rows);
}

/** The positions of several accounts (with openLotsOfStatement: positionsOf), for sending with others. */
export function positionsOfStatement(accountIds: readonly string[]): Statement {
  return {
    text: `SELECT ${POSITION_COLUMNS} FROM portfolio_positions WHERE account_id = ANY($1::uuid[]) ORDER BY account_id, symbol`,
    values: [accountIds],
  };
}

/** The open lots of several accounts, for sending with positionsOfStatement. */
export function openLotsOfStatement(accountIds: readonly string[]): Statement {
  return {
    text: `SELECT ${LOT_COLUMNS} FROM portfolio_tax_lots WHERE account_id = ANY($1::uuid[]) AND quantity_lots > 0 ORDER BY opened_at, open_sequence`,
    values: [accountIds],
  };
}

/** The positions (with lots) of `accountIds` from the results of the two statements above; every account is in the answer. */
export function positionsOf(accountIds: readonly string[], positions: { rows: unknown[] }, lots: { rows: unknown[] }): Map<string, StoredPosition[]> {
  const positionRows = positions.rows as PositionRow[];
  const lotRows = lots.rows as LotRow[];
  return new Map(
    accountIds.map((id) => [
      id,
      withLots(
        positionRows.filter((row) => row.account_id === id),
        lotRows.filter((lot) => lot.account_id === id),
      ),
    ]),
  );
}

function withLots(positions: readonly PositionRow[], lots: readonly LotRow[]): StoredPosition[] {
  return positions.map((row) =>
    toPosition(
      row,
      lots.filter((lot) => lot.symbol === row.symbol).map(toLot),
    ),
  );
}

/** One position with its open lots (an empty one when the account never traded the symbol). */
export async function loadPosition(db: Queryable, accountId: string, symbol: string): Promise<LedgerPosition> {
  const [position] = await loadPositions(db, accountId, symbol);
  return position ?? emptyPosition(symbol);
}

/** Writes what booking a fill changed: the position row, changed/closed lots, the opened lot. */
export async function saveBooking(db: Queryable, accountId: string, executedAt: string, booking: FillBooking): Promise<void> {
  const position = booking.position;
  await db.query(
    `INSERT INTO portfolio_positions (account_id, symbol, quantity_lots, cost_basis_minor, realised_pnl_minor, fees_minor, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, now())
     ON CONFLICT (account_id, symbol) DO UPDATE SET quantity_lots = EXCLUDED.quantity_lots,
       cost_basis_minor = EXCLUDED.cost_basis_minor, realised_pnl_minor = EXCLUDED.realised_pnl_minor,
       fees_minor = EXCLUDED.fees_minor, updated_at = now()`,
    [accountId, position.symbol, position.quantityLots, position.costBasisMinor, position.realisedPnlMinor, position.feesMinor],
  );
  for (const lot of booking.changedLots) {
    await db.query(
      `UPDATE portfolio_tax_lots SET quantity_lots = $2, cost_minor = $3, closed_at = CASE WHEN $2::bigint = 0 THEN $4::timestamptz ELSE NULL END
       WHERE id = $1`,
      [lot.id, lot.quantityLots, lot.costMinor, executedAt],
    );
  }
  const opened = booking.openedLot;
  if (opened) {
    await db.query(
      `INSERT INTO portfolio_tax_lots (id, account_id, symbol, side, open_execution_id, open_price_ticks, opened_at, original_quantity_lots, quantity_lots, cost_minor)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9)`,
      [opened.id, accountId, position.symbol, opened.side, opened.openExecutionId, opened.openPriceTicks, opened.openedAt, opened.originalQuantityLots, opened.costMinor],
    );
  }
}
