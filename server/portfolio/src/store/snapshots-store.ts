// Rows of portfolio_pnl_snapshots: the account valuation after each fill, deposit and mark update.
// The series query returns, per time bucket, the LAST valuation inside it (so a bucket shows where
// the account stood when the bucket closed); buckets without any valuation are omitted.
import { toSafeNumber, type PnlInterval, type PnlPoint } from '@kestrel/shared';
import { toIso, toSafeInt, type Queryable } from './queryable.js';

/** One valuation to record. */
export interface Snapshot {
  accountId: string;
  at: string;
  cashMinor: number;
  marketValueMinor: number;
  netDepositsMinor: number;
  realisedPnlMinor: number;
  unrealisedPnlMinor: number;
  feesMinor: number;
  cause: 'fill' | 'deposit' | 'mark';
}

/** PostgreSQL interval of each bucket width. */
export const INTERVAL_SQL: Readonly<Record<PnlInterval, string>> = {
  '1m': '1 minute',
  '5m': '5 minutes',
  '15m': '15 minutes',
  '1h': '1 hour',
  '1d': '1 day',
};

/** Appends a valuation. */
export async function insertSnapshot(db: Queryable, snapshot: Snapshot): Promise<void> {
  await db.query(
    `INSERT INTO portfolio_pnl_snapshots (account_id, at, cash_minor, market_value_minor, net_deposits_minor, realised_pnl_minor, unrealised_pnl_minor, fees_minor, cause)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      snapshot.accountId,
      snapshot.at,
      snapshot.cashMinor,
      snapshot.marketValueMinor,
      snapshot.netDepositsMinor,
      snapshot.realisedPnlMinor,
      snapshot.unrealisedPnlMinor,
      snapshot.feesMinor,
      snapshot.cause,
    ],
  );
}

interface SnapshotRow {
  at: Date;
  cash_minor: string;
  market_value_minor: string;
  net_deposits_minor: string;
  realised_pnl_minor: string;
  unrealised_pnl_minor: string;
  fees_minor: string;
}

/** The last valuation of each bucket in [from, to), oldest first. */
export async function loadSeries(db: Queryable, accountId: string, from: string, to: string, interval: PnlInterval): Promise<PnlPoint[]> {
  const { rows } = await db.query<SnapshotRow>(
    `SELECT at, cash_minor, market_value_minor, net_deposits_minor, realised_pnl_minor, unrealised_pnl_minor, fees_minor FROM (
       SELECT DISTINCT ON (bucket) date_bin($4::interval, at, timestamptz '2000-01-01 00:00:00+00') AS bucket, *
       FROM portfolio_pnl_snapshots
       WHERE account_id = $1 AND at >= $2 AND at < $3
       ORDER BY bucket, at DESC, seq DESC
     ) last_per_bucket ORDER BY bucket`,
    [accountId, from, to, INTERVAL_SQL[interval]],
  );
  return rows.map((row) => {
    const cash = toSafeInt(row.cash_minor, 'cash');
    const marketValue = toSafeInt(row.market_value_minor, 'market value');
    const netDeposits = toSafeInt(row.net_deposits_minor, 'net deposits');
    const realised = toSafeInt(row.realised_pnl_minor, 'realised P&L');
    const unrealised = toSafeInt(row.unrealised_pnl_minor, 'unrealised P&L');
    const fees = toSafeInt(row.fees_minor, 'fees');
    return {
      at: toIso(row.at),
      cashMinor: cash,
      marketValueMinor: marketValue,
      equityMinor: toSafeNumber(BigInt(cash) + BigInt(marketValue), 'equity'),
      netDepositsMinor: netDeposits,
      realisedPnlMinor: realised,
      unrealisedPnlMinor: unrealised,
      feesMinor: fees,
      totalPnlMinor: toSafeNumber(BigInt(realised) + BigInt(unrealised) - BigInt(fees), 'total P&L'),
    };
  });
}
