// The in-memory shapes the portfolio's domain functions work on: a position with its open tax
// lots, and one fill to book. Plain data, no I/O, so the ledger is tested in isolation and the
// store maps rows to and from these shapes. Amounts are safe-integer numbers (validated at the
// boundary); arithmetic inside the domain goes through bigint.
import type { PositionSide, Side } from '@kestrel/shared';

/** One open tax lot. */
export interface LedgerLot {
  id: string;
  side: PositionSide;
  openExecutionId: string;
  openPriceTicks: number;
  /** ISO-8601 time of the opening fill. */
  openedAt: string;
  /** Tie-break between lots opened at the same instant: creation order. */
  openSequence: number;
  originalQuantityLots: number;
  /** Still open, > 0. */
  quantityLots: number;
  /** Cost of the open quantity (proceeds for a short lot), in minor units. */
  costMinor: number;
}

/** A position and its open lots. */
export interface LedgerPosition {
  symbol: string;
  /** Signed: long > 0, short < 0. */
  quantityLots: number;
  /** Σ open lot costs. */
  costBasisMinor: number;
  /** Realised P&L of the symbol so far, before fees. */
  realisedPnlMinor: number;
  feesMinor: number;
  lots: LedgerLot[];
}

/** One fill to book. */
export interface LedgerFill {
  executionId: string;
  side: Side;
  priceTicks: number;
  quantityLots: number;
  feeMinor: number;
  executedAt: string;
}

/** A flat position with nothing booked yet. */
export function emptyPosition(symbol: string): LedgerPosition {
  return { symbol, quantityLots: 0, costBasisMinor: 0, realisedPnlMinor: 0, feesMinor: 0, lots: [] };
}
