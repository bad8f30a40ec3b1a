// The layout of a new workspace: watchlist left; chart in the middle; ticket and price ladder on
// the right; orders, fills, positions and account tabbed under the chart; time and sales under
// the ladder. Everything on the red link group, showing the first demo symbol.
import type { DockviewApi } from 'dockview-react';
import { defaultParams, PANEL_TITLES, type PanelType } from './panel-params.js';

/** The symbol a fresh workspace shows. */
export const DEFAULT_SYMBOL = 'AAPL';

let counter = 0;
/** A unique panel id. */
export function newPanelId(type: PanelType): string {
  counter += 1;
  return `${type}-${Date.now().toString(36)}-${counter}`;
}

/** Adds a panel of `type` (to the right of the active group, or where `position` says). */
export function addPanel(api: DockviewApi, type: PanelType, symbol: string, position?: Parameters<DockviewApi['addPanel']>[0]['position']) {
  return api.addPanel({ id: newPanelId(type), component: type, title: PANEL_TITLES[type], params: defaultParams(type, symbol), ...(position ? { position } : {}) });
}

/** Builds the default layout into an empty dock. */
export function buildDefaultLayout(api: DockviewApi, symbol = DEFAULT_SYMBOL): void {
  const chart = addPanel(api, 'chart', symbol);
  addPanel(api, 'watchlist', symbol, { referencePanel: chart.id, direction: 'left' });
  const ticket = addPanel(api, 'ticket', symbol, { referencePanel: chart.id, direction: 'right' });
  const dom = addPanel(api, 'dom', symbol, { referencePanel: ticket.id, direction: 'below' });
  addPanel(api, 'tape', symbol, { referencePanel: dom.id, direction: 'within' });
  const orders = addPanel(api, 'orders', symbol, { referencePanel: chart.id, direction: 'below' });
  addPanel(api, 'fills', symbol, { referencePanel: orders.id, direction: 'within' });
  addPanel(api, 'positions', symbol, { referencePanel: orders.id, direction: 'within' });
  addPanel(api, 'account', symbol, { referencePanel: orders.id, direction: 'within' });
  orders.api.setActive();
  dom.api.setActive();
  chart.api.setActive();
  const [watchGroup] = api.groups.filter((group) => group.panels.some((panel) => panel.id.startsWith('watchlist')));
  watchGroup?.api.setSize({ width: 330 });
  ticket.group.api.setSize({ width: 340 });
  orders.group.api.setSize({ height: 230 });
}
