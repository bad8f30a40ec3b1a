// Orders blotter: every order of the caller, live (the newest page polled, orders sent from the
// workstation and the stream's updates merged at once), the whole history paged in (scrolling to
// the last row or "Load older" loads the next page), filterable (text and "working only", over
// every loaded order), with inline modify (double-click quantity or price of a working order) and
// cancel (button per row, and "Cancel all" on Ctrl+Shift+X). Edits are checked exactly (ticks,
// filled quantity) before they are sent; the server's answer comes back in the next refresh.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ColDef, ICellRendererParams, NewValueParams } from 'ag-grid-community';
import type { Order } from '@kestrel/shared';
import type { OrderView } from '../trading/order-gateway.js';
import { useStore } from 'zustand';
import { useServices } from '../../app/services-context.js';
import { notify } from '../../app/toasts.js';
import { DataGrid } from '../../ui/data-grid.js';
import { messageOf } from '../auth/session-controller.js';
import { formatPrice, formatTime } from '../market/format.js';
import { useHistoryPaging, useOrders } from '../trading/use-trading.js';
import { HistoryPager } from './history-pager.js';
import { averagePriceText, editChange, isWorking } from './blotter-model.js';

interface OrderRow extends OrderView {
  /** Text fields the grid edits (the integers stay in the order). */
  quantityText: string;
  limitText: string;
  stopText: string;
  averageText: string;
  working: boolean;
}

/** The orders blotter panel. */
export function OrdersBlotter() {
  const { orders, instruments, trading, commands } = useServices();
  const known = useStore(instruments, (state) => state.bySymbol);
  const result = useOrders();
  const paging = useHistoryPaging(trading.orderHistory);
  const loadOlder = useCallback(() => void trading.loadOlderOrders(), [trading]);
  const [filter, setFilter] = useState('');
  const [workingOnly, setWorkingOnly] = useState(false);

  const cancel = useCallback(
    async (order: Order) => {
      try {
        await orders.cancel(order.id);
        notify('info', `Cancel sent for ${order.side} ${order.quantityLots} ${order.symbol}`);
        trading.refresh();
      } catch (error) {
        notify('error', `Cancel refused: ${messageOf(error)}`);
      }
    },
    [orders, trading],
  );

  const rows = useMemo<OrderRow[]>(() => {
    const list = result?.ok ? result.value : [];
    return list
      .filter((order) => !workingOnly || isWorking(order))
      .map((order) => {
        const instrument = known.get(order.symbol);
        return {
          ...order,
          quantityText: String(order.quantityLots),
          limitText: order.limitPriceTicks === null ? '' : formatPrice(instrument, order.limitPriceTicks),
          stopText: order.stopPriceTicks === null ? '' : formatPrice(instrument, order.stopPriceTicks),
          averageText: instrument ? averagePriceText(order.averageFillPrice, instrument.tickSize) : '',
          working: isWorking(order),
        };
      });
  }, [result, workingOnly, known]);

  useEffect(() => {
    const cancelAll = async () => {
      const working = (result?.ok ? result.value : []).filter(isWorking);
      if (working.length === 0) return notify('info', 'No working orders');
      if (!window.confirm(`Cancel all ${working.length} working orders?`)) return;
      try {
        notify('info', `Cancel sent for ${await orders.cancelAll()} orders`);
      } catch (error) {
        notify('error', `Cancel all refused: ${messageOf(error)}`);
      }
      trading.refresh();
    };
    return commands.handle('orders.cancelAll', () => void cancelAll());
  }, [commands, result, orders, trading]);

  const edit = useCallback(
    (field: 'quantity' | 'limitPrice' | 'stopPrice') => (event: NewValueParams<OrderRow>) => {
      const order = event.data;
      const instrument = known.get(order.symbol);
      if (!instrument || !order) return;
      const checked = editChange(order, field, String(event.newValue ?? ''), instrument);
      if (!checked.ok) {
        notify('error', checked.problem);
        trading.refresh();
        return;
      }
      orders
        .modify(order.id, checked.change)
        .then(() => notify('info', `Change sent for ${order.side} ${order.symbol}`))
        .catch((error: unknown) => notify('error', `Change refused: ${messageOf(error)}`))
        .finally(() => trading.refresh());
    },
    [known, orders, trading],
  );

  const columns = useMemo<Array<ColDef<OrderRow>>>(
    () => [
      { headerName: 'Time', field: 'createdAt', width: 100, valueFormatter: (params) => (params.value ? formatTime(params.value as string) : ''), sort: 'desc' },
      { headerName: 'Symbol', field: 'symbol', width: 80 },
      { headerName: 'Side', field: 'side', width: 60, cellClass: (params) => (params.value === 'buy' ? 'buy-text' : 'sell-text') },
      { headerName: 'Type', field: 'type', width: 80 },
      { headerName: 'TIF', field: 'timeInForce', width: 60 },
      {
        headerName: 'Qty',
        field: 'quantityText',
        width: 80,
        type: 'rightAligned',
        editable: (params) => Boolean(params.data?.working),
        onCellValueChanged: edit('quantity'),
      },
      {
        headerName: 'Limit',
        field: 'limitText',
        width: 90,
        type: 'rightAligned',
        editable: (params) => Boolean(params.data?.working && params.data.limitPriceTicks !== null),
        onCellValueChanged: edit('limitPrice'),
      },
      {
        headerName: 'Stop',
        field: 'stopText',
        width: 90,
        type: 'rightAligned',
        editable: (params) => Boolean(params.data?.working && params.data.stopPriceTicks !== null),
        onCellValueChanged: edit('stopPrice'),
      },
      { headerName: 'Filled', field: 'filledQuantityLots', width: 70, type: 'rightAligned' },
      { headerName: 'Leaves', field: 'remainingQuantityLots', width: 70, type: 'rightAligned' },
      { headerName: 'Avg px', field: 'averageText', width: 90, type: 'rightAligned' },
      {
        headerName: 'Status',
        field: 'status',
        width: 130,
        valueGetter: (params) => (params.data ? `${params.data.status}${params.data.cancelPending ? ' (cancelling)' : params.data.pendingModification ? ' (modifying)' : ''}` : ''),
      },
      { headerName: 'Reason', field: 'rejectReason', width: 150 },
      { headerName: 'Client id', field: 'clientOrderId', width: 150 },
      {
        headerName: '',
        colId: 'actions',
        width: 70,
        sortable: false,
        filter: false,
        pinned: 'right',
        cellRenderer: (params: ICellRendererParams<OrderRow>) =>
          params.data?.working ? (
            <button className="btn btn-small" data-testid="cancel-order" onClick={() => params.data && void cancel(params.data)}>
              Cancel
            </button>
          ) : null,
      },
    ],
    [cancel, edit],
  );

  return (
    <div className="panel">
      <div className="panel-toolbar">
        <input className="input" placeholder="Filter…" value={filter} onChange={(event) => setFilter(event.target.value)} aria-label="Filter orders" />
        <label className="row">
          <input type="checkbox" checked={workingOnly} onChange={(event) => setWorkingOnly(event.target.checked)} /> Working only
        </label>
        <span className="spacer" />
        <HistoryPager history={paging} noun="orders" onLoadOlder={loadOlder} testId="orders-history" />
        {result && !result.ok && <span className="error-text">{messageOf(result.error)}</span>}
      </div>
      <div className="panel-body">
        {orders.available ? (
          <DataGrid rows={rows} columns={columns} quickFilter={filter} testId="orders-blotter" overlay="No orders" onScrolledToEnd={loadOlder} />
        ) : (
          <div className="panel-empty" data-testid="orders-unavailable">
            {orders.unavailableReason}
          </div>
        )}
      </div>
    </div>
  );
}
