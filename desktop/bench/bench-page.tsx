// The browser half of the desktop benchmarks: exposes `window.kestrelBench` with the chart and
// blotter measurements, run by desktop.bench.ts in Chromium. It uses the renderer's own code
// paths (BarColumns, LiveIndicator and ChartViewport as the chart panel wires them; the DataGrid
// blotter) on generated data; timings come from performance.now and animation frames.
import '../src/renderer/styles/theme.css';
import '../src/renderer/styles/base.css';
import '../src/renderer/styles/panels.css';
import { createRoot } from 'react-dom/client';
import { flushSync } from 'react-dom';
import { CandlestickSeries, createChart, HistogramSeries, LineSeries, type UTCTimestamp } from 'lightweight-charts';
import { createStore } from 'zustand/vanilla';
import { useState, useEffect } from 'react';
import type { GridApi } from 'ag-grid-community';
import type { Bar } from '../src/renderer/api/market-data-api.js';
import type { AppServices } from '../src/renderer/app/services.js';
import { ServicesContext } from '../src/renderer/app/services-context.js';
import { BarColumns } from '../src/renderer/features/chart/bar-columns.js';
import { ChartViewport } from '../src/renderer/features/chart/chart-viewport.js';
import { LiveIndicator } from '../src/renderer/features/chart/live-indicators.js';
import { DataGrid } from '../src/renderer/ui/data-grid.js';

const frame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));

/** Bars of an older history page (the chart panel's page size). */
const HISTORY_PAGE = 5000;

/** A deterministic random walk of `count` API bars (ticks of 0.01), one minute apart. */
function apiBars(count: number): Bar[] {
  let seed = 42;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const bars: Bar[] = new Array(count);
  let price = 10_000;
  const start = Date.UTC(2020, 0, 1);
  for (let i = 0; i < count; i++) {
    const open = price;
    const close = Math.max(100, open + Math.round((random() - 0.5) * 40));
    const high = Math.max(open, close) + Math.round(random() * 15);
    const low = Math.min(open, close) - Math.round(random() * 15);
    bars[i] = { time: new Date(start + i * 60_000).toISOString(), open, high, low, close, volumeLots: 100 + Math.round(random() * 900), tradeCount: null, vwapNumerator: null, origin: 'import', complete: true };
    price = close;
  }
  return bars;
}

/** The reference workload every ratio is taken against: sorting 1M random doubles. */
function baselineMs(): number {
  const values = new Float64Array(1_000_000);
  for (let i = 0; i < values.length; i++) values[i] = Math.sin(i) * 1e6;
  const start = performance.now();
  values.sort();
  return performance.now() - start;
}

/** The percentile `q` of `values` (sorted copy). */
function percentile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!;
}

/**
 * The chart panel's path: API bars → BarColumns, SMA(20) over the full series (LiveIndicator),
 * candles + volume + SMA series fed by ChartViewport (the window in view, decimated), first frame.
 * Then live updates of the forming bar exactly as the panel does them (merge, indicator, last
 * bucket), appends of new bars, a zoom out to the whole series and back (re-windowing), and an
 * older history page of HISTORY_PAGE bars prepended as the panel does it (columns, indicator
 * recomputed over the whole series, window re-sliced without moving the view), then the next one.
 */
async function chartBench(count: number) {
  const all = apiBars(count + 2 * HISTORY_PAGE);
  const oldest = all.slice(0, HISTORY_PAGE);
  const older = all.slice(HISTORY_PAGE, 2 * HISTORY_PAGE);
  const raw = all.slice(2 * HISTORY_PAGE);
  const host = document.getElementById('chart')!;
  host.style.display = 'block';
  document.getElementById('grid')!.style.display = 'none';
  const t0 = performance.now();
  const bars = BarColumns.fromApiBars(raw, '0.01');
  const t1 = performance.now();
  const sma = new LiveIndicator({ id: 'sma', kind: 'sma', period: 20 }, bars);
  const t2 = performance.now();
  const chart = createChart(host, { width: 1400, height: 700 });
  const viewport = new ChartViewport(chart);
  const candles = chart.addSeries(CandlestickSeries, {});
  const volume = chart.addSeries(HistogramSeries, { priceScaleId: 'volume' });
  viewport.setSeries({ main: candles, style: 'candles', volume, volumeColors: { up: '#26a69a66', down: '#ef535066' } });
  viewport.setOverlays([{ series: chart.addSeries(LineSeries, {}), indicator: sma, line: 0 }]);
  viewport.load(bars, 60);
  await frame();
  await frame();
  const t3 = performance.now();
  const windowBars = viewport.current.count;

  // Live updates of the forming bar through the panel's path; then wait for the frame.
  const lastRaw = raw[raw.length - 1]!;
  const liveUpdate = (i: number, time: string) => {
    const close = lastRaw.close + ((i % 20) - 10);
    const before = bars.length;
    bars.mergeLive([{ ...lastRaw, time, close, high: Math.max(lastRaw.high, close), low: Math.min(lastRaw.low, close), volumeLots: lastRaw.volumeLots + i }]);
    sma.sync(bars);
    viewport.live(before);
  };
  const latencies: number[] = [];
  for (let i = 0; i < 300; i++) {
    const started = performance.now();
    liveUpdate(i, lastRaw.time);
    latencies.push((await frame()) - started);
  }
  const updateCalls: number[] = [];
  const batchStarted = performance.now();
  for (let i = 0; i < 2000; i++) {
    const started = performance.now();
    liveUpdate(i + 1, lastRaw.time);
    updateCalls.push(performance.now() - started);
  }
  const updateCallMeanMs = (performance.now() - batchStarted) / 2000;
  const appendCalls: number[] = [];
  const lastTime = Date.parse(lastRaw.time);
  for (let i = 1; i <= 200; i++) {
    const time = new Date(lastTime + i * 60_000).toISOString();
    const started = performance.now();
    liveUpdate(i, time);
    appendCalls.push(performance.now() - started);
    if (i % 20 === 0) await frame();
  }
  // Zoom out to the whole series (re-window to a coarser timeframe), then back to the newest bars.
  let started = performance.now();
  viewport.showAll();
  await frame();
  await frame();
  const zoomOutMs = performance.now() - started;
  const zoomedBucket = viewport.current.bucketSeconds;
  const zoomedBars = viewport.current.count;
  started = performance.now();
  viewport.load(bars, 60);
  await frame();
  await frame();
  const zoomInMs = performance.now() - started;
  // Two older pages arrive (the panel's prependOlder): the first copies the columns into buffers
  // with room in front, the second fills that room.
  const prepend = async (page: Bar[]) => {
    const began = performance.now();
    const added = bars.prepend(page);
    const columnsMs = performance.now() - began;
    sma.reset(bars);
    const indicatorMs = performance.now() - began - columnsMs;
    viewport.prepended(added);
    await frame();
    return { added, columnsMs, indicatorMs, totalMs: performance.now() - began };
  };
  const first = await prepend(older);
  const second = await prepend(oldest);
  if (first.added + second.added !== 2 * HISTORY_PAGE || bars.length !== count + 2 * HISTORY_PAGE + 200) throw new Error(`prepended ${first.added} + ${second.added} bars, series ${bars.length}`);
  viewport.dispose();
  chart.remove();
  return {
    bars: count,
    convertMs: t1 - t0,
    smaMs: t2 - t1,
    setDataAndFirstFrameMs: t3 - t2,
    loadAndDrawMs: t3 - t0,
    windowBars,
    updateToFrameP50Ms: percentile(latencies, 0.5),
    updateToFrameP99Ms: percentile(latencies, 0.99),
    updateCallMeanMs,
    updateCallP50Ms: percentile(updateCalls, 0.5),
    updateCallP99Ms: percentile(updateCalls, 0.99),
    updateCallMaxMs: percentile(updateCalls, 1),
    appendCallP50Ms: percentile(appendCalls, 0.5),
    appendCallMaxMs: percentile(appendCalls, 1),
    zoomOutMs,
    zoomedBucketSeconds: zoomedBucket,
    zoomedBars,
    zoomInMs,
    prependBars: first.added,
    prependColumnsMs: first.columnsMs,
    prependIndicatorMs: first.indicatorMs,
    prependMs: first.totalMs,
    nextPrependColumnsMs: second.columnsMs,
    nextPrependIndicatorMs: second.indicatorMs,
    nextPrependMs: second.totalMs,
  };
}

/** For comparison: every bar handed to lightweight-charts (the panel's path before windowing). */
async function chartDirectBench(count: number) {
  const raw = apiBars(count);
  const host = document.getElementById('chart')!;
  host.style.display = 'block';
  document.getElementById('grid')!.style.display = 'none';
  const t0 = performance.now();
  const bars = BarColumns.fromApiBars(raw, '0.01');
  const sma = new LiveIndicator({ id: 'sma', kind: 'sma', period: 20 }, bars);
  const chart = createChart(host, { width: 1400, height: 700 });
  const candles = chart.addSeries(CandlestickSeries, {});
  const candleData = new Array<{ time: UTCTimestamp; open: number; high: number; low: number; close: number }>(count);
  const volumeData = new Array<{ time: UTCTimestamp; value: number }>(count);
  const smaData: Array<{ time: UTCTimestamp; value: number }> = [];
  for (let i = 0; i < count; i++) {
    const time = bars.time[i]! as UTCTimestamp;
    candleData[i] = { time, open: bars.open[i]!, high: bars.high[i]!, low: bars.low[i]!, close: bars.close[i]! };
    volumeData[i] = { time, value: bars.volume[i]! };
    if (Number.isFinite(sma.values[0]![i]!)) smaData.push({ time, value: sma.values[0]![i]! });
  }
  candles.setData(candleData);
  chart.addSeries(HistogramSeries, { priceScaleId: 'volume' }).setData(volumeData);
  chart.addSeries(LineSeries, {}).setData(smaData);
  chart.timeScale().setVisibleLogicalRange({ from: count - 160, to: count + 4 });
  await frame();
  await frame();
  const loadAndDrawMs = performance.now() - t0;
  const last = candleData[count - 1]!;
  const updateCalls: number[] = [];
  for (let i = 0; i < 300; i++) {
    const started = performance.now();
    candles.update({ ...last, close: last.close + (i % 7) * 0.01 });
    updateCalls.push(performance.now() - started);
  }
  chart.remove();
  return { bars: count, loadAndDrawMs, updateCallP50Ms: percentile(updateCalls, 0.5), updateCallMaxMs: percentile(updateCalls, 1) };
}

interface Row {
  id: string;
  symbol: string;
  side: string;
  quantityLots: number;
  limitText: string;
  filledQuantityLots: number;
  status: string;
  updatedAt: string;
}

function rows(count: number): Row[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `o${i}`,
    symbol: ['AAPL', 'MSFT', 'SPY', 'GOOG', 'AMZN'][i % 5]!,
    side: i % 2 ? 'buy' : 'sell',
    quantityLots: 100 + (i % 50),
    limitText: (100 + (i % 997) / 100).toFixed(2),
    filledQuantityLots: 0,
    status: 'accepted',
    updatedAt: new Date(Date.UTC(2026, 0, 1) + i).toISOString(),
  }));
}

const columns = ['symbol', 'side', 'quantityLots', 'limitText', 'filledQuantityLots', 'status', 'updatedAt'].map((field) => ({ field: field as keyof Row, width: 140 }));
let setGridRows: ((rows: Row[]) => void) | null = null;
let gridApi: GridApi<Row> | null = null;

function GridHarness({ initial }: { initial: Row[] }) {
  const [data, setData] = useState(initial);
  useEffect(() => {
    setGridRows = setData;
  }, []);
  return <DataGrid rows={data} columns={columns} onReady={(api) => (gridApi = api)} />;
}

/**
 * Longest and p99 frame while `updatesPerSecond` rows change, for `seconds`, through `mode`: the
 * DataGrid component's rows prop (what every blotter does: DataGrid turns each new list into an
 * asynchronous transaction of the changed rows) or AG Grid's applyTransaction called directly.
 */
async function blotterBench(count: number, updatesPerSecond: number, seconds: number, mode: 'component' | 'component-rebuilt' | 'transaction') {
  document.getElementById('chart')!.style.display = 'none';
  const host = document.getElementById('grid')!;
  host.style.display = 'block';
  const services = { preferences: { store: createStore(() => ({ theme: 'dark' })) } } as unknown as AppServices;
  let current = rows(count);
  const root = createRoot(host);
  const mounted = performance.now();
  flushSync(() =>
    root.render(
      <ServicesContext.Provider value={services}>
        <GridHarness initial={current} />
      </ServicesContext.Provider>,
    ),
  );
  while (!gridApi || host.querySelectorAll('.ag-row').length === 0) await frame();
  await frame();
  const firstRenderMs = performance.now() - mounted;
  const frames: number[] = [];
  let previous = await frame();
  const end = previous + seconds * 1000;
  let carried = 0;
  let sequence = 0;
  while (previous < end) {
    const now = await frame();
    frames.push(now - previous);
    carried += ((now - previous) / 1000) * updatesPerSecond;
    const due = Math.floor(carried);
    carried -= due;
    if (due > 0) {
      const changed: Row[] = [];
      for (let i = 0; i < due; i++) {
        sequence += 1;
        const index = (sequence * 7919) % count;
        const row = current[index]!;
        changed.push({ ...row, filledQuantityLots: (row.filledQuantityLots + 1) % row.quantityLots, status: sequence % 3 ? 'partially_filled' : 'accepted', updatedAt: new Date(now).toISOString() });
      }
      if (mode === 'transaction') gridApi!.applyTransaction({ update: changed });
      else {
        // 'component': the changed rows replace theirs in a new list; 'component-rebuilt': every
        // row is a new object (as after a poll), so DataGrid compares all 10,000 by value.
        const next = mode === 'component-rebuilt' ? current.map((row) => ({ ...row })) : current.slice();
        for (const row of changed) next[Number(row.id.slice(1))] = row;
        current = next;
        setGridRows!(current);
      }
    }
    previous = now;
  }
  root.unmount();
  gridApi = null;
  const sorted = [...frames].sort((a, b) => a - b);
  return {
    rows: count,
    updatesPerSecond,
    mode,
    firstRenderMs,
    frames: frames.length,
    longestFrameMs: sorted[sorted.length - 1]!,
    p99FrameMs: sorted[Math.floor(sorted.length * 0.99)]!,
    p50FrameMs: sorted[Math.floor(sorted.length * 0.5)]!,
  };
}

(window as unknown as { kestrelBench: unknown }).kestrelBench = { baselineMs, chartBench, chartDirectBench, blotterBench };
