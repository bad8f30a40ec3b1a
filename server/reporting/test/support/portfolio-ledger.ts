// Writes an account's history into the portfolio's documented tables the way the portfolio books
// it (docs/portfolio.md): FIFO tax lots, one portfolio_fills_applied row per fill, one
// portfolio_lot_disposals row per lot a fill relieves, and a portfolio_pnl_snapshots valuation
// after every fill, deposit and mark (equity = cash + signed market value). Only what reports read
// is modelled: one instrument economics (0.01 tick, 1-unit lots, so ticks × lots = cents), FIFO,
// no margin. The tests compute their expectations from the trades by hand, not from this code.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';

interface OpenLot {
  id: string;
  side: 'long' | 'short';
  quantity: number;
  priceTicks: number;
}

/** One account's ledger, written as it is booked. */
export class PortfolioLedger {
  readonly accountId = randomUUID();
  #cash = 0;
  #deposits = 0;
  #realised = 0;
  #fees = 0;
  readonly #lots = new Map<string, OpenLot[]>();
  readonly #marks = new Map<string, number>();

  constructor(
    private readonly db: pg.Pool,
    readonly ownerUserId: string,
  ) {}

  /** Creates the account (and the instruments used). */
  async open(name: string, symbols: readonly string[]): Promise<this> {
    await this.db.query(
      `INSERT INTO portfolio_accounts (id, owner_user_id, name, currency, type, long_margin_bps, short_margin_bps, allow_short_selling)
       VALUES ($1, $2, $3, 'USD', 'margin', 10000, 15000, true)`,
      [this.accountId, this.ownerUserId, name],
    );
    for (const symbol of symbols) {
      await this.db.query(
        `INSERT INTO portfolio_instruments (symbol, currency, tick_size, lot_size, contract_multiplier) VALUES ($1, 'USD', '0.01', 1, 1) ON CONFLICT DO NOTHING`,
        [symbol],
      );
    }
    return this;
  }

  async #snapshot(at: string, cause: 'fill' | 'deposit' | 'mark'): Promise<void> {
    let marketValue = 0;
    let cost = 0;
    for (const [symbol, lots] of this.#lots) {
      for (const lot of lots) {
        const sign = lot.side === 'long' ? 1 : -1;
        marketValue += sign * lot.quantity * (this.#marks.get(symbol) ?? lot.priceTicks);
        cost += sign * lot.quantity * lot.priceTicks;
      }
    }
    await this.db.query(
      `INSERT INTO portfolio_pnl_snapshots (account_id, at, cash_minor, market_value_minor, net_deposits_minor, realised_pnl_minor, unrealised_pnl_minor, fees_minor, cause)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [this.accountId, at, this.#cash, marketValue, this.#deposits, this.#realised, marketValue - cost, this.#fees, cause],
    );
  }

  /** Books a deposit. */
  async deposit(amountMinor: number, at: string): Promise<void> {
    this.#cash += amountMinor;
    this.#deposits += amountMinor;
    await this.#snapshot(at, 'deposit');
  }

  /** Records a mark price. */
  async mark(symbol: string, priceTicks: number, at: string): Promise<void> {
    this.#marks.set(symbol, priceTicks);
    await this.#snapshot(at, 'mark');
  }

  /** Books one fill with FIFO lot relief; returns its execution id. */
  async fill(symbol: string, side: 'buy' | 'sell', quantity: number, priceTicks: number, at: string, feeMinor = 0): Promise<string> {
    const executionId = randomUUID();
    const lots = this.#lots.get(symbol) ?? [];
    this.#lots.set(symbol, lots);
    const closing: 'long' | 'short' = side === 'sell' ? 'long' : 'short';
    const disposals: Array<{ lot: OpenLot; quantity: number; open: number; close: number; pnl: number }> = [];
    let remaining = quantity;
    while (remaining > 0 && lots.length > 0 && lots[0]!.side === closing) {
      const lot = lots[0]!;
      const take = Math.min(remaining, lot.quantity);
      const open = take * lot.priceTicks;
      const close = take * priceTicks;
      disposals.push({ lot, quantity: take, open, close, pnl: closing === 'long' ? close - open : open - close });
      lot.quantity -= take;
      remaining -= take;
      if (lot.quantity === 0) lots.shift();
    }
    const notional = quantity * priceTicks;
    const cashDelta = side === 'buy' ? -notional - feeMinor : notional - feeMinor;
    const realised = disposals.reduce((sum, d) => sum + d.pnl, 0);
    this.#cash += cashDelta;
    this.#realised += realised;
    this.#fees += feeMinor;
    this.#marks.set(symbol, priceTicks);
    let opened: OpenLot | null = null;
    if (remaining > 0) {
      opened = { id: randomUUID(), side: side === 'buy' ? 'long' : 'short', quantity: remaining, priceTicks };
      lots.push(opened);
      await this.db.query(
        `INSERT INTO portfolio_tax_lots (id, account_id, symbol, side, open_execution_id, open_price_ticks, opened_at, original_quantity_lots, quantity_lots, cost_minor)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9)`,
        [opened.id, this.accountId, symbol, opened.side, executionId, priceTicks, at, remaining, remaining * priceTicks],
      );
    }
    await this.db.query(
      `INSERT INTO portfolio_fills_applied (execution_id, event_id, account_id, order_id, symbol, side, price_ticks, quantity_lots, fee_minor, notional_minor,
         cash_delta_minor, realised_pnl_minor, lot_selection_fallback, executed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, false, $13)`,
      [executionId, randomUUID(), this.accountId, randomUUID(), symbol, side, priceTicks, quantity, feeMinor, notional, cashDelta, realised, at],
    );
    for (const disposal of disposals) {
      await this.db.query(
        `UPDATE portfolio_tax_lots SET quantity_lots = $2::bigint, cost_minor = $3, closed_at = CASE WHEN $2::bigint = 0 THEN $4::timestamptz END WHERE id = $1`,
        [disposal.lot.id, disposal.lot.quantity, disposal.lot.quantity * disposal.lot.priceTicks, at],
      );
      await this.db.query(
        `INSERT INTO portfolio_lot_disposals (execution_id, lot_id, quantity_lots, open_amount_minor, close_amount_minor, realised_pnl_minor) VALUES ($1, $2, $3, $4, $5, $6)`,
        [executionId, disposal.lot.id, disposal.quantity, disposal.open, disposal.close, disposal.pnl],
      );
    }
    await this.#snapshot(at, 'fill');
    return executionId;
  }
}
