// A finished backtest's result as the panel shows it, read from the strategy service's JSON
// (the `kestrel backtest --json` object): headline statistics, the equity curve with its
// drawdown (as chart points in UTC seconds; the service samples equity in event time, so equal
// seconds keep the last sample), and the closed and open trades as grid rows. Unknown or missing
// fields read as null rather than failing: the result is the service's to define.

/** Headline numbers of a run. */
export interface BacktestSummary {
  initialCash: number | null;
  finalValue: number | null;
  totalReturn: number | null;
  sharpe: number | null;
  maxDrawdown: number | null;
  closedTrades: number | null;
  winRate: number | null;
}

/** One trade row. */
export interface TradeRow {
  id: string;
  symbol: string;
  direction: string;
  entryTime: string;
  exitTime: string | null;
  quantity: number;
  entryPrice: string;
  exitPrice: string;
  pnl: number;
  returnPercent: number | null;
  bars: number;
  open: boolean;
}

/** The equity curve as chart points. */
export interface EquityPoints {
  equity: Array<{ time: number; value: number }>;
  /** Drawdown as a negative percentage of the peak. */
  drawdown: Array<{ time: number; value: number }>;
}

const numberOr = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/** Headline statistics (top level first, then the statistics object). */
export function summaryOf(result: Record<string, unknown>): BacktestSummary {
  const statistics = (result['statistics'] ?? {}) as Record<string, unknown>;
  const read = (key: string) => numberOr(result[key]) ?? numberOr(statistics[key]);
  return {
    initialCash: read('initialCash'),
    finalValue: read('finalValue'),
    totalReturn: read('totalReturn'),
    sharpe: read('sharpe'),
    maxDrawdown: read('maxDrawdown'),
    closedTrades: read('closedTrades'),
    winRate: read('winRate'),
  };
}

/** The equity curve and its drawdown, one point per second (the last sample of a second). */
export function equityPointsOf(result: Record<string, unknown>): EquityPoints {
  const curve = Array.isArray(result['equityCurve']) ? (result['equityCurve'] as Array<Record<string, unknown>>) : [];
  const equity: EquityPoints['equity'] = [];
  const drawdown: EquityPoints['drawdown'] = [];
  for (const sample of curve) {
    const time = Math.floor(Date.parse(String(sample['time'])) / 1000);
    const value = numberOr(sample['value']);
    if (!Number.isFinite(time) || value === null) continue;
    const down = numberOr(sample['drawdown']) ?? 0;
    const point = { time, value };
    const downPoint = { time, value: -Math.abs(down) * 100 };
    if (equity.length > 0 && equity[equity.length - 1]!.time === time) {
      equity[equity.length - 1] = point;
      drawdown[drawdown.length - 1] = downPoint;
    } else if (equity.length === 0 || time > equity[equity.length - 1]!.time) {
      equity.push(point);
      drawdown.push(downPoint);
    }
  }
  return { equity, drawdown };
}

/** Closed trades, then open ones, as grid rows. */
export function tradeRowsOf(result: Record<string, unknown>): TradeRow[] {
  const rows = (list: unknown, open: boolean) =>
    (Array.isArray(list) ? (list as Array<Record<string, unknown>>) : []).map((trade, index) => ({
      id: `${open ? 'open' : 'closed'}-${index}`,
      symbol: String(trade['symbol'] ?? ''),
      direction: String(trade['direction'] ?? ''),
      entryTime: String(trade['entryTime'] ?? ''),
      exitTime: trade['exitTime'] === null || trade['exitTime'] === undefined ? null : String(trade['exitTime']),
      quantity: numberOr(trade['quantity']) ?? 0,
      entryPrice: String(trade['entryPrice'] ?? ''),
      exitPrice: String(trade['exitPrice'] ?? ''),
      pnl: numberOr(trade['pnl']) ?? 0,
      returnPercent: numberOr(trade['return']) === null ? null : numberOr(trade['return'])! * 100,
      bars: numberOr(trade['bars']) ?? 0,
      open,
    }));
  return [...rows(result['tradeList'], false), ...rows(result['openTradeList'], true)];
}
