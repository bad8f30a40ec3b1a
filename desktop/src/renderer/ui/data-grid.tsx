// The grid every blotter uses: AG Grid (community) with the CSS-file "legacy" theme, because the
// theming API injects <style> elements that the strict Content-Security-Policy (style-src 'self')
// refuses; the balham theme's CSS is bundled as a file and recoloured with the app's variables.
// Rows are identified by id, so a new list from the server becomes a delta update (only changed
// rows re-render) — which is what keeps a 10,000-row blotter smooth.
import 'ag-grid-community/styles/ag-grid.css';
import 'ag-grid-community/styles/ag-theme-balham.css';
import { AllCommunityModule, ModuleRegistry, type CellValueChangedEvent, type ColDef, type GetRowIdParams, type GridApi, type GridReadyEvent } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useStore } from 'zustand';
import { useServices } from '../app/services-context.js';

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
  return (
    <div className={theme === 'dark' ? 'ag-theme-balham-dark' : 'ag-theme-balham'} style={{ height: '100%', width: '100%' }} data-testid={testId}>
      <AgGridReact<T>
        theme="legacy"
        rowData={rows as T[]}
        columnDefs={columns}
        defaultColDef={{ sortable: true, resizable: true, filter: true, minWidth: 60 }}
        getRowId={(params: GetRowIdParams<T>) => params.data.id}
        quickFilterText={quickFilter}
        rowHeight={22}
        headerHeight={24}
        animateRows={false}
        suppressColumnVirtualisation
        singleClickEdit
        stopEditingWhenCellsLoseFocus
        suppressCellFocus={false}
        overlayNoRowsTemplate={overlay ?? 'No rows'}
        onGridReady={(event: GridReadyEvent<T>) => onReady?.(event.api)}
        onCellValueChanged={onCellValueChanged}
      />
    </div>
  );
}
