// Round trips (closed trades) built from fills: a trade opens when a symbol's position leaves
// zero and closes when it returns to zero; a fill that crosses zero closes one trade and opens
// the next with the rest (its commission split pro rata). Scaling in and out stays one trade.
// Excursions: the trade's unrealised P&L (gross of commission) is evaluated at every fill price
// and at the high and low of every bar the position is held through (for a trade entered at a
// bar's close, only from the next bar); MAE is the worst value (<= 0), MFE the best (>= 0).
// Invariants: all P&L in exact integer minor units: gross P&L of a closed trade = the sum of its
// signed fill cash flows; net = gross - commission; the trades' net P&L plus the open trade's
// equals the change in account value (checked by tests).

import { allocateProportionally } from '@kestrel/shared';

/** One round trip. Money in minor units; prices in ticks (averages may be fractional). */
export interface RoundTrip {
  symbol: string;
  direction: 'long' | 'short';
  entryTime: number;
  /** Null for a trade still open at the end of the run (valued at the last price). */
  exitTime: number | null;
  /** Largest absolute position during the trade, in lots. */
  quantityLots: number;
  entryPriceTicks: number;
  exitPriceTicks: number;
  grossPnlMinor: number;
  commissionMinor: number;
  pnlMinor: number;
  /** Net P&L relative to the entry cost (average entry price x entered lots). */
  returnFraction: number;
  /** Bar closes seen while the trade was open. */
  bars: number;
  maeMinor: number;
  mfeMinor: number;
  fills: number;
}

interface OpenTrade {
  direction: 1 | -1;
  position: number;
  maxLots: number;
  entryLots: number;
  entryTickLots: number;
  exitLots: number;
  exitTickLots: number;
  /** Σ -sign x price x lots x tickValue over the trade's fills (minor units). */
  cashFlow: number;
  commission: number;
  entryTime: number;
  bars: number;
  mae: number;
  mfe: number;
  fills: number;
  /** Bar sequence of a close-phase entry: that bar's range precedes the trade. */
  enteredAtCloseOf: number;
}

/** Builds the round trips of one symbol. */
export class RoundTripTracker {
  readonly closed: RoundTrip[] = [];
  private trade: OpenTrade | undefined;

  constructor(
    readonly symbol: string,
    private readonly tickValue: number,
  ) {}

  /** True while a trade is open. */
  get isOpen(): boolean {
    return this.trade !== undefined;
  }

  /** Applies a fill (sign +1 buy / -1 sell); `closePhaseBar` is the bar sequence when it filled at a close. */
  onFill(sign: 1 | -1, priceTicks: number, lots: number, fee: number, timestamp: number, closePhaseBar: number): void {
    let trade = this.trade;
    if (trade === undefined) {
      this.trade = trade = this.open(sign, timestamp, closePhaseBar);
    }
    if (sign === trade.direction) {
      this.add(trade, sign, priceTicks, lots, fee);
      return;
    }
    const closing = Math.min(lots, Math.abs(trade.position));
    const rest = lots - closing;
    const [closeFee, restFee] = rest === 0 ? [fee, 0] : allocateProportionally(BigInt(fee), [BigInt(closing), BigInt(rest)]).map(Number) as [number, number];
    this.add(trade, sign, priceTicks, closing, closeFee);
    if (trade.position === 0) {
      this.closed.push(this.summary(trade, timestamp, priceTicks));
      this.trade = undefined;
      if (rest > 0) {
        this.trade = trade = this.open(sign, timestamp, closePhaseBar);
        this.add(trade, sign, priceTicks, rest, restFee);
      }
    }
  }

  /** A bar closed: count it and measure excursions at its high and low (or close only, see module comment). */
  onBar(barSeq: number, high: number, low: number, close: number): void {
    const trade = this.trade;
    if (trade === undefined) return;
    trade.bars++;
    if (trade.enteredAtCloseOf === barSeq) this.excursion(trade, close);
    else {
      this.excursion(trade, high);
      this.excursion(trade, low);
    }
  }

  /** A traded price seen outside bars (tick and book runs). */
  onPrice(priceTicks: number): void {
    if (this.trade !== undefined) this.excursion(this.trade, priceTicks);
  }

  /** The open trade valued at `priceTicks`, or undefined when flat. */
  openSummary(priceTicks: number): RoundTrip | undefined {
    if (this.trade === undefined) return undefined;
    const trade = this.trade;
    const summary = this.summary(trade, null, priceTicks);
    summary.grossPnlMinor = trade.cashFlow + trade.position * priceTicks * this.tickValue;
    summary.pnlMinor = summary.grossPnlMinor - trade.commission;
    summary.exitPriceTicks = priceTicks;
    summary.returnFraction = this.returnOf(trade, summary.pnlMinor);
    return summary;
  }

  private open(sign: 1 | -1, timestamp: number, closePhaseBar: number): OpenTrade {
    return {
      direction: sign,
      position: 0,
      maxLots: 0,
      entryLots: 0,
      entryTickLots: 0,
      exitLots: 0,
      exitTickLots: 0,
      cashFlow: 0,
      commission: 0,
      entryTime: timestamp,
      bars: 0,
      mae: 0,
      mfe: 0,
      fills: 0,
      enteredAtCloseOf: closePhaseBar,
    };
  }

  private add(trade: OpenTrade, sign: 1 | -1, price: number, lots: number, fee: number): void {
    trade.position += sign * lots;
    trade.cashFlow -= sign * price * lots * this.tickValue;
    trade.commission += fee;
    trade.fills++;
    if (sign === trade.direction) {
      trade.entryLots += lots;
      trade.entryTickLots += price * lots;
    } else {
      trade.exitLots += lots;
      trade.exitTickLots += price * lots;
    }
    trade.maxLots = Math.max(trade.maxLots, Math.abs(trade.position));
    this.excursion(trade, price);
  }

  private excursion(trade: OpenTrade, price: number): void {
    const unrealised = trade.cashFlow + trade.position * price * this.tickValue;
    if (unrealised < trade.mae) trade.mae = unrealised;
    if (unrealised > trade.mfe) trade.mfe = unrealised;
  }

  private returnOf(trade: OpenTrade, pnl: number): number {
    const cost = trade.entryTickLots * this.tickValue;
    return cost === 0 ? 0 : pnl / Math.abs(cost);
  }

  private summary(trade: OpenTrade, exitTime: number | null, lastPrice: number): RoundTrip {
    const gross = trade.cashFlow;
    const net = gross - trade.commission;
    return {
      symbol: this.symbol,
      direction: trade.direction === 1 ? 'long' : 'short',
      entryTime: trade.entryTime,
      exitTime,
      quantityLots: trade.maxLots,
      entryPriceTicks: trade.entryTickLots / trade.entryLots,
      exitPriceTicks: trade.exitLots === 0 ? lastPrice : trade.exitTickLots / trade.exitLots,
      grossPnlMinor: gross,
      commissionMinor: trade.commission,
      pnlMinor: net,
      returnFraction: this.returnOf(trade, net),
      bars: trade.bars,
      maeMinor: trade.mae,
      mfeMinor: trade.mfe,
      fills: trade.fills,
    };
  }
}
