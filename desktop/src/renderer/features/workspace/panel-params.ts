// The parameters each panel type stores in the layout (dockview panel params), with defaults.
// Invariants: everything a panel needs to come back exactly as it was (symbol, interval,
// indicators, drawings, link group, columns) is here, because the layout is what a workspace saves.
import type { BarInterval } from '@kestrel/shared';
import type { LinkSetting } from './workspace-document.js';

/** Chart series styles. */
export const CHART_STYLES = ['candles', 'bars', 'line', 'area'] as const;
/** One chart style. */
export type ChartStyle = (typeof CHART_STYLES)[number];

/** An indicator on a chart. */
export interface IndicatorSpec {
  id: string;
  kind: 'sma' | 'ema' | 'bollinger' | 'vwap' | 'rsi' | 'macd';
  period?: number;
}

/** A point of a drawing: a bar time (UTC seconds) and a price in whole ticks. */
export interface DrawingPoint {
  time: number;
  priceTicks: number;
}

/**
 * A drawing on a chart, in ticks and seconds (the chart's own units). New kinds are added, never
 * changed, so saved layouts keep loading (drawing-geometry.ts `savedDrawings` skips unknown ones).
 */
export type Drawing =
  | { id: string; kind: 'hline'; priceTicks: number }
  | { id: string; kind: 'trend'; from: DrawingPoint; to: DrawingPoint }
  /** Two opposite corners. */
  | { id: string; kind: 'rectangle'; from: DrawingPoint; to: DrawingPoint }
  /** Fibonacci retracement from the start of a move (100%) to its end (0%). */
  | { id: string; kind: 'fib'; from: DrawingPoint; to: DrawingPoint };

/** Params every linkable panel has. */
export interface LinkedParams {
  symbol: string;
  link: LinkSetting;
}

/** Chart panel. */
export interface ChartParams extends LinkedParams {
  interval: BarInterval;
  style: ChartStyle;
  volume: boolean;
  indicators: IndicatorSpec[];
  drawings: Drawing[];
}

/** Watchlist panel. */
export interface WatchlistParams {
  symbols: string[];
  link: LinkSetting;
}

/** Order ticket panel. */
export interface TicketParams extends LinkedParams {
  accountId: string | null;
}

/** Panel types of the workstation. */
export const PANEL_TYPES = ['watchlist', 'chart', 'ticket', 'orders', 'fills', 'positions', 'account', 'dom', 'tape', 'alerts', 'strategies', 'backtests', 'reports', 'paper', 'apikeys', 'risk', 'users'] as const;
/** One panel type. */
export type PanelType = (typeof PANEL_TYPES)[number];

/** Titles shown in tabs and the add-panel menu. */
export const PANEL_TITLES: Readonly<Record<PanelType, string>> = {
  watchlist: 'Watchlist',
  chart: 'Chart',
  ticket: 'Order ticket',
  orders: 'Orders',
  fills: 'Fills',
  positions: 'Positions',
  account: 'Account',
  dom: 'Price ladder',
  tape: 'Time & sales',
  alerts: 'Alerts',
  strategies: 'Strategies',
  backtests: 'Backtests',
  reports: 'Reports',
  paper: 'Paper trading',
  apikeys: 'API keys',
  risk: 'Risk controls',
  users: 'Users (admin)',
};

/** Roles that may open a panel type (others see it only if a saved layout has it). */
export const PANEL_ROLES: Partial<Record<PanelType, readonly string[]>> = { risk: ['admin', 'risk'], users: ['admin'] };

/** Default params of a new panel. */
export function defaultParams(type: PanelType, symbol: string, link: LinkSetting = 'red'): Record<string, unknown> {
  switch (type) {
    case 'watchlist':
      return { symbols: ['AAPL', 'AMZN', 'GOOG', 'MSFT', 'SPY'], link } satisfies WatchlistParams;
    case 'chart':
      return { symbol, link, interval: '1d', style: 'candles', volume: true, indicators: [{ id: 'sma20', kind: 'sma', period: 20 }], drawings: [] } satisfies ChartParams;
    case 'ticket':
      return { symbol, link, accountId: null } satisfies TicketParams;
    case 'dom':
    case 'tape':
      return { symbol, link } satisfies LinkedParams;
    default:
      return {};
  }
}
