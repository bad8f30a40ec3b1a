// Which React component renders each panel type (the dock's `components` map).
import type { FunctionComponent } from 'react';
import type { IDockviewPanelProps } from 'dockview-react';
import { AccountPanel } from '../account/account-panel.js';
import { AlertsPanel } from '../alerts/alerts-panel.js';
import { ApiKeysPanel } from '../admin/api-keys-panel.js';
import { RiskPanel } from '../admin/risk-panel.js';
import { UsersPanel } from '../admin/users-panel.js';
import { BacktestsPanel } from '../backtests/backtests-panel.js';
import { FillsBlotter } from '../blotters/fills-blotter.js';
import { OrdersBlotter } from '../blotters/orders-blotter.js';
import { ChartPanel } from '../chart/chart-panel.js';
import { DomPanel } from '../dom/dom-panel.js';
import { TicketPanel } from '../order-ticket/ticket-panel.js';
import { PositionsPanel } from '../positions/positions-panel.js';
import { ReportsPanel } from '../reports/reports-panel.js';
import { PaperTradingPanel } from '../simulation/paper-trading-panel.js';
import { StrategiesPanel } from '../strategies/strategies-panel.js';
import { TimeAndSalesPanel } from '../time-sales/time-sales-panel.js';
import { WatchlistPanel } from '../watchlist/watchlist-panel.js';
import type { PanelType } from './panel-params.js';

/** Panel type → component. */
export const PANEL_COMPONENTS: Record<PanelType, FunctionComponent<IDockviewPanelProps>> = {
  watchlist: WatchlistPanel as FunctionComponent<IDockviewPanelProps>,
  chart: ChartPanel as FunctionComponent<IDockviewPanelProps>,
  ticket: TicketPanel as FunctionComponent<IDockviewPanelProps>,
  orders: OrdersBlotter,
  fills: FillsBlotter,
  positions: PositionsPanel,
  account: AccountPanel,
  dom: DomPanel as FunctionComponent<IDockviewPanelProps>,
  tape: TimeAndSalesPanel as FunctionComponent<IDockviewPanelProps>,
  alerts: AlertsPanel,
  strategies: StrategiesPanel,
  backtests: BacktestsPanel,
  reports: ReportsPanel,
  paper: PaperTradingPanel,
  apikeys: ApiKeysPanel,
  risk: RiskPanel,
  users: UsersPanel,
};
