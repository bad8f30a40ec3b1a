// Statistics of closed trades from their net P&L (after costs), shared by the backtester (round
// trips) and reporting (closing fills). Sums are plain float additions of the given numbers, so
// integer minor units stay exact up to 2^53. Ratios that would divide by zero are null.
//   win rate = trades with net P&L > 0 / trades; profit factor = Σ winners / |Σ losers|
//   expectancy = Σ net / trades (in the input's unit)

/** The trade statistics. */
export interface TradeStatistics {
  trades: number;
  winningTrades: number;
  losingTrades: number;
  grossWin: number;
  /** Σ of the losers' net P&L as a positive number. */
  grossLoss: number;
  net: number;
  /** Largest and smallest net P&L, null without trades. */
  best: number | null;
  worst: number | null;
  winRate: number | null;
  profitFactor: number | null;
  expectancy: number | null;
}

/** Win rate, profit factor, expectancy and totals of the trades' net P&L (see the module comment). */
export function tradeStatistics(netPnl: Iterable<number>): TradeStatistics {
  let trades = 0;
  let wins = 0;
  let losses = 0;
  let grossWin = 0;
  let grossLoss = 0;
  let net = 0;
  let best = -Infinity;
  let worst = Infinity;
  for (const pnl of netPnl) {
    trades++;
    net += pnl;
    if (pnl > best) best = pnl;
    if (pnl < worst) worst = pnl;
    if (pnl > 0) {
      wins++;
      grossWin += pnl;
    } else if (pnl < 0) {
      losses++;
      grossLoss -= pnl;
    }
  }
  return {
    trades,
    winningTrades: wins,
    losingTrades: losses,
    grossWin,
    grossLoss,
    net,
    best: trades > 0 ? best : null,
    worst: trades > 0 ? worst : null,
    winRate: trades > 0 ? wins / trades : null,
    profitFactor: grossLoss > 0 ? grossWin / grossLoss : null,
    expectancy: trades > 0 ? net / trades : null,
  };
}
