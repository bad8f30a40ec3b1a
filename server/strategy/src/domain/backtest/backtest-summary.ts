// The JSON summary of a run, as `kestrel backtest --json` prints it and the service will return
// it: money as exact decimal numbers in the price currency, statistics both at the top level and
// under `statistics`, counts of closed trades and fills, and on request the trade list, the fill
// list and the equity curve. Invariant: JSON-safe (no NaN/Infinity: such statistics are null).

import type { BacktestResult } from './backtest-engine.js';
import { minorToNumber } from './money.js';
import type { RoundTrip } from './round-trips.js';
import type { Statistics } from './statistics.js';

/** What to include besides the summary. */
export interface SummaryOptions {
  trades?: boolean;
  fills?: boolean;
  equity?: boolean;
}

/** Ticks to a price number: ticks x tickSize, exact for whole ticks (e.g. 80619 x 0.01 -> 806.19). */
function tickPrice(ticks: number, tickSize: string): number {
  const [whole = '', fraction = ''] = tickSize.split('.');
  const coefficient = Number(whole + fraction);
  return (ticks * coefficient) / 10 ** fraction.length;
}

/** A round trip with prices and money in currency units. */
function tradeJson(trade: RoundTrip, result: BacktestResult): Record<string, unknown> {
  const instrument = result.instruments.find((i) => i.symbol === trade.symbol)!;
  const money = (minor: number): number => minorToNumber(minor, result.moneyDecimals);
  return {
    symbol: trade.symbol,
    direction: trade.direction,
    entryTime: new Date(trade.entryTime).toISOString(),
    exitTime: trade.exitTime === null ? null : new Date(trade.exitTime).toISOString(),
    quantity: trade.quantityLots,
    entryPrice: tickPrice(trade.entryPriceTicks, instrument.tickSize),
    exitPrice: tickPrice(trade.exitPriceTicks, instrument.tickSize),
    grossPnl: money(trade.grossPnlMinor),
    commission: money(trade.commissionMinor),
    pnl: money(trade.pnlMinor),
    return: trade.returnFraction,
    bars: trade.bars,
    mae: money(trade.maeMinor),
    mfe: money(trade.mfeMinor),
    fills: trade.fills,
  };
}

/** The JSON object of a run. */
export function summariseResult(result: BacktestResult, options: SummaryOptions = {}): Record<string, unknown> {
  const money = (minor: number): number => minorToNumber(minor, result.moneyDecimals);
  const statistics: Statistics = result.statistics;
  const summary: Record<string, unknown> = {
    strategy: result.strategy,
    params: result.params,
    fillModel: result.fillModel,
    commissionModel: result.commissionModel,
    slippageModel: result.slippageModel,
    seed: result.seed,
    ...statistics,
    initialCash: money(result.initialCashMinor),
    finalValue: money(result.finalValueMinor),
    cash: money(result.cashMinor),
    positions: result.positions,
    closedTrades: result.trades.length,
    openTrades: result.openTrades.length,
    fills: result.fillCount,
    orders: result.orderCount,
    rejectedOrders: result.rejectedOrders,
    commission: money(result.commissionMinor),
    statistics,
  };
  if (options.trades) {
    summary.tradeList = result.trades.map((trade) => tradeJson(trade, result));
    summary.openTradeList = result.openTrades.map((trade) => tradeJson(trade, result));
  }
  if (options.fills) {
    summary.fillList = result.fills.map((fill) => {
      const instrument = result.instruments.find((i) => i.symbol === fill.symbol)!;
      return {
        time: fill.executedAt,
        symbol: fill.symbol,
        side: fill.side,
        quantity: fill.quantityLots,
        price: tickPrice(fill.priceTicks, instrument.tickSize),
        commission: money(fill.feeMinor),
        liquidity: fill.liquidity,
        clientOrderId: fill.clientOrderId,
      };
    });
  }
  if (options.equity) {
    summary.equityCurve = Array.from(result.equity.timestamps, (time, i) => ({
      time: new Date(time).toISOString(),
      value: money(result.equity.valuesMinor[i]!),
      drawdown: result.equity.drawdown[i]!,
    }));
  }
  return summary;
}
