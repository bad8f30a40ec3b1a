// Positions: every open position of the caller with its mark, market value and P&L (unrealised
// from the portfolio's mark, realised, fees), live. "Flatten" sends the closing market order of a
// position (after confirmation); Ctrl+Shift+F flattens all. Money is shown in minor units of the
// position's currency, exactly as the portfolio computes it.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ColDef, ICellRendererParams } from 'ag-grid-community';
import type { Position } from '@kestrel/shared';
import { useStore } from 'zustand';
import { useServices } from '../../app/services-context.js';
import { notify } from '../../app/toasts.js';
import { DataGrid } from '../../ui/data-grid.js';
import { messageOf } from '../auth/session-controller.js';
import { averagePriceText, flattenOrder } from '../blotters/blotter-model.js';
import { formatMoney, formatPrice } from '../market/format.js';
import { newClientOrderId } from '../order-ticket/ticket-model.js';
import { usePositions } from '../trading/use-trading.js';

type PositionRow = Position & { id: string; markText: string; averageText: string; marketValueText: string; unrealisedText: string; realisedText: string };

const pnlClass = (value: unknown) => (typeof value === 'string' && value.startsWith('-') ? 'sell-text' : value && value !== '0.00' ? 'buy-text' : '');

/** The positions panel. */
export function PositionsPanel() {
  const { orders, instruments, trading, commands } = useServices();
  const known = useStore(instruments, (state) => state.bySymbol);
  const result = usePositions();
  const [includeFlat, setIncludeFlat] = useState(false);

  const flatten = useCallback(
    async (positions: readonly Position[]) => {
      const closing = positions.map((position) => flattenOrder(position, newClientOrderId())).filter((order) => order !== null);
      if (closing.length === 0) return notify('info', 'Nothing to flatten');
      if (!window.confirm(`Send ${closing.length} market order(s) to flatten ${closing.map((order) => `${order.symbol} ${order.side} ${order.quantityLots}`).join(', ')}?`)) return;
      for (const order of closing) {
        try {
          const placed = await orders.place(order);
          notify(placed.status === 'rejected' ? 'error' : 'success', `Flatten ${order.symbol}: ${placed.status}`);
        } catch (error) {
          notify('error', `Flatten ${order.symbol} refused: ${messageOf(error)}`);
        }
      }
      trading.refresh();
    },
    [orders, trading],
  );

  const positions = useMemo(() => (result?.ok ? result.value : []), [result]);
  useEffect(() => commands.handle('positions.flattenAll', () => void flatten(positions)), [commands, flatten, positions]);

  const rows = useMemo<PositionRow[]>(
    () =>
      positions
        .filter((position) => includeFlat || position.quantityLots !== 0)
        .map((position) => {
          const instrument = known.get(position.symbol);
          return {
            ...position,
            id: `${position.accountId}:${position.symbol}`,
            markText: formatPrice(instrument, position.markPriceTicks),
            averageText: instrument ? averagePriceText(position.averagePrice, instrument.tickSize) : '',
            marketValueText: formatMoney(position.marketValueMinor, position.currency),
            unrealisedText: formatMoney(position.unrealisedPnlMinor, position.currency),
            realisedText: formatMoney(position.realisedPnlMinor, position.currency),
          };
        }),
    [positions, includeFlat, known],
  );

  const columns = useMemo<Array<ColDef<PositionRow>>>(
    () => [
      { headerName: 'Symbol', field: 'symbol', width: 80 },
      { headerName: 'Qty', field: 'quantityLots', width: 80, type: 'rightAligned', cellClass: (params) => ((params.value as number) < 0 ? 'sell-text' : 'buy-text') },
      { headerName: 'Avg px', field: 'averageText', width: 95, type: 'rightAligned' },
      { headerName: 'Mark', field: 'markText', width: 90, type: 'rightAligned' },
      { headerName: 'Mkt value', field: 'marketValueText', width: 110, type: 'rightAligned' },
      { headerName: 'Unrealised', field: 'unrealisedText', width: 105, type: 'rightAligned', cellClass: (params) => pnlClass(params.value) },
      { headerName: 'Realised', field: 'realisedText', width: 100, type: 'rightAligned', cellClass: (params) => pnlClass(params.value) },
      { headerName: 'Ccy', field: 'currency', width: 60 },
      {
        headerName: '',
        colId: 'actions',
        width: 80,
        pinned: 'right',
        sortable: false,
        filter: false,
        cellRenderer: (params: ICellRendererParams<PositionRow>) =>
          params.data && params.data.quantityLots !== 0 ? (
            <button className="btn btn-small" disabled={!orders.available} onClick={() => params.data && void flatten([params.data])} data-testid="flatten">
              Flatten
            </button>
          ) : null,
      },
    ],
    [flatten, orders.available],
  );

  return (
    <div className="panel">
      <div className="panel-toolbar">
        <label className="row">
          <input type="checkbox" checked={includeFlat} onChange={(event) => setIncludeFlat(event.target.checked)} /> Closed too
        </label>
        <span className="spacer" />
        {result && !result.ok && <span className="error-text">{messageOf(result.error)}</span>}
        <button className="btn btn-small" disabled={!orders.available || rows.length === 0} onClick={() => void flatten(positions)}>
          Flatten all <span className="kbd">Ctrl+Shift+F</span>
        </button>
      </div>
      <div className="panel-body">
        <DataGrid rows={rows} columns={columns} testId="positions" overlay="No positions" />
      </div>
    </div>
  );
}
