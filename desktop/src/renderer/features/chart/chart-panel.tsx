// Chart panel: candles, OHLC bars, line or area over the bars of the chosen interval, volume,
// indicators over the price or in their own panes (computed with the shared indicator library),
// and drawings (horizontal lines and trend lines) that are saved with the workspace. History is
// loaded once per symbol/interval; live bars are merged as they form. The host element carries
// data-* attributes (bar count, last close, indicator points) that the end-to-end tests read.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { IDockviewPanelProps } from 'dockview-react';
import {
  AreaSeries,
  BarSeries,
  CandlestickSeries,
  HistogramSeries,
  LineSeries,
  LineStyle,
  createChart,
  type IChartApi,
  type IPriceLine,
  type ISeriesApi,
  type SeriesType,
  type UTCTimestamp,
} from 'lightweight-charts';
import { useStore } from 'zustand';
import type { BarInterval } from '@kestrel/shared';
import { useServices } from '../../app/services-context.js';
import { messageOf } from '../auth/session-controller.js';
import { useInstrument, useLiveBars } from '../market/use-feed.js';
import { joinLink, LinkPicker, SymbolBox, useLinkedSymbol, usePanelParams } from '../workspace/panel-kit.js';
import { CHART_STYLES, type ChartParams, type Drawing, type IndicatorSpec } from '../workspace/panel-params.js';
import { computeIndicator, lineData, mergeLiveBars, priceToTicks, tickDecimals, toChartBars, type ChartBar } from './chart-model.js';
import { chartColors, INDICATOR_PALETTE } from './chart-theme.js';

const INTERVALS: readonly BarInterval[] = ['1s', '1m', '5m', '15m', '1h', '1d'];
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

type Tool = 'none' | 'hline' | 'trend';

const seconds = (time: number) => time as UTCTimestamp;

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

function seriesData(style: ChartParams['style'], bars: readonly ChartBar[]) {
  return style === 'line' || style === 'area'
    ? bars.map((bar) => ({ time: seconds(bar.time), value: bar.close }))
    : bars.map((bar) => ({ time: seconds(bar.time), open: bar.open, high: bar.high, low: bar.low, close: bar.close }));
}

function volumeData(bars: readonly ChartBar[]) {
  const colors = chartColors();
  return bars.map((bar) => ({ time: seconds(bar.time), value: bar.volume, color: bar.close >= bar.open ? `${colors.up}66` : `${colors.down}66` }));
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
  const indicatorSeries = useRef<Array<ISeriesApi<'Line'> | ISeriesApi<'Histogram'>>>([]);
  const drawingObjects = useRef<{ lines: IPriceLine[]; trends: Array<ISeriesApi<'Line'>> }>({ lines: [], trends: [] });
  const bars = useRef<ChartBar[]>([]);
  const [state, setState] = useState<{ status: 'loading' | 'ready' | 'empty' | 'error'; message?: string }>({ status: 'loading' });
  const [version, setVersion] = useState(0);
  const [tool, setTool] = useState<Tool>('none');
  const pendingTrend = useRef<{ time: number; priceTicks: number } | null>(null);
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
    return () => {
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
    setState({ status: 'loading' });
    bars.current = [];
    marketData
      .latestBars(symbol, params.interval, HISTORY_BARS, controller.signal)
      .then((loaded) => {
        bars.current = toChartBars(loaded, tickSize);
        setState(loaded.length === 0 ? { status: 'empty' } : { status: 'ready' });
        setVersion((value) => value + 1);
      })
      .catch((error: unknown) => {
        if ((error as Error).name !== 'AbortError') setState({ status: 'error', message: messageOf(error) });
      });
    return () => controller.abort();
  }, [marketData, symbol, params.interval, tickSize]);

  // Main series and volume (re)built on new data or style.
  useEffect(() => {
    const api = chart.current;
    if (!api) return;
    if (main.current) api.removeSeries(main.current);
    if (volume.current) api.removeSeries(volume.current);
    drawingObjects.current.lines = [];
    const series = mainSeriesOf(api, params.style, tickDecimals(tickSize), Number(tickSize));
    series.setData(seriesData(params.style, bars.current));
    main.current = series;
    volume.current = null;
    if (params.volume) {
      const histogram = api.addSeries(HistogramSeries, { priceScaleId: 'volume', priceFormat: { type: 'volume' }, lastValueVisible: false, priceLineVisible: false });
      histogram.priceScale().applyOptions({ scaleMargins: { top: 0.82, bottom: 0 } });
      histogram.setData(volumeData(bars.current));
      volume.current = histogram;
    }
    if (bars.current.length > 0) {
      const count = bars.current.length;
      api.timeScale().setVisibleLogicalRange({ from: Math.max(0, count - 160), to: count + 4 });
    }
  }, [version, params.style, params.volume, tickSize]);

  // Indicators.
  useEffect(() => {
    const api = chart.current;
    if (!api) return;
    for (const series of indicatorSeries.current) api.removeSeries(series);
    indicatorSeries.current = [];
    while (api.panes().length > 1) api.removePane(api.panes().length - 1);
    const points: Record<string, { points: number; last: number | null }> = {};
    let separatePane = 0;
    params.indicators.forEach((spec, specIndex) => {
      const lines = computeIndicator(spec, bars.current);
      const pane = lines.some((line) => line.pane === 'separate') ? ++separatePane : 0;
      lines.forEach((line, lineIndex) => {
        const color = INDICATOR_PALETTE[(specIndex + lineIndex) % INDICATOR_PALETTE.length]!;
        const data = lineData(bars.current, line.values).map((point) => ({ time: seconds(point.time), value: point.value }));
        const common = { lastValueVisible: false, priceLineVisible: false, title: line.label };
        const series =
          line.style === 'histogram'
            ? api.addSeries(HistogramSeries, { ...common, color: `${color}99` }, pane)
            : api.addSeries(LineSeries, { ...common, color, lineWidth: 1, crosshairMarkerVisible: false }, pane);
        series.setData(data);
        indicatorSeries.current.push(series);
        points[line.key] = { points: data.length, last: data[data.length - 1]?.value ?? null };
      });
    });
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
    const trends: Array<ISeriesApi<'Line'>> = [];
    for (const drawing of params.drawings) {
      if (drawing.kind === 'hline') {
        lines.push(series.createPriceLine({ price: drawing.priceTicks * tick, color: colors.warn, lineWidth: 1, lineStyle: LineStyle.Dashed, axisLabelVisible: true, title: '' }));
      } else {
        const [a, b] = [drawing.from, drawing.to].sort((x, y) => x.time - y.time);
        if (!a || !b || a.time === b.time) continue;
        const trend = api.addSeries(LineSeries, { color: colors.warn, lineWidth: 2, lastValueVisible: false, priceLineVisible: false, crosshairMarkerVisible: false, autoscaleInfoProvider: () => null });
        trend.setData([
          { time: seconds(a.time), value: a.priceTicks * tick },
          { time: seconds(b.time), value: b.priceTicks * tick },
        ]);
        trends.push(trend);
      }
    }
    drawingObjects.current = { lines, trends };
  }, [version, params.style, params.volume, params.drawings, tickSize]);

  // Live bars.
  const live = useLiveBars(state.status === 'ready' ? symbol : null, params.interval);
  useEffect(() => {
    if (!live?.ok || !main.current) return;
    const changes = mergeLiveBars(bars.current, toChartBars(live.value, tickSize));
    if (changes.length === 0) return;
    for (const change of changes) {
      const [point] = seriesData(params.style, [change.bar]);
      if (point) main.current.update(point);
      const [bar] = volumeData([change.bar]);
      if (bar) volume.current?.update(bar);
    }
    if (params.indicators.length > 0) setVersion((value) => value + 1);
  }, [live, tickSize, params.style, params.indicators.length]);

  // Drawing tool clicks, read from the DOM (the chart library folds quick successive clicks into
  // a double click, which would lose the second point of a trend line).
  useEffect(() => {
    const element = host.current;
    const api = chart.current;
    if (!element || !api || tool === 'none') return undefined;
    const onClick = (event: MouseEvent) => {
      const series = main.current;
      if (!series) return;
      const rect = element.getBoundingClientRect();
      const x = event.clientX - rect.left;
      const y = event.clientY - rect.top;
      if (x > api.timeScale().width()) return;
      const price = series.coordinateToPrice(y);
      if (price === null) return;
      const priceTicks = priceToTicks(price, tickSize);
      const at = api.timeScale().coordinateToTime(x);
      const time = typeof at === 'number' ? at : null;
      const id = `d${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
      if (tool === 'hline') {
        update({ drawings: [...params.drawings, { id, kind: 'hline', priceTicks }] });
        setTool('none');
      } else if (time !== null) {
        if (!pendingTrend.current) pendingTrend.current = { time, priceTicks };
        else {
          const drawing: Drawing = { id, kind: 'trend', from: pendingTrend.current, to: { time, priceTicks } };
          pendingTrend.current = null;
          update({ drawings: [...params.drawings, drawing] });
          setTool('none');
        }
      }
    };
    element.addEventListener('click', onClick);
    return () => element.removeEventListener('click', onClick);
  }, [tool, tickSize, params.drawings, update]);

  const last = bars.current[bars.current.length - 1];
  const dataAttributes = useMemo(
    () => ({
      'data-state': state.status,
      'data-symbol': symbol,
      'data-interval': params.interval,
      'data-bar-count': String(bars.current.length),
      'data-last-close': last ? String(last.close) : '',
      'data-indicator-points': JSON.stringify(indicatorPoints),
      'data-drawings': String(params.drawings.length),
    }),
    // bars.current changes with version.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [state.status, symbol, params.interval, version, indicatorPoints, params.drawings.length, last],
  );

  const addIndicator = (choice: (typeof INDICATOR_CHOICES)[number]) => {
    const id = `${choice.kind}${choice.period ?? ''}-${Date.now().toString(36)}`;
    update({ indicators: [...params.indicators, { id, kind: choice.kind, ...(choice.period ? { period: choice.period } : {}) }] });
    setMenu(false);
  };

  return (
    <div className="panel">
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
          <button
            className={tool === 'trend' ? 'on' : ''}
            onClick={() => {
              pendingTrend.current = null;
              setTool(tool === 'trend' ? 'none' : 'trend');
            }}
            title="Trend line: click two points"
            data-testid="tool-trend"
          >
            ╱ Trend
          </button>
          <button onClick={() => update({ drawings: params.drawings.slice(0, -1) })} disabled={params.drawings.length === 0} title="Remove the last drawing">
            Undo
          </button>
        </div>
      </div>
      <div className="panel-body">
        <div className="chart-host" ref={host} data-testid="chart" {...dataAttributes} style={{ cursor: tool === 'none' ? 'default' : 'crosshair' }} />
        <div className="chart-legend">
          <b>{symbol}</b>
          <span className="muted">{params.interval}</span>
          {last && (
            <span className="num">
              O {last.open.toFixed(tickDecimals(tickSize))} H {last.high.toFixed(tickDecimals(tickSize))} L {last.low.toFixed(tickDecimals(tickSize))} C {last.close.toFixed(tickDecimals(tickSize))}
            </span>
          )}
          {state.status === 'loading' && <span className="muted">loading…</span>}
          {state.status === 'empty' && <span className="muted">no bars for this symbol and interval</span>}
          {state.status === 'error' && <span className="error-text">{state.message}</span>}
          {tool !== 'none' && <span className="banner-warn">{tool === 'hline' ? 'Click a price' : pendingTrend.current ? 'Click the second point' : 'Click the first point'}</span>}
        </div>
      </div>
    </div>
  );
}
