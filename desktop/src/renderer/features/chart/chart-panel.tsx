// Chart panel: candles, OHLC bars, line or area over the bars of the chosen interval, volume,
// indicators over the price or in their own panes (computed with the shared indicator library
// over the full series, the forming bar incrementally), drawings (horizontal lines, trend lines,
// rectangles, Fibonacci retracements) saved with the workspace — click one to select it, Delete
// removes it — and the trader's fills and working orders, whose lines drag to move the order
// (chart-trading.tsx). The full series lives in columns (BarColumns); the chart library only
// holds the window in view, decimated to the zoom level (ChartViewport), so long histories load
// and update in constant time. The newest bars are loaded once per symbol/interval, older pages
// as the view nears the oldest loaded bar (HistoryPager: one fetch at a time, until the start of
// history), prepended without moving the view; live bars are merged as they form. The host
// element carries data-* attributes (bar count, last close, indicator points, the drawn window,
// the paged history and the first bar in view) that the end-to-end tests read.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { IDockviewPanelProps } from 'dockview-react';
import { AreaSeries, BarSeries, CandlestickSeries, HistogramSeries, LineSeries, LineStyle, createChart, type IChartApi, type IPriceLine, type ISeriesApi, type Logical, type SeriesType } from 'lightweight-charts';
import { useStore } from 'zustand';
import { BAR_INTERVAL_MICROS, type BarInterval } from '@kestrel/shared';
import { useServices } from '../../app/services-context.js';
import { messageOf } from '../auth/session-controller.js';
import { useInstrument, useLiveBars } from '../market/use-feed.js';
import { joinLink, LinkPicker, SymbolBox, useLinkedSymbol, usePanelParams } from '../workspace/panel-kit.js';
import { CHART_STYLES, type ChartParams, type Drawing, type IndicatorSpec } from '../workspace/panel-params.js';
import { BarColumns } from './bar-columns.js';
import { priceToTicks, tickDecimals } from './chart-model.js';
import { chartColors, INDICATOR_PALETTE } from './chart-theme.js';
import { useChartTrading } from './chart-trading.js';
import { ChartViewport, type OverlaySeries, type TrendSeries, type VisibleBars } from './chart-viewport.js';
import { logicalAtTime, timeAtLogical } from './chart-window.js';
import { drawingGrabPoint, hitDrawing, savedDrawings } from './drawing-geometry.js';
import { DrawingsPrimitive, projectionOf, type DrawingStyle } from './drawings-primitive.js';
import { HistoryPager, nearOldest, type HistoryStatus } from './history-pager.js';
import { LiveIndicator } from './live-indicators.js';

const INTERVALS: readonly BarInterval[] = ['1s', '1m', '5m', '15m', '1h', '1d'];
/** Bars of the first load and of each older page. */
const HISTORY_BARS = 5000;
const INDICATOR_CHOICES: ReadonlyArray<{ kind: IndicatorSpec['kind']; label: string; period?: number }> = [
  { kind: 'sma', label: 'SMA 20', period: 20 },
  { kind: 'sma', label: 'SMA 50', period: 50 },
  { kind: 'ema', label: 'EMA 20', period: 20 },
  { kind: 'bollinger', label: 'Bollinger 20', period: 20 },
  { kind: 'vwap', label: 'VWAP' },
  { kind: 'rsi', label: 'RSI 14', period: 14 },
  { kind: 'macd', label: 'MACD 12/26/9' },
];

type Tool = 'none' | 'hline' | 'trend' | 'rectangle' | 'fib';

/** The two-point tools, their button text and what they ask for. */
const TWO_POINT_TOOLS: ReadonlyArray<{ tool: Exclude<Tool, 'none' | 'hline'>; label: string; title: string }> = [
  { tool: 'trend', label: '╱ Trend', title: 'Trend line: click two points' },
  { tool: 'rectangle', label: '▭ Rect', title: 'Rectangle: click two opposite corners' },
  { tool: 'fib', label: 'Fib', title: 'Fibonacci retracement: click the start, then the end of the move' },
];

function mainSeriesOf(chart: IChartApi, style: ChartParams['style'], decimals: number, minMove: number): ISeriesApi<SeriesType> {
  const colors = chartColors();
  const priceFormat = { type: 'price' as const, precision: decimals, minMove };
  switch (style) {
    case 'candles':
      return chart.addSeries(CandlestickSeries, { upColor: colors.up, downColor: colors.down, wickUpColor: colors.up, wickDownColor: colors.down, borderVisible: false, priceFormat });
    case 'bars':
      return chart.addSeries(BarSeries, { upColor: colors.up, downColor: colors.down, priceFormat });
    case 'line':
      return chart.addSeries(LineSeries, { color: colors.accent, lineWidth: 2, priceFormat });
    case 'area':
      return chart.addSeries(AreaSeries, { lineColor: colors.accent, topColor: `${colors.accent}66`, bottomColor: `${colors.accent}08`, priceFormat });
  }
}


/** The chart panel. */
export function ChartPanel(props: IDockviewPanelProps<ChartParams>) {
  const [params, update] = usePanelParams(props);
  const [symbol, setSymbol] = useLinkedSymbol(params, update);
  const { marketData, preferences } = useServices();
  const theme = useStore(preferences.store, (state) => state.theme);
  const instrument = useInstrument(symbol);
  const tickSize = instrument?.tickSize ?? '0.01';
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<IChartApi | null>(null);
  const main = useRef<ISeriesApi<SeriesType> | null>(null);
  const volume = useRef<ISeriesApi<'Histogram'> | null>(null);
  const viewport = useRef<ChartViewport | null>(null);
  const indicatorSeries = useRef<Array<ISeriesApi<'Line'> | ISeriesApi<'Histogram'>>>([]);
  const indicators = useRef<LiveIndicator[]>([]);
  const drawingObjects = useRef<{ lines: IPriceLine[]; trends: Array<ISeriesApi<'Line'>> }>({ lines: [], trends: [] });
  const bars = useRef<BarColumns>(new BarColumns(tickSize, 0));
  const pager = useRef<HistoryPager | null>(null);
  const [history, setHistory] = useState<{ status: HistoryStatus; pages: number }>({ status: 'complete', pages: 0 });
  const [liveTick, setLiveTick] = useState(0);
  const [state, setState] = useState<{ status: 'loading' | 'ready' | 'empty' | 'error'; message?: string }>({ status: 'loading' });
  const [version, setVersion] = useState(0);
  const [tool, setTool] = useState<Tool>('none');
  const pendingPoint = useRef<{ time: number; priceTicks: number } | null>(null);
  // Re-renders the hint after the first point of a two-point drawing (the point itself is a ref).
  const [, setFirstPoints] = useState(0);
  const drawings = useMemo(() => savedDrawings(params.drawings), [params.drawings]);
  const [selected, setSelected] = useState<string | null>(null);
  const [mainSeries, setMainSeries] = useState<ISeriesApi<SeriesType> | null>(null);
  const primitive = useRef<DrawingsPrimitive | null>(null);
  const [menu, setMenu] = useState(false);
  const [indicatorPoints, setIndicatorPoints] = useState<Record<string, { points: number; last: number | null }>>({});

  // The chart itself, once per panel.
  useEffect(() => {
    if (!host.current) return undefined;
    const colors = chartColors();
    const created = createChart(host.current, {
      autoSize: true,
      layout: { background: { color: colors.background }, textColor: colors.text, fontSize: 11, attributionLogo: false },
      grid: { vertLines: { color: colors.grid }, horzLines: { color: colors.grid } },
      rightPriceScale: { borderColor: colors.border },
      timeScale: { borderColor: colors.border, rightOffset: 6 },
      crosshair: { mode: 0 },
    });
    chart.current = created;
    viewport.current = new ChartViewport(created);
    primitive.current = new DrawingsPrimitive({
      x: (time) => {
        const window = viewport.current?.current;
        return window && window.count > 0 ? created.timeScale().logicalToCoordinate(logicalAtTime(window, time) as Logical) : null;
      },
      y: (priceTicks) => main.current?.priceToCoordinate(bars.current.price(priceTicks)) ?? null,
    });
    return () => {
      viewport.current?.dispose();
      viewport.current = null;
      created.remove();
      chart.current = null;
      main.current = null;
      volume.current = null;
      indicatorSeries.current = [];
      drawingObjects.current = { lines: [], trends: [] };
    };
  }, []);

  // Theme changes recolour the chart.
  useEffect(() => {
    const colors = chartColors();
    chart.current?.applyOptions({
      layout: { background: { color: colors.background }, textColor: colors.text },
      grid: { vertLines: { color: colors.grid }, horzLines: { color: colors.grid } },
    });
  }, [theme]);

  // Intraday intervals label the time axis with times (and seconds for 1s bars).
  useEffect(() => {
    chart.current?.applyOptions({ timeScale: { timeVisible: params.interval !== '1d', secondsVisible: params.interval === '1s' } });
  }, [params.interval]);

  // History of the symbol and interval.
  useEffect(() => {
    const controller = new AbortController();
    const interval = params.interval;
    setState({ status: 'loading' });
    bars.current = new BarColumns(tickSize, 0);
    marketData
      .latestHistory(symbol, interval, HISTORY_BARS, controller.signal)
      .then((loaded) => {
        bars.current = BarColumns.fromApiBars(loaded.bars, tickSize);
        const created = new HistoryPager((cursor, count, signal) => marketData.olderBars(symbol, interval, cursor, count, signal), loaded.olderCursor, {
          pageBars: HISTORY_BARS,
          onPage: (page) => prependOlder(page),
          onStatus: (status) => setHistory({ status, pages: created.pages }),
        });
        pager.current = created;
        setHistory({ status: created.status, pages: 0 });
        setState(loaded.bars.length === 0 ? { status: 'empty' } : { status: 'ready' });
        setVersion((value) => value + 1);
      })
      .catch((error: unknown) => {
        if ((error as Error).name !== 'AbortError') setState({ status: 'error', message: messageOf(error) });
      });
    return () => {
      controller.abort();
      pager.current?.dispose();
      pager.current = null;
    };
  }, [marketData, symbol, params.interval, tickSize]);

  /** An older page arrived: into the columns, indicators recomputed, the view kept still. */
  function prependOlder(page: Parameters<BarColumns['prepend']>[0]): void {
    const series = bars.current;
    const added = series.prepend(page);
    if (added === 0) return;
    for (const indicator of indicators.current) indicator.reset(series);
    viewport.current?.prepended(added);
    if (indicators.current.length > 0) {
      setIndicatorPoints(Object.assign({}, ...indicators.current.map((indicator) => indicator.summary(series.length))) as Record<string, { points: number; last: number | null }>);
    }
    setLiveTick((value) => value + 1);
  }

  // Main series and volume (re)built on new data or style; new data shows its newest bars.
  const loadedVersion = useRef(-1);
  useEffect(() => {
    const api = chart.current;
    const view = viewport.current;
    if (!api || !view) return;
    if (main.current) api.removeSeries(main.current);
    if (volume.current) api.removeSeries(volume.current);
    drawingObjects.current.lines = [];
    const colors = chartColors();
    main.current = mainSeriesOf(api, params.style, tickDecimals(tickSize), Number(tickSize));
    volume.current = null;
    if (params.volume) {
      const histogram = api.addSeries(HistogramSeries, { priceScaleId: 'volume', priceFormat: { type: 'volume' }, lastValueVisible: false, priceLineVisible: false });
      histogram.priceScale().applyOptions({ scaleMargins: { top: 0.82, bottom: 0 } });
      volume.current = histogram;
    }
    if (primitive.current) main.current.attachPrimitive(primitive.current);
    setMainSeries(main.current);
    view.setSeries({ main: main.current, style: params.style, volume: volume.current, volumeColors: { up: `${colors.up}66`, down: `${colors.down}66` } });
    if (loadedVersion.current !== version) {
      loadedVersion.current = version;
      view.load(bars.current, BAR_INTERVAL_MICROS[params.interval] / 1_000_000);
    } else view.refresh();
    // params.interval changes only together with a new version (a new load).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [version, params.style, params.volume, tickSize]);

  // Indicators, over the full series.
  useEffect(() => {
    const api = chart.current;
    const view = viewport.current;
    if (!api || !view) return;
    for (const series of indicatorSeries.current) api.removeSeries(series);
    indicatorSeries.current = [];
    while (api.panes().length > 1) api.removePane(api.panes().length - 1);
    const points: Record<string, { points: number; last: number | null }> = {};
    const overlays: OverlaySeries[] = [];
    let separatePane = 0;
    indicators.current = params.indicators.map((spec, specIndex) => {
      const indicator = new LiveIndicator(spec, bars.current);
      const pane = indicator.lines.some((line) => line.pane === 'separate') ? ++separatePane : 0;
      indicator.lines.forEach((line, lineIndex) => {
        const color = INDICATOR_PALETTE[(specIndex + lineIndex) % INDICATOR_PALETTE.length]!;
        const common = { lastValueVisible: false, priceLineVisible: false, title: line.label };
        const series =
          line.style === 'histogram'
            ? api.addSeries(HistogramSeries, { ...common, color: `${color}99` }, pane)
            : api.addSeries(LineSeries, { ...common, color, lineWidth: 1, crosshairMarkerVisible: false }, pane);
        indicatorSeries.current.push(series);
        overlays.push({ series, indicator, line: lineIndex });
      });
      Object.assign(points, indicator.summary(bars.current.length));
      return indicator;
    });
    view.setOverlays(overlays);
    view.refresh();
    setIndicatorPoints(points);
  }, [version, params.indicators]);

  // Drawings (after the main series exists).
  useEffect(() => {
    const api = chart.current;
    const series = main.current;
    if (!api || !series) return;
    for (const line of drawingObjects.current.lines) series.removePriceLine(line);
    for (const trend of drawingObjects.current.trends) api.removeSeries(trend);
    const colors = chartColors();
    const tick = Number(tickSize);
    const lines: IPriceLine[] = [];
    const trends: TrendSeries[] = [];
    for (const drawing of drawings) {
      const color = drawing.id === selected ? colors.accent : colors.warn;
      if (drawing.kind === 'hline') {
        lines.push(series.createPriceLine({ price: drawing.priceTicks * tick, color, lineWidth: drawing.id === selected ? 2 : 1, lineStyle: LineStyle.Dashed, axisLabelVisible: true, title: '' }));
      } else if (drawing.kind === 'trend') {
        const [a, b] = [drawing.from, drawing.to].sort((x, y) => x.time - y.time);
        if (!a || !b || a.time === b.time) continue;
        const trend = api.addSeries(LineSeries, { color, lineWidth: drawing.id === selected ? 3 : 2, lastValueVisible: false, priceLineVisible: false, crosshairMarkerVisible: false, autoscaleInfoProvider: () => null });
        trends.push({ series: trend, from: { time: a.time, value: a.priceTicks * tick }, to: { time: b.time, value: b.priceTicks * tick } });
      }
    }
    drawingObjects.current = { lines, trends: trends.map((trend) => trend.series) };
    viewport.current?.setTrends(trends);
    primitive.current?.set(drawings, selected, drawingStyle(tickSize));
  }, [version, params.style, params.volume, drawings, selected, tickSize, theme]);

  // Scrolling near the oldest loaded bar pages older history in; after a page, the view is
  // checked again (a zoomed-out view may need several pages). Declared after the effects that
  // load the series into the viewport, so it runs after them.
  useEffect(() => {
    const view = viewport.current;
    // The pager of the series the viewport holds now: a scroll frame of the previous series,
    // still pending while the next one loads, must not page the next one.
    const active = pager.current;
    if (!view || !active || state.status !== 'ready') return undefined;
    const onRange = (visible: VisibleBars) => {
      // Written straight to the element (not React state): this runs on every scrolled frame.
      host.current?.setAttribute('data-visible-first', new Date(visible.firstTime * 1000).toISOString());
      if (!nearOldest(visible.first, visible.count)) return;
      void active.request()?.then(() => viewport.current?.notifyRange());
    };
    view.setRangeListener(onRange);
    view.notifyRange();
    return () => view.setRangeListener(null);
  }, [version, state.status]);

  // Live bars: the columns and indicators take the change, the chart redraws the last bar only.
  const live = useLiveBars(state.status === 'ready' ? symbol : null, params.interval);
  useEffect(() => {
    if (!live?.ok || !main.current) return;
    const series = bars.current;
    const before = series.length;
    const change = series.mergeLive(live.value);
    if (change === 'none') return;
    for (const indicator of indicators.current) indicator.sync(series);
    viewport.current?.live(before);
    if (change === 'append' && indicators.current.length > 0) {
      setIndicatorPoints(Object.assign({}, ...indicators.current.map((indicator) => indicator.summary(series.length))) as Record<string, { points: number; last: number | null }>);
    }
    setLiveTick((value) => value + 1);
  }, [live]);

  // Drawing tool clicks, read from the DOM (the chart library folds quick successive clicks into
  // a double click, which would lose the second point of a two-point drawing). Without a tool, a
  // click selects the drawing under it (Delete removes it).
  useEffect(() => {
    const element = host.current;
    const api = chart.current;
    if (!element || !api) return undefined;
    const onClick = (event: MouseEvent) => {
      const series = main.current;
      if (!series) return;
      const rect = element.getBoundingClientRect();
      const x = event.clientX - rect.left;
      const y = event.clientY - rect.top;
      if (x > api.timeScale().width()) return;
      if (tool === 'none') {
        const { project, projectPrice } = projectionOf(primitive.current?.projector);
        setSelected(hitDrawing(drawings, x, y, project, projectPrice)?.id ?? null);
        return;
      }
      const price = series.coordinateToPrice(y);
      if (price === null) return;
      const priceTicks = priceToTicks(price, tickSize);
      // A bar's time, or beyond the last bar the time the window's spacing puts there.
      const at = api.timeScale().coordinateToTime(x);
      const logical = api.timeScale().coordinateToLogical(x);
      const window = viewport.current?.current;
      const time = typeof at === 'number' ? at : logical !== null && window && window.count > 0 ? Math.round(timeAtLogical(window, logical)) : null;
      const id = `d${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
      if (tool === 'hline') {
        update({ drawings: [...drawings, { id, kind: 'hline', priceTicks }] });
        setTool('none');
      } else if (time !== null) {
        if (!pendingPoint.current) {
          pendingPoint.current = { time, priceTicks };
          setFirstPoints((count) => count + 1);
        } else {
          const drawing: Drawing = { id, kind: tool, from: pendingPoint.current, to: { time, priceTicks } };
          pendingPoint.current = null;
          update({ drawings: [...drawings, drawing] });
          setTool('none');
        }
      }
    };
    element.addEventListener('click', onClick);
    return () => element.removeEventListener('click', onClick);
  }, [tool, tickSize, drawings, update]);

  const trading = useChartTrading({ host, chart, viewport, bars, series: mainSeries, symbol, instrument, dragEnabled: tool === 'none' });
  const removeSelected = () => {
    if (!selected) return;
    update({ drawings: drawings.filter((drawing) => drawing.id !== selected) });
    setSelected(null);
  };

  const series = bars.current;
  const lastIndex = series.length - 1;
  const last = lastIndex >= 0 ? { open: series.open[lastIndex]!, high: series.high[lastIndex]!, low: series.low[lastIndex]!, close: series.close[lastIndex]! } : null;
  const drawn = viewport.current?.current;
  const grabPoint = (drawing: Drawing) => {
    const { project, projectPrice } = projectionOf(primitive.current?.projector);
    return drawingGrabPoint(drawing, project, projectPrice, chart.current?.timeScale().width() ?? 0);
  };
  const dataAttributes = useMemo(
    () => ({
      'data-state': state.status,
      'data-symbol': symbol,
      'data-interval': params.interval,
      'data-bar-count': String(series.length),
      'data-last-close': last ? String(last.close) : '',
      'data-indicator-points': JSON.stringify(indicatorPoints),
      'data-drawings': String(drawings.length),
      'data-drawing-kinds': drawings.map((drawing) => drawing.kind).join(','),
      'data-selected-drawing': selected ?? '',
      // Where to click to select each drawing now (pixels in the chart host; null off the chart).
      'data-drawing-points': JSON.stringify(Object.fromEntries(drawings.map((drawing) => [drawing.id, grabPoint(drawing)]))),
      'data-window-bars': String(drawn?.count ?? 0),
      'data-window-bucket': String(drawn?.bucketSeconds ?? 0),
      'data-oldest-time': series.length > 0 ? new Date(series.time[0]! * 1000).toISOString() : '',
      'data-history': history.status,
      'data-history-pages': String(history.pages),
    }),
    // The series and window are mutable; version and liveTick say when they changed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [state.status, symbol, params.interval, version, liveTick, indicatorPoints, drawings, selected, last?.close, history],
  );

  const addIndicator = (choice: (typeof INDICATOR_CHOICES)[number]) => {
    const id = `${choice.kind}${choice.period ?? ''}-${Date.now().toString(36)}`;
    update({ indicators: [...params.indicators, { id, kind: choice.kind, ...(choice.period ? { period: choice.period } : {}) }] });
    setMenu(false);
  };

  return (
    <div
      className="panel"
      tabIndex={-1}
      onKeyDown={(event) => {
        if ((event.key === 'Delete' || event.key === 'Backspace') && selected && (event.target as HTMLElement).tagName !== 'INPUT') {
          event.preventDefault();
          removeSelected();
        }
        if (event.key === 'Escape') {
          pendingPoint.current = null;
          setTool('none');
          setSelected(null);
        }
      }}
    >
      <div className="panel-toolbar">
        <LinkPicker value={params.link} onChange={(link) => joinLink(params, link, update)} />
        <SymbolBox value={symbol} onChange={setSymbol} />
        <div className="seg" role="group" aria-label="Interval">
          {INTERVALS.map((interval) => (
            <button key={interval} className={interval === params.interval ? 'on' : ''} onClick={() => update({ interval })}>
              {interval}
            </button>
          ))}
        </div>
        <div className="seg" role="group" aria-label="Style">
          {CHART_STYLES.map((style) => (
            <button key={style} className={style === params.style ? 'on' : ''} onClick={() => update({ style })}>
              {style}
            </button>
          ))}
        </div>
        <button className={`btn btn-small${params.volume ? ' btn-primary' : ''}`} onClick={() => update({ volume: !params.volume })}>
          Vol
        </button>
        <div style={{ position: 'relative' }}>
          <button className="btn btn-small" onClick={() => setMenu(!menu)} data-testid="indicator-menu">
            Indicators ▾
          </button>
          {menu && (
            <div className="menu" style={{ top: 24, left: 0 }}>
              {INDICATOR_CHOICES.map((choice) => (
                <button key={choice.label} onClick={() => addIndicator(choice)}>
                  {choice.label}
                </button>
              ))}
            </div>
          )}
        </div>
        {params.indicators.map((spec) => (
          <button key={spec.id} className="btn btn-small btn-ghost" title="Remove indicator" onClick={() => update({ indicators: params.indicators.filter((each) => each.id !== spec.id) })}>
            {spec.kind.toUpperCase()}
            {spec.period ? ` ${spec.period}` : ''} ✕
          </button>
        ))}
        <span className="spacer" />
        <div className="seg" role="group" aria-label="Drawing tools">
          <button className={tool === 'hline' ? 'on' : ''} onClick={() => setTool(tool === 'hline' ? 'none' : 'hline')} title="Horizontal line: click a price" data-testid="tool-hline">
            ─ H-line
          </button>
          {TWO_POINT_TOOLS.map((each) => (
            <button
              key={each.tool}
              className={tool === each.tool ? 'on' : ''}
              onClick={() => {
                pendingPoint.current = null;
                setTool(tool === each.tool ? 'none' : each.tool);
              }}
              title={each.title}
              data-testid={`tool-${each.tool}`}
            >
              {each.label}
            </button>
          ))}
          <button onClick={removeSelected} disabled={!selected} title="Delete the selected drawing (click a drawing to select it; Delete key)" data-testid="delete-drawing">
            ✕ Delete
          </button>
          <button onClick={() => update({ drawings: drawings.slice(0, -1) })} disabled={drawings.length === 0} title="Remove the last drawing">
            Undo
          </button>
          <button
            onClick={() => {
              if (window.confirm(`Remove all ${drawings.length} drawings of this chart?`)) {
                update({ drawings: [] });
                setSelected(null);
              }
            }}
            disabled={drawings.length === 0}
            title="Remove every drawing of this chart"
            data-testid="clear-drawings"
          >
            Clear
          </button>
        </div>
      </div>
      <div className="panel-body">
        <div className="chart-host" ref={host} data-testid="chart" {...dataAttributes} {...trading.attributes} style={{ cursor: tool === 'none' ? undefined : 'crosshair' }} />
        <div className="chart-legend">
          <b>{symbol}</b>
          <span className="muted">{params.interval}</span>
          {last && (
            <span className="num">
              O {last.open.toFixed(tickDecimals(tickSize))} H {last.high.toFixed(tickDecimals(tickSize))} L {last.low.toFixed(tickDecimals(tickSize))} C {last.close.toFixed(tickDecimals(tickSize))}
            </span>
          )}
          {state.status === 'loading' && <span className="muted">loading…</span>}
          {state.status === 'ready' && history.status === 'loading' && <span className="muted">loading older bars…</span>}
          {state.status === 'ready' && history.status === 'error' && <span className="error-text">older bars unavailable: {pager.current?.error}</span>}
          {state.status === 'empty' && <span className="muted">no bars for this symbol and interval</span>}
          {state.status === 'error' && <span className="error-text">{state.message}</span>}
          {tool !== 'none' && <span className="banner-warn">{tool === 'hline' ? 'Click a price' : tool === 'fib' ? (pendingPoint.current ? 'Click the end of the move' : 'Click the start of the move') : pendingPoint.current ? 'Click the second point' : 'Click the first point'}</span>}
        </div>
      </div>
      {trading.dialog}
    </div>
  );
}

/** How rectangles and retracements are painted in the current theme. */
function drawingStyle(tickSize: string): DrawingStyle {
  const colors = chartColors();
  const decimals = tickDecimals(tickSize);
  const tick = Number(tickSize);
  return { line: colors.warn, selected: colors.accent, text: colors.text, priceText: (ticks) => (ticks * tick).toFixed(decimals) };
}
