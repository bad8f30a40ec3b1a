// Fills blotter: every execution of the caller, newest first, the whole history paged in (scroll to
// the last row or "Load older"), filterable over every loaded fill.
import { useCallback, useMemo, useState } from 'react';
import type { ColDef } from 'ag-grid-community';
import type { Execution } from '@kestrel/shared';
import { useStore } from 'zustand';
import { useServices } from '../../app/services-context.js';
import { DataGrid } from '../../ui/data-grid.js';
import { messageOf } from '../auth/session-controller.js';
import { formatMoney, formatPrice, formatTime } from '../market/format.js';
import { useExecutions, useHistoryPaging } from '../trading/use-trading.js';
import { HistoryPager } from './history-pager.js';

type FillRow = Execution & { priceText: string; feeText: string };

/** The fills blotter panel. */
export function FillsBlotter() {
  const { orders, instruments, trading } = useServices();
  const known = useStore(instruments, (state) => state.bySymbol);
  const result = useExecutions();
  const paging = useHistoryPaging(trading.executionHistory);
  const loadOlder = useCallback(() => void trading.loadOlderExecutions(), [trading]);
  const [filter, setFilter] = useState('');
  const rows = useMemo<FillRow[]>(
    () =>
      (result?.ok ? result.value : []).map((execution) => {
        const instrument = known.get(execution.symbol);
        return { ...execution, priceText: formatPrice(instrument, execution.priceTicks), feeText: instrument ? formatMoney(execution.feeMinor, instrument.currency) : String(execution.feeMinor) };
      }),
    [result, known],
  );
  const columns = useMemo<Array<ColDef<FillRow>>>(
    () => [
      { headerName: 'Time', field: 'executedAt', width: 100, valueFormatter: (params) => (params.value ? formatTime(params.value as string) : ''), sort: 'desc' },
      { headerName: 'Symbol', field: 'symbol', width: 80 },
      { headerName: 'Side', field: 'side', width: 60, cellClass: (params) => (params.value === 'buy' ? 'buy-text' : 'sell-text') },
      { headerName: 'Qty', field: 'quantityLots', width: 80, type: 'rightAligned' },
      { headerName: 'Price', field: 'priceText', width: 90, type: 'rightAligned' },
      { headerName: 'Liquidity', field: 'liquidity', width: 80 },
      { headerName: 'Fee', field: 'feeText', width: 80, type: 'rightAligned' },
      { headerName: 'Venue', field: 'venue', width: 80 },
      { headerName: 'Order', field: 'clientOrderId', width: 150 },
    ],
    [],
  );
  return (
    <div className="panel">
      <div className="panel-toolbar">
        <input className="input" placeholder="Filter…" value={filter} onChange={(event) => setFilter(event.target.value)} aria-label="Filter fills" />
        <span className="spacer" />
        <HistoryPager history={paging} noun="fills" onLoadOlder={loadOlder} testId="fills-history" />
        {result && !result.ok && <span className="error-text">{messageOf(result.error)}</span>}
      </div>
      <div className="panel-body">
        {orders.available ? (
          <DataGrid rows={rows} columns={columns} quickFilter={filter} testId="fills-blotter" overlay="No fills" onScrolledToEnd={loadOlder} />
        ) : (
          <div className="panel-empty">{orders.unavailableReason}</div>
        )}
      </div>
    </div>
  );
}
