// The trader's orders and fills on a chart, live from the trading feed: fills of the chart's
// symbol as series markers, working orders as price lines, and dragging an order line to move
// the order. A drag starts on a pointer-down within a few pixels of a line (over the plot, not
// the price axis) and takes the pointer from the chart (no panning meanwhile); the release snaps
// the price to the tick grid, applies the trader's confirmation rules exactly as the ticket does
// (ticket-model.ts confirmationReasons over the order as it would stand), then PATCHes the order
// through the order gateway. A refused or cancelled move snaps the line back and says why.
// Invariants: prices sent are whole ticks; the price scale includes the working orders' prices
// (as they are at the service, not while dragged, so the scale does not run away from a drag).
// Known limit: only the price of an order is dragged (not its quantity); touch drags are not
// supported (a touch pans the chart).
import { useEffect, useMemo, useRef, useState, type ReactNode, type RefObject } from 'react';
import { createSeriesMarkers, LineStyle, type IChartApi, type IPriceLine, type ISeriesApi, type ISeriesMarkersPluginApi, type SeriesType, type Time, type UTCTimestamp } from 'lightweight-charts';
import type { Instrument } from '@kestrel/shared';
import { useStore } from 'zustand';
import { useServices } from '../../app/services-context.js';
import { notify } from '../../app/toasts.js';
import { Modal } from '../../ui/modal.js';
import { messageOf } from '../auth/session-controller.js';
import { formatPrice } from '../market/format.js';
import { confirmationReasons, describeOrder } from '../order-ticket/ticket-model.js';
import type { OrderChange, OrderView } from '../trading/order-gateway.js';
import { useExecutions, useOrders } from '../trading/use-trading.js';
import type { BarColumns } from './bar-columns.js';
import { dragChange, fillMarkers, modifiedRequest, orderLineAt, orderLines, snapToTicks, type OrderLine } from './chart-trading-overlay.js';
import { chartColors } from './chart-theme.js';
import type { ChartViewport } from './chart-viewport.js';

/** How long a moved line waits at its new price for the feed to show the change. */
const MOVED_HOLD_MS = 5_000;

/** What the chart panel gives the hook. */
export interface ChartTradingOptions {
  host: RefObject<HTMLDivElement | null>;
  chart: RefObject<IChartApi | null>;
  viewport: RefObject<ChartViewport | null>;
  bars: RefObject<BarColumns>;
  /** The main price series (a new one after every rebuild), null before the first. */
  series: ISeriesApi<SeriesType> | null;
  symbol: string;
  instrument: Instrument | undefined;
  /** False while a drawing tool takes the clicks. */
  dragEnabled: boolean;
}

interface PendingMove {
  line: OrderLine;
  order: OrderView;
  change: OrderChange;
  priceTicks: number;
}

/** Orders and fills on the chart; returns data-* attributes for the host and the confirmation dialog. */
export function useChartTrading(options: ChartTradingOptions): { attributes: Record<string, string>; dialog: ReactNode } {
  const { host, chart, viewport, bars, series, symbol, instrument, dragEnabled } = options;
  const { orders, preferences, trading } = useServices();
  const confirmations = useStore(preferences.store, (state) => state.confirmations);
  const theme = useStore(preferences.store, (state) => state.theme);
  const ordersResult = useOrders();
  const executionsResult = useExecutions();
  const orderList = useMemo(() => (ordersResult?.ok ? ordersResult.value : []), [ordersResult]);
  const lines = useMemo(() => orderLines(orderList, symbol), [orderList, symbol]);
  const [markerCount, setMarkerCount] = useState(0);
  const [pendingMove, setPendingMove] = useState<PendingMove | null>(null);
  const [moves, setMoves] = useState(0);
  // A line's price while it is dragged, waiting for confirmation, or just moved: key → ticks.
  const held = useRef(new Map<string, { priceTicks: number; until: number }>());
  const priceLines = useRef(new Map<string, IPriceLine>());
  const linesOf = useRef<ISeriesApi<SeriesType> | null>(null);
  const latest = useRef({ lines, orderList, instrument });
  latest.current = { lines, orderList, instrument };
  const tickSize = instrument?.tickSize ?? '0.01';
  const price = (ticks: number) => formatPrice(instrument, ticks);

  // Working orders as price lines, updated in place; the price scale keeps them in view.
  useEffect(() => {
    if (!series) return;
    if (linesOf.current !== series) {
      // A rebuilt series starts without lines (the old ones went with the old series).
      priceLines.current.clear();
      linesOf.current = series;
    }
    const colors = chartColors();
    const now = Date.now();
    const seen = new Set<string>();
    for (const line of lines) {
      seen.add(line.key);
      const hold = held.current.get(line.key);
      if (hold && (hold.priceTicks === line.priceTicks || hold.until < now)) held.current.delete(line.key);
      const ticks = held.current.get(line.key)?.priceTicks ?? line.priceTicks;
      const lineOptions = {
        price: bars.current.price(ticks),
        color: line.side === 'buy' ? colors.up : colors.down,
        lineWidth: 1 as const,
        lineStyle: line.pending ? LineStyle.Dotted : LineStyle.Solid,
        axisLabelVisible: true,
        title: line.label,
      };
      const existing = priceLines.current.get(line.key);
      if (existing) existing.applyOptions(lineOptions);
      else priceLines.current.set(line.key, series.createPriceLine(lineOptions));
    }
    for (const [key, priceLine] of priceLines.current) {
      if (seen.has(key)) continue;
      series.removePriceLine(priceLine);
      priceLines.current.delete(key);
      held.current.delete(key);
    }
    const prices = lines.map((line) => bars.current.price(line.priceTicks));
    series.applyOptions({
      autoscaleInfoProvider: (original: () => { priceRange: { minValue: number; maxValue: number } | null } | null) => {
        const range = original();
        if (!range?.priceRange || prices.length === 0) return range;
        return { ...range, priceRange: { minValue: Math.min(range.priceRange.minValue, ...prices), maxValue: Math.max(range.priceRange.maxValue, ...prices) } };
      },
    });
  }, [series, lines, moves, theme, bars]);

  // Fills as markers on the bars that hold them, following the window the library holds.
  const markers = useRef<{ series: ISeriesApi<SeriesType>; api: ISeriesMarkersPluginApi<Time> } | null>(null);
  const executions = executionsResult?.ok ? executionsResult.value : null;
  useEffect(() => {
    const view = viewport.current;
    if (!series || !view) return undefined;
    if (markers.current?.series !== series) markers.current = { series, api: createSeriesMarkers(series, []) };
    const api = markers.current.api;
    const draw = () => {
      const list = fillMarkers(executions ?? [], symbol, view.current, chartColors());
      api.setMarkers(list.map((marker) => ({ ...marker, time: marker.time as UTCTimestamp })));
      setMarkerCount(list.length);
    };
    draw();
    view.setWindowListener(draw);
    return () => view.setWindowListener(null);
  }, [series, executions, symbol, viewport, theme]);

  // Dragging an order line.
  useEffect(() => {
    const element = host.current;
    const api = chart.current;
    if (!element || !api || !series || !dragEnabled || !orders.available) return undefined;
    const yOf = (event: PointerEvent | MouseEvent) => event.clientY - element.getBoundingClientRect().top;
    const projectPrice = (ticks: number) => series.priceToCoordinate(bars.current.price(ticks));
    let drag: { line: OrderLine; priceTicks: number; pointerId: number } | null = null;
    const lineAt = (event: PointerEvent) => {
      const x = event.clientX - element.getBoundingClientRect().left;
      return x <= api.timeScale().width() ? orderLineAt(latest.current.lines, yOf(event), projectPrice) : null;
    };
    const onDown = (event: PointerEvent) => {
      if (event.button !== 0 || event.pointerType === 'touch') return;
      const line = lineAt(event);
      if (!line) return;
      event.preventDefault();
      event.stopPropagation();
      drag = { line, priceTicks: line.priceTicks, pointerId: event.pointerId };
      element.setPointerCapture(event.pointerId);
      element.dataset['dragging'] = line.key;
    };
    const onMove = (event: PointerEvent) => {
      if (!drag) {
        // Where the lines are now (the end-to-end test aims at them) and a resize cursor over one.
        element.dataset['orderLineY'] = JSON.stringify(Object.fromEntries(latest.current.lines.map((line) => [line.key, projectPrice(line.priceTicks)])));
        element.style.cursor = lineAt(event) ? 'ns-resize' : '';
        return;
      }
      event.stopPropagation();
      const chartPrice = series.coordinateToPrice(yOf(event));
      if (chartPrice === null) return;
      drag.priceTicks = snapToTicks(chartPrice, latest.current.instrument?.tickSize ?? tickSize);
      held.current.set(drag.line.key, { priceTicks: drag.priceTicks, until: Number.POSITIVE_INFINITY });
      priceLines.current.get(drag.line.key)?.applyOptions({ price: bars.current.price(drag.priceTicks) });
    };
    const onUp = (event: PointerEvent) => {
      if (!drag || event.pointerId !== drag.pointerId) return;
      event.stopPropagation();
      const { line, priceTicks } = drag;
      drag = null;
      element.releasePointerCapture(event.pointerId);
      delete element.dataset['dragging'];
      release(line, priceTicks);
    };
    // The library listens to mouse events: none may reach it while a line is dragged.
    const swallow = (event: Event) => {
      if (drag) event.stopPropagation();
    };
    element.addEventListener('pointerdown', onDown, true);
    element.addEventListener('pointermove', onMove, true);
    element.addEventListener('pointerup', onUp, true);
    element.addEventListener('pointercancel', onUp, true);
    for (const type of ['mousedown', 'mousemove', 'mouseup'] as const) element.addEventListener(type, swallow, true);
    return () => {
      element.removeEventListener('pointerdown', onDown, true);
      element.removeEventListener('pointermove', onMove, true);
      element.removeEventListener('pointerup', onUp, true);
      element.removeEventListener('pointercancel', onUp, true);
      for (const type of ['mousedown', 'mousemove', 'mouseup'] as const) element.removeEventListener(type, swallow, true);
    };
    // release reads the latest state through refs; tickSize follows the instrument.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [host, chart, series, dragEnabled, orders, bars, tickSize]);

  /** Puts a line back where the order is. */
  const snapBack = (line: OrderLine) => {
    held.current.delete(line.key);
    setMoves((value) => value + 1);
  };

  const send = (move: PendingMove) => {
    setPendingMove(null);
    held.current.set(move.line.key, { priceTicks: move.priceTicks, until: Number.POSITIVE_INFINITY });
    orders
      .modify(move.order.id, move.change)
      .then(() => {
        held.current.set(move.line.key, { priceTicks: move.priceTicks, until: Date.now() + MOVED_HOLD_MS });
        notify('info', `Change sent: ${move.line.label} to ${price(move.priceTicks)}`);
      })
      .catch((error: unknown) => {
        notify('error', `Change refused: ${messageOf(error)}`);
        snapBack(move.line);
      })
      .finally(() => trading.refresh());
  };

  const release = (line: OrderLine, priceTicks: number) => {
    const { orderList: list, instrument: known } = latest.current;
    const order = list.find((each) => each.id === line.orderId);
    const checked = dragChange(line, priceTicks, known);
    if (!order || !known || !checked.ok) {
      if (!checked.ok && checked.problem !== 'Nothing changed') notify('error', checked.problem);
      else if (!order || !known) notify('error', 'The order is no longer known');
      snapBack(line);
      return;
    }
    const move = { line, order, change: checked.change, priceTicks };
    if (confirmationReasons(modifiedRequest(order, checked.change), known, confirmations).length > 0) setPendingMove(move);
    else send(move);
  };

  const attributes = {
    'data-order-lines': JSON.stringify(lines.map((line) => ({ key: line.key, priceTicks: held.current.get(line.key)?.priceTicks ?? line.priceTicks, label: line.label }))),
    'data-fill-markers': String(markerCount),
  };

  const dialog = pendingMove && (
    <Modal
      title="Move this order?"
      testId="move-confirmation"
      onClose={() => {
        snapBack(pendingMove.line);
        setPendingMove(null);
      }}
    >
      <div className="ticket">
        <b className="num">{describeOrder(modifiedRequest(pendingMove.order, pendingMove.change), price)}</b>
        <span className="muted">
          {pendingMove.line.field === 'limit' ? 'Limit' : 'Stop'} {price(pendingMove.line.priceTicks)} → {price(pendingMove.priceTicks)}
        </span>
        <div className="row">
          <span className="spacer" />
          <button
            className="btn"
            data-testid="cancel-move"
            onClick={() => {
              snapBack(pendingMove.line);
              setPendingMove(null);
            }}
          >
            Keep
          </button>
          <button className={`btn ${pendingMove.order.side === 'buy' ? 'btn-buy' : 'btn-sell'}`} data-testid="confirm-move" autoFocus onClick={() => send(pendingMove)}>
            Move
          </button>
        </div>
      </div>
    </Modal>
  );
  return { attributes, dialog };
}
