// Read-only keyset-paged queries of one account's booked history for other services (the
// internal history routes; reporting builds its trade, tax and performance reports from them):
// fills with their instrument's economics, lot disposals with what commission allocation needs,
// and the last valuation of each UTC day. Each page is read after the sort key of the previous
// page's last row, in a total order, so pages neither repeat nor skip rows while history grows.
// Invariants: nothing here writes; bigint columns become numbers only when safe integers. Known
// limit: the disposal positions (closeBeforeLots, lotBeforeLots) are window sums over every
// earlier disposal of the account, so a page costs a scan of the account's disposals before `to`.
import type { HistoryDisposal, HistoryFill, HistoryValuation } from '@kestrel/shared';
import { toIso, toSafeInt, type Queryable } from './queryable.js';

/** A page of rows and the sort key of its last row (null when it is the last page). */
export interface KeyedPage<T> {
  rows: T[];
  lastKey: string[] | null;
}

/** A period [from, to) (ISO instants) and where to resume. */
export interface HistoryRange {
  from: string;
  to: string;
  limit: number;
  after: readonly string[] | null;
}

/** Microseconds since the epoch of a timestamptz column, exact, as text. */
const us = (column: string): string => `(extract(epoch FROM ${column}) * 1000000)::bigint::text`;
/** The timestamptz of a microseconds parameter, exact (split so no float carries the full count). */
const instant = (parameter: string): string =>
  `(timestamptz 'epoch' + (${parameter}::bigint / 1000000) * interval '1 second' + (${parameter}::bigint % 1000000) * interval '1 microsecond')`;

function page<R, T>(rows: R[], limit: number, map: (row: R) => T, key: (row: R) => string[]): KeyedPage<T> {
  const kept = rows.slice(0, limit);
  return { rows: kept.map(map), lastKey: rows.length > limit ? key(kept[kept.length - 1]!) : null };
}

/** Fills of the account executed in [from, to), oldest first (executed, booked, execution id). */
export async function pageFills(db: Queryable, accountId: string, range: HistoryRange): Promise<KeyedPage<HistoryFill>> {
  const after = range.after ?? [null, null, null];
  const { rows } = await db.query(
    `SELECT f.execution_id, f.order_id, f.symbol, f.side, f.price_ticks, f.quantity_lots, f.fee_minor, f.notional_minor,
            f.cash_delta_minor, f.realised_pnl_minor, f.executed_at, i.tick_size, i.lot_size,
            ${us('f.executed_at')} AS executed_us, ${us('f.applied_at')} AS applied_us
       FROM portfolio_fills_applied f JOIN portfolio_instruments i ON i.symbol = f.symbol
      WHERE f.account_id = $1 AND f.executed_at >= $2 AND f.executed_at < $3
        AND ($5::text IS NULL OR (f.executed_at, f.applied_at, f.execution_id) > (${instant('$5')}, ${instant('$6')}, $7::uuid))
      ORDER BY f.executed_at, f.applied_at, f.execution_id
      LIMIT $4`,
    [accountId, range.from, range.to, range.limit + 1, ...after],
  );
  return page(
    rows,
    range.limit,
    (row): HistoryFill => ({
      executionId: row.execution_id,
      orderId: row.order_id,
      symbol: row.symbol,
      side: row.side,
      priceTicks: toSafeInt(row.price_ticks, 'price'),
      quantityLots: toSafeInt(row.quantity_lots, 'quantity'),
      feeMinor: toSafeInt(row.fee_minor, 'fee'),
      notionalMinor: toSafeInt(row.notional_minor, 'notional'),
      cashDeltaMinor: toSafeInt(row.cash_delta_minor, 'cash delta'),
      realisedPnlMinor: toSafeInt(row.realised_pnl_minor, 'realised P&L'),
      executedAt: toIso(row.executed_at),
      tickSize: row.tick_size,
      lotSize: toSafeInt(row.lot_size, 'lot size'),
    }),
    (row) => [row.executed_us, row.applied_us, row.execution_id],
  );
}

/**
 * Lot disposals of the account by fills executed in [from, to), in execution order (within one
 * fill, in the lots' acquisition order). The positions of each disposal within its closing fill
 * and within its lot are counted over ALL earlier disposals, including those before the period.
 */
export async function pageDisposals(db: Queryable, accountId: string, range: HistoryRange): Promise<KeyedPage<HistoryDisposal>> {
  const after = range.after ?? [null, null, null, null, null];
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
     SELECT r.*, i.lot_size, ${us('r.executed_at')} AS executed_us, ${us('r.applied_at')} AS applied_us, ${us('r.opened_at')} AS opened_us
       FROM relieved r JOIN portfolio_instruments i ON i.symbol = r.symbol
      WHERE r.executed_at >= $2
        AND ($5::text IS NULL OR (r.executed_at, r.applied_at, r.execution_id, r.opened_at, r.open_sequence)
             > (${instant('$5')}, ${instant('$6')}, $7::uuid, ${instant('$8')}, $9::bigint))
      ORDER BY r.executed_at, r.applied_at, r.execution_id, r.opened_at, r.open_sequence
      LIMIT $4`,
    [accountId, range.from, range.to, range.limit + 1, ...after],
  );
  return page(
    rows,
    range.limit,
    (row): HistoryDisposal => ({
      executionId: row.execution_id,
      lotId: row.lot_id,
      symbol: row.symbol,
      lotSide: row.side,
      openedAt: toIso(row.opened_at),
      closedAt: toIso(row.executed_at),
      quantityLots: toSafeInt(row.quantity_lots, 'quantity'),
      lotSize: toSafeInt(row.lot_size, 'lot size'),
      openAmountMinor: toSafeInt(row.open_amount_minor, 'open amount'),
      closeAmountMinor: toSafeInt(row.close_amount_minor, 'close amount'),
      realisedPnlMinor: toSafeInt(row.realised_pnl_minor, 'realised P&L'),
      closeFeeMinor: toSafeInt(row.close_fee, 'fee'),
      closeFillQuantityLots: toSafeInt(row.close_quantity, 'quantity'),
      closeBeforeLots: toSafeInt(row.close_before, 'quantity'),
      openFeeMinor: toSafeInt(row.open_fee, 'fee'),
      openFillQuantityLots: toSafeInt(row.open_quantity, 'quantity'),
      lotOriginalQuantityLots: toSafeInt(row.original_quantity_lots, 'quantity'),
      lotBeforeLots: toSafeInt(row.lot_before, 'quantity'),
    }),
    (row) => [row.executed_us, row.applied_us, row.execution_id, row.opened_us, String(row.open_sequence)],
  );
}

/**
 * The account's valuation at the end of each UTC day in [from, to) that has one, preceded by the
 * last valuation before `from` (the starting point), oldest first.
 */
export async function pageDailyValuations(db: Queryable, accountId: string, range: HistoryRange): Promise<KeyedPage<HistoryValuation>> {
  const { rows } = await db.query(
    `SELECT at, equity, net_deposits_minor, ${us('at')} AS at_us FROM (
       (SELECT at, cash_minor + market_value_minor AS equity, net_deposits_minor FROM portfolio_pnl_snapshots
         WHERE account_id = $1 AND at < $2 ORDER BY at DESC, seq DESC LIMIT 1)
       UNION ALL
       (SELECT DISTINCT ON (date_trunc('day', at AT TIME ZONE 'UTC')) at, cash_minor + market_value_minor, net_deposits_minor
          FROM portfolio_pnl_snapshots WHERE account_id = $1 AND at >= $2 AND at < $3
         ORDER BY date_trunc('day', at AT TIME ZONE 'UTC'), at DESC, seq DESC)) v
      WHERE $5::text IS NULL OR at > ${instant('$5')}
      ORDER BY at
      LIMIT $4`,
    [accountId, range.from, range.to, range.limit + 1, range.after?.[0] ?? null],
  );
  return page(
    rows,
    range.limit,
    (row): HistoryValuation => ({ at: toIso(row.at), equityMinor: toSafeInt(row.equity, 'equity'), netDepositsMinor: toSafeInt(row.net_deposits_minor, 'net deposits') }),
    (row) => [row.at_us],
  );
}
