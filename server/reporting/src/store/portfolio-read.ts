// Read-only queries of the portfolio's documented tables (docs/portfolio.md, "Tables"), the same
// read contract the stream service uses for account owners. Why not the HTTP API: the realised
// lot disposals (the tax audit trail) have no route, and scheduled runs have no caller credential
// to present; reading the tables keeps every report on the portfolio's own booked numbers under
// every lot method. Invariants: nothing here writes; bigint columns are checked to be safe
// integers before they become numbers. Known limit: a change to those tables' documented shape
// must be mirrored here (test/support/portfolio-fixtures.ts exercises the real migration).
import type pg from 'pg';

/** The account fields a report needs. */
export interface AccountInfo {
  id: string;
  ownerUserId: string;
  name: string;
  currency: string;
  lotMethod: string;
}

/** One booked fill with its instrument economics. */
export interface FillRow {
  executionId: string;
  orderId: string;
  symbol: string;
  side: 'buy' | 'sell';
  priceTicks: number;
  quantityLots: number;
  feeMinor: number;
  notionalMinor: number;
  cashDeltaMinor: number;
  realisedPnlMinor: number;
  executedAt: Date;
  tickSize: string;
  lotSize: number;
}

/** What one closing fill relieved from one tax lot. */
export interface DisposalRow {
  executionId: string;
  lotId: string;
  symbol: string;
  lotSide: 'long' | 'short';
  openedAt: Date;
  closedAt: Date;
  quantityLots: number;
  lotSize: number;
  /** Cost (long lot) or opening proceeds (short lot) relieved, minor units. */
  openAmountMinor: number;
  /** The closing fill's notional share, minor units. */
  closeAmountMinor: number;
  realisedPnlMinor: number;
  /** The closing fill's fee and quantity, and how many of its lots' units are listed before this one. */
  closeFeeMinor: number;
  closeFillQuantityLots: number;
  closeBeforeLots: number;
  /** The opening fill's fee and quantity (the lot is its last `lotOriginalQuantityLots` units). */
  openFeeMinor: number;
  openFillQuantityLots: number;
  lotOriginalQuantityLots: number;
  /** Units of this lot relieved by earlier fills. */
  lotBeforeLots: number;
}

/** One point of the account's P&L series. */
export interface ValuationRow {
  at: Date;
  equityMinor: number;
  netDepositsMinor: number;
}

function safe(value: string | number, what: string): number {
  const number = Number(value);
  if (!Number.isSafeInteger(number)) throw new RangeError(`${what} ${value} is not a safe integer`);
  return number;
}

/** The account, or null when there is none. */
export async function findAccount(db: pg.Pool, accountId: string): Promise<AccountInfo | null> {
  const { rows } = await db.query<{ id: string; owner_user_id: string; name: string; currency: string; lot_method: string }>(
    'SELECT id, owner_user_id, name, currency, lot_method FROM portfolio_accounts WHERE id = $1',
    [accountId],
  );
  const row = rows[0];
  return row ? { id: row.id, ownerUserId: row.owner_user_id, name: row.name, currency: row.currency, lotMethod: row.lot_method } : null;
}

/** Fills of the account executed in [from, to), oldest first, at most `limit` rows. */
export async function listFills(db: pg.Pool, accountId: string, from: Date, to: Date, limit: number): Promise<FillRow[]> {
  const { rows } = await db.query(
    `SELECT f.execution_id, f.order_id, f.symbol, f.side, f.price_ticks, f.quantity_lots, f.fee_minor, f.notional_minor,
            f.cash_delta_minor, f.realised_pnl_minor, f.executed_at, i.tick_size, i.lot_size
       FROM portfolio_fills_applied f JOIN portfolio_instruments i ON i.symbol = f.symbol
      WHERE f.account_id = $1 AND f.executed_at >= $2 AND f.executed_at < $3
      ORDER BY f.executed_at, f.applied_at, f.execution_id
      LIMIT $4`,
    [accountId, from, to, limit],
  );
  return rows.map((row) => ({
    executionId: row.execution_id,
    orderId: row.order_id,
    symbol: row.symbol,
    side: row.side,
    priceTicks: safe(row.price_ticks, 'price'),
    quantityLots: safe(row.quantity_lots, 'quantity'),
    feeMinor: safe(row.fee_minor, 'fee'),
    notionalMinor: safe(row.notional_minor, 'notional'),
    cashDeltaMinor: safe(row.cash_delta_minor, 'cash delta'),
    realisedPnlMinor: safe(row.realised_pnl_minor, 'realised P&L'),
    executedAt: row.executed_at,
    tickSize: row.tick_size,
    lotSize: safe(row.lot_size, 'lot size'),
  }));
}

/**
 * Lot disposals of the account by fills executed in [from, to), in execution order (within one
 * fill, in the lots' acquisition order), at most `limit`, with what commission allocation needs:
 * the positions of each disposal within its closing fill and within its lot are counted over
 * ALL earlier disposals, including those before the period.
 */
export async function listDisposals(db: pg.Pool, accountId: string, from: Date, to: Date, limit: number): Promise<DisposalRow[]> {
  const { rows } = await db.query(
    `WITH relieved AS (
       SELECT d.execution_id, d.lot_id, d.quantity_lots, d.open_amount_minor, d.close_amount_minor, d.realised_pnl_minor,
              f.executed_at, f.applied_at, f.fee_minor AS close_fee, f.quantity_lots AS close_quantity,
              l.symbol, l.side, l.opened_at, l.open_sequence, l.original_quantity_lots,
              COALESCE(o.fee_minor, 0) AS open_fee, COALESCE(o.quantity_lots, l.original_quantity_lots) AS open_quantity,
              COALESCE(sum(d.quantity_lots) OVER (PARTITION BY d.execution_id ORDER BY l.opened_at, l.open_sequence
                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS close_before,
              COALESCE(sum(d.quantity_lots) OVER (PARTITION BY d.lot_id ORDER BY f.executed_at, f.applied_at, d.execution_id
                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS lot_before
         FROM portfolio_lot_disposals d
         JOIN portfolio_fills_applied f ON f.execution_id = d.execution_id
         JOIN portfolio_tax_lots l ON l.id = d.lot_id
         LEFT JOIN portfolio_fills_applied o ON o.execution_id = l.open_execution_id
        WHERE f.account_id = $1 AND f.executed_at < $3)
     SELECT r.*, i.lot_size FROM relieved r JOIN portfolio_instruments i ON i.symbol = r.symbol
      WHERE r.executed_at >= $2
      ORDER BY r.executed_at, r.applied_at, r.execution_id, r.opened_at, r.open_sequence
      LIMIT $4`,
    [accountId, from, to, limit],
  );
  return rows.map((row) => ({
    executionId: row.execution_id,
    lotId: row.lot_id,
    symbol: row.symbol,
    lotSide: row.side,
    openedAt: row.opened_at,
    closedAt: row.executed_at,
    quantityLots: safe(row.quantity_lots, 'quantity'),
    lotSize: safe(row.lot_size, 'lot size'),
    openAmountMinor: safe(row.open_amount_minor, 'open amount'),
    closeAmountMinor: safe(row.close_amount_minor, 'close amount'),
    realisedPnlMinor: safe(row.realised_pnl_minor, 'realised P&L'),
    closeFeeMinor: safe(row.close_fee, 'fee'),
    closeFillQuantityLots: safe(row.close_quantity, 'quantity'),
    closeBeforeLots: safe(row.close_before, 'quantity'),
    openFeeMinor: safe(row.open_fee, 'fee'),
    openFillQuantityLots: safe(row.open_quantity, 'quantity'),
    lotOriginalQuantityLots: safe(row.original_quantity_lots, 'quantity'),
    lotBeforeLots: safe(row.lot_before, 'quantity'),
  }));
}

/**
 * The account's valuation at the end of each UTC day in [from, to) that has one, preceded by the
 * last valuation before `from` (the starting point), oldest first.
 */
export async function listDailyValuations(db: pg.Pool, accountId: string, from: Date, to: Date): Promise<ValuationRow[]> {
  const { rows } = await db.query(
    `(SELECT at, cash_minor + market_value_minor AS equity, net_deposits_minor FROM portfolio_pnl_snapshots
       WHERE account_id = $1 AND at < $2 ORDER BY at DESC, seq DESC LIMIT 1)
     UNION ALL
     (SELECT DISTINCT ON (date_trunc('day', at AT TIME ZONE 'UTC')) at, cash_minor + market_value_minor, net_deposits_minor
        FROM portfolio_pnl_snapshots WHERE account_id = $1 AND at >= $2 AND at < $3
       ORDER BY date_trunc('day', at AT TIME ZONE 'UTC'), at DESC, seq DESC)
     ORDER BY at`,
    [accountId, from, to],
  );
  return rows.map((row) => ({ at: row.at, equityMinor: safe(row.equity, 'equity'), netDepositsMinor: safe(row.net_deposits_minor, 'net deposits') }));
}
