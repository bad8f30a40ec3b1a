// The rows of the portfolio's booked history a report is built from, as reporting's domain uses
// them (instants as Date). They come from the portfolio's internal history routes
// (clients/portfolio-client.ts); the wire shapes are @kestrel/shared's account-history schemas.
// Money and quantities are integer minor units and lots.

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
