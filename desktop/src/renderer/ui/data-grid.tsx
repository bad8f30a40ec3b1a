// The grid every blotter uses: AG Grid (community) with the CSS-file "legacy" theme, because the
// theming API injects <style> elements that the strict Content-Security-Policy (style-src 'self')
// refuses; the balham theme's CSS is bundled as a file and recoloured with the app's variables.
// The grid is AG Grid's own DOM grid (createGrid), not its React wrapper: the wrapper renders
// every row and cell through React state, so a row added by a transaction reached the DOM only
// after one or two more React renders (5–10 ms after the transaction, measured by the ticket
// benchmark); the DOM grid builds the row inside `applyTransaction`. Column renderers written as
// React functions (`cellRenderer: (params) => <button…/>`) still work: each such cell gets a
// small React root of its own (ReactCell), only for the rows on screen.
// Rows are identified by id, and a new list is never handed to the grid as a whole: the grid gets
// the first list at creation, then only deltas (rows added, changed by value, removed) as
// transactions: changes to shown rows asynchronously (applyTransactionAsync: AG Grid batches them
// and re-renders only the changed rows, at most once per ASYNC_WAIT_MS) — which is what keeps a
// 10,000-row blotter at a thousand row updates per second within a frame or two — and added or
// removed rows at once, in the same task as the React commit that brought them (a layout effect),
// so an order just sent shows without waiting for the batch or a paint.
import 'ag-grid-community/styles/ag-grid.css';
import 'ag-grid-community/styles/ag-theme-balham.css';
import {
  AllCommunityModule,
  ModuleRegistry,
  createGrid,
  type BodyScrollEndEvent,
  type CellValueChangedEvent,
  type ColDef,
  type GetRowIdParams,
  type GridApi,
  type ICellRendererComp,
  type ICellRendererParams,
} from 'ag-grid-community';
import { useLayoutEffect, useRef, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
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

/** A column renderer written as a React function. */
type ReactCellRenderer<T> = (params: ICellRendererParams<T>) => ReactNode;

/** A cell whose content a React function renders, in a root of its own (unmounted with the cell). */
class ReactCell<T> implements ICellRendererComp<T> {
  private readonly element = document.createElement('span');
  private root: Root | null = null;

  constructor(private readonly render: ReactCellRenderer<T>) {}

  init(params: ICellRendererParams<T>): void {
    this.root = createRoot(this.element);
    this.root.render(this.render(params));
  }

  getGui(): HTMLElement {
    return this.element;
  }

  refresh(params: ICellRendererParams<T>): boolean {
    this.root?.render(this.render(params));
    return true;
  }

  destroy(): void {
    const root = this.root;
    this.root = null;
    // A root cannot be unmounted while React renders (the grid may drop a row during a commit).
    if (root) queueMicrotask(() => root.unmount());
  }
}

/** The columns as the DOM grid takes them: React function renderers wrapped in ReactCell. */
function domColumns<T>(columns: Array<ColDef<T>>): Array<ColDef<T>> {
  return columns.map((column) => {
    const render = column.cellRenderer as unknown;
    // A class with getGui is already a DOM renderer; any other function renders React.
    if (typeof render !== 'function' || 'getGui' in (render.prototype ?? {})) return column;
    const reactRender = render as ReactCellRenderer<T>;
    return {
      ...column,
      cellRenderer: class extends ReactCell<T> {
        constructor() {
          super(reactRender);
        }
      },
    };
  });
}

/** Props of DataGrid. */
export interface DataGridProps<T extends { id: string }> {
  rows: readonly T[];
  columns: Array<ColDef<T>>;
  quickFilter?: string;
  testId?: string;
  onReady?: (api: GridApi<T>) => void;
  onCellValueChanged?: (event: CellValueChangedEvent<T>) => void;
  /** Called when the body is scrolled to its last row (paging in older rows). */
  onScrolledToEnd?: () => void;
  overlay?: string;
}

/** A themed, id-keyed grid. */
export function DataGrid<T extends { id: string }>({ rows, columns, quickFilter, testId, onReady, onCellValueChanged, onScrolledToEnd, overlay }: DataGridProps<T>) {
  const { preferences } = useServices();
  const theme = useStore(preferences.store, (state) => state.theme);
  const host = useRef<HTMLDivElement>(null);
  const api = useRef<GridApi<T> | null>(null);
  // What the grid shows, by id: later lists arrive as deltas against it.
  const shown = useRef(new Map<string, T>());
  const latest = useRef(rows);
  latest.current = rows;
  const handlers = useRef({ onReady, onCellValueChanged, onScrolledToEnd });
  handlers.current = { onReady, onCellValueChanged, onScrolledToEnd };
  const options = useRef({ columns, quickFilter, overlay });
  options.current = { columns, quickFilter, overlay };
  // The options the grid has (it is created with the first ones; later changes are set on it).
  const applied = useRef(options.current);

  useLayoutEffect(() => {
    const initial = latest.current.slice();
    applied.current = options.current;
    shown.current = new Map(initial.map((row) => [row.id, row]));
    const grid = createGrid<T>(host.current!, {
      theme: 'legacy',
      rowData: initial,
      columnDefs: domColumns(options.current.columns),
      defaultColDef: DEFAULT_COLUMN,
      getRowId: rowIdOf<T>,
      quickFilterText: options.current.quickFilter,
      rowHeight: 22,
      headerHeight: 24,
      animateRows: false,
      suppressColumnVirtualisation: true,
      singleClickEdit: true,
      stopEditingWhenCellsLoseFocus: true,
      overlayNoRowsTemplate: options.current.overlay ?? 'No rows',
      asyncTransactionWaitMillis: ASYNC_WAIT_MS,
      onCellValueChanged: (event: CellValueChangedEvent<T>) => handlers.current.onCellValueChanged?.(event),
      onBodyScrollEnd: (event: BodyScrollEndEvent<T>) => {
        if (event.direction !== 'vertical' || !handlers.current.onScrolledToEnd) return;
        const last = event.api.getDisplayedRowCount() - 1;
        if (last >= 0 && event.api.getLastDisplayedRowIndex() >= last) handlers.current.onScrolledToEnd();
      },
    });
    api.current = grid;
    handlers.current.onReady?.(grid);
    return () => {
      api.current = null;
      grid.destroy();
    };
  }, []);

  useLayoutEffect(() => {
    if (!api.current || applied.current.columns === columns) return;
    applied.current = { ...applied.current, columns };
    api.current.setGridOption('columnDefs', domColumns(columns));
  }, [columns]);
  useLayoutEffect(() => {
    if (!api.current || applied.current.quickFilter === quickFilter) return;
    applied.current = { ...applied.current, quickFilter };
    api.current.setGridOption('quickFilterText', quickFilter);
  }, [quickFilter]);
  useLayoutEffect(() => {
    if (!api.current || applied.current.overlay === overlay) return;
    applied.current = { ...applied.current, overlay };
    api.current.setGridOption('overlayNoRowsTemplate', overlay ?? 'No rows');
  }, [overlay]);

  useLayoutEffect(() => {
    const grid = api.current;
    const delta = grid ? rowDelta(shown.current, rows) : null;
    if (!grid || !delta) return;
    // New and removed rows show at once (an order just sent); changes to shown rows are batched.
    if (delta.add.length > 0 || delta.remove.length > 0) grid.applyTransaction(delta);
    else grid.applyTransactionAsync(delta);
  }, [rows]);

  return <div ref={host} className={theme === 'dark' ? 'ag-theme-balham-dark' : 'ag-theme-balham'} style={{ height: '100%', width: '100%' }} data-testid={testId} />;
}
