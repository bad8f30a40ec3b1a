// The grid every blotter uses: AG Grid (community) with the CSS-file "legacy" theme, because the
// theming API injects <style> elements that the strict Content-Security-Policy (style-src 'self')
// refuses; the balham theme's CSS is bundled as a file and recoloured with the app's variables.
// Rows are identified by id, and a new list is never handed to the grid as a whole: the grid
// gets the first list at creation, then only deltas (rows added, changed by value, removed) as
// transactions: changes to shown rows asynchronously (applyTransactionAsync: AG Grid batches
// them and re-renders only the changed rows, at most once per ASYNC_WAIT_MS) — which is what
// keeps a 10,000-row blotter at a thousand row updates per second within a frame or two — and
// added or removed rows at once, so an order just sent shows without waiting for the batch.
import 'ag-grid-community/styles/ag-grid.css';
import 'ag-grid-community/styles/ag-theme-balham.css';
import { AllCommunityModule, ModuleRegistry, type CellValueChangedEvent, type ColDef, type GetRowIdParams, type GridApi, type GridReadyEvent } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { useServices } from '../app/services-context.js';
import { rowDelta } from './row-delta.js';

const DEFAULT_COLUMN = { sortable: true, resizable: true, filter: true, minWidth: 60 };
/** The row id AG Grid keys rows by. */
function rowIdOf<T extends { id: string }>(params: GetRowIdParams<T>): string {
  return params.data.id;
}

/** How long AG Grid gathers asynchronous transactions before it applies them (one render). */
const ASYNC_WAIT_MS = 50;

ModuleRegistry.registerModules([AllCommunityModule]);

/** Props of DataGrid. */
export interface DataGridProps<T extends { id: string }> {
  rows: readonly T[];
  columns: Array<ColDef<T>>;
  quickFilter?: string;
  testId?: string;
  onReady?: (api: GridApi<T>) => void;
  onCellValueChanged?: (event: CellValueChangedEvent<T>) => void;
  overlay?: string;
}

/** A themed, id-keyed grid. */
export function DataGrid<T extends { id: string }>({ rows, columns, quickFilter, testId, onReady, onCellValueChanged, overlay }: DataGridProps<T>) {
  const { preferences } = useServices();
  const theme = useStore(preferences.store, (state) => state.theme);
  const api = useRef<GridApi<T> | null>(null);
  const latest = useRef(rows);
  latest.current = rows;
  // The grid's own copy: the first list is its initial data, later lists arrive as deltas.
  const [initialRows] = useState(() => rows.slice());
  const shown = useRef<Map<string, T> | null>(null);
  if (shown.current === null) shown.current = new Map(initialRows.map((row) => [row.id, row]));

  const sync = () => {
    const delta = api.current && shown.current ? rowDelta(shown.current, latest.current) : null;
    if (!delta) return;
    // New and removed rows show at once (an order just sent); changes to shown rows are batched.
    if (delta.add.length > 0 || delta.remove.length > 0) api.current!.applyTransaction(delta);
    else api.current!.applyTransactionAsync(delta);
  };
  useEffect(sync, [rows]);
  useEffect(
    () => () => {
      api.current = null;
    },
    [],
  );
  const ready = useRef(onReady);
  ready.current = onReady;

  // The grid element does not depend on the rows, so a new list re-renders DataGrid only (and
  // sends a delta), never AG Grid's React wrapper with its prop comparisons.
  const grid = useMemo(
    () => (
      <AgGridReact<T>
        theme="legacy"
        rowData={initialRows}
        columnDefs={columns}
        defaultColDef={DEFAULT_COLUMN}
        getRowId={rowIdOf<T>}
        quickFilterText={quickFilter}
        rowHeight={22}
        headerHeight={24}
        animateRows={false}
        suppressColumnVirtualisation
        singleClickEdit
        stopEditingWhenCellsLoseFocus
        suppressCellFocus={false}
        overlayNoRowsTemplate={overlay ?? 'No rows'}
        asyncTransactionWaitMillis={ASYNC_WAIT_MS}
        onGridReady={(event: GridReadyEvent<T>) => {
          api.current = event.api;
          sync();
          ready.current?.(event.api);
        }}
        onCellValueChanged={onCellValueChanged}
      />
    ),
    [initialRows, columns, quickFilter, overlay, onCellValueChanged],
  );

  return (
    <div className={theme === 'dark' ? 'ag-theme-balham-dark' : 'ag-theme-balham'} style={{ height: '100%', width: '100%' }} data-testid={testId}>
      {grid}
    </div>
  );
}
