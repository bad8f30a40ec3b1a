// Rows of portfolio_fills_applied (the idempotency record of fill booking), portfolio_lot_disposals
// (the tax-lot audit trail) and portfolio_dead_letters (events that could not be booked).
import type { LotDisposal } from '../domain/position-ledger.js';
import type { Queryable } from './queryable.js';

/** True when the execution has already been booked. */
export async function isFillApplied(db: Queryable, executionId: string): Promise<boolean> {
  const { rowCount } = await db.query('SELECT 1 FROM portfolio_fills_applied WHERE execution_id = $1', [executionId]);
  return (rowCount ?? 0) > 0;
}

/** The record of one booked fill. */
export interface AppliedFill {
  executionId: string;
  eventId: string;
  accountId: string;
  orderId: string;
  symbol: string;
  side: 'buy' | 'sell';
  priceTicks: number;
  quantityLots: number;
  feeMinor: number;
  notionalMinor: number;
  cashDeltaMinor: number;
  realisedPnlMinor: number;
  lotSelectionFallback: boolean;
  executedAt: string;
}

/** Records a booked fill and what it relieved from each lot. */
export async function insertAppliedFill(db: Queryable, fill: AppliedFill, disposals: readonly LotDisposal[]): Promise<void> {
  await db.query(
    `INSERT INTO portfolio_fills_applied (execution_id, event_id, account_id, order_id, symbol, side, price_ticks, quantity_lots,
       fee_minor, notional_minor, cash_delta_minor, realised_pnl_minor, lot_selection_fallback, executed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
    [
      fill.executionId,
      fill.eventId,
      fill.accountId,
      fill.orderId,
      fill.symbol,
      fill.side,
      fill.priceTicks,
      fill.quantityLots,
      fill.feeMinor,
      fill.notionalMinor,
      fill.cashDeltaMinor,
      fill.realisedPnlMinor,
      fill.lotSelectionFallback,
      fill.executedAt,
    ],
  );
  for (const disposal of disposals) {
    await db.query(
      `INSERT INTO portfolio_lot_disposals (execution_id, lot_id, quantity_lots, open_amount_minor, close_amount_minor, realised_pnl_minor)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [fill.executionId, disposal.lotId, disposal.quantityLots, disposal.openAmountMinor, disposal.closeAmountMinor, disposal.realisedPnlMinor],
    );
  }
}

/** Keeps an event that cannot be booked (first record wins). */
export async function insertDeadLetter(
  db: Queryable,
  letter: { eventId: string; topic: string; reasonCode: string; message: string; payload: unknown },
): Promise<void> {
  await db.query(
    `INSERT INTO portfolio_dead_letters (event_id, topic, reason_code, message, payload) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (event_id) DO NOTHING`,
    [letter.eventId, letter.topic, letter.reasonCode, letter.message, JSON.stringify(letter.payload ?? null)],
  );
}
