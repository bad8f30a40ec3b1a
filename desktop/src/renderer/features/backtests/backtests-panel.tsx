// Backtests panel: run a built-in strategy over the market-data history of a symbol (strategy,
// symbol, interval, date range, starting cash), follow the job's progress, and read the result:
// headline statistics, the equity curve with its drawdown in a pane below, and the trade list.
// Jobs run on the strategy service (POST /v1/backtests, polled while queued or running); the
// panel lists the caller's recent backtests so an earlier run can be reopened or a running one
// cancelled. When the suite has no strategy service the panel says so and sends nothing. A mode
// switch turns the panel to parameter optimisation or walk-forward analysis (optimise-view.tsx).
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ColDef } from 'ag-grid-community';
import { createChart, HistogramSeries, LineSeries, type IChartApi, type ISeriesApi, type UTCTimestamp } from 'lightweight-charts';
import { BAR_INTERVALS, type BarInterval } from '@kestrel/shared';
import { BUILTIN_STRATEGIES, type BacktestJob } from '../../api/strategy-api.js';
import { useServices } from '../../app/services-context.js';
import { notify } from '../../app/toasts.js';
import { DataGrid } from '../../ui/data-grid.js';
import { messageOf } from '../auth/session-controller.js';
import { chartColors } from '../chart/chart-theme.js';
import { equityPointsOf, summaryOf, tradeRowsOf, type TradeRow } from './backtest-model.js';
import { OptimiseView } from './optimise-view.js';
import { usePolledJob } from './use-polled-job.js';

const percent = (value: number | null) => (value === null ? '–' : `${(value * 100).toFixed(2)}%`);
const plain = (value: number | null, digits = 2) => (value === null ? '–' : value.toFixed(digits));

const TRADE_COLUMNS: Array<ColDef<TradeRow>> = [
  { headerName: 'Symbol', field: 'symbol', width: 80 },
  { headerName: 'Side', field: 'direction', width: 70 },
  { headerName: 'Entry', field: 'entryTime', width: 170 },
  { headerName: 'Exit', field: 'exitTime', width: 170, valueFormatter: (params) => (params.value ? String(params.value) : 'open') },
  { headerName: 'Qty', field: 'quantity', width: 70, type: 'rightAligned' },
  { headerName: 'Entry px', field: 'entryPrice', width: 90, type: 'rightAligned' },
  { headerName: 'Exit px', field: 'exitPrice', width: 90, type: 'rightAligned' },
  { headerName: 'P&L', field: 'pnl', width: 90, type: 'rightAligned', cellClass: (params) => ((params.value as number) >= 0 ? 'buy-text' : 'sell-text') },
  { headerName: 'Return %', field: 'returnPercent', width: 90, type: 'rightAligned', valueFormatter: (params) => (params.value === null ? '' : (params.value as number).toFixed(2)) },
  { headerName: 'Bars', field: 'bars', width: 70, type: 'rightAligned' },
];

type Mode = 'backtest' | 'optimise' | 'walk-forward';
const MODES: Array<{ mode: Mode; label: string }> = [
  { mode: 'backtest', label: 'Backtest' },
  { mode: 'optimise', label: 'Optimise' },
  { mode: 'walk-forward', label: 'Walk-forward' },
];

/** The backtests panel. */
export function BacktestsPanel() {
  const { capabilities } = useServices();
  const available = capabilities?.has('post', '/v1/backtests') ?? false;
  const optimisable = capabilities?.has('post', '/v1/optimisations') ?? false;
  const [mode, setMode] = useState<Mode>('backtest');
  if (!available) {
    return (
      <div className="panel">
        <div className="panel-empty" data-testid="backtests-unavailable">
          This Kestrel server has no strategy service (POST /v1/backtests is not in its API)
        </div>
      </div>
    );
  }
  const modeSwitch = optimisable ? (
    <div className="seg" role="group" aria-label="Mode" data-testid="backtest-mode">
      {MODES.map((each) => (
        <button key={each.mode} className={each.mode === mode ? 'on' : ''} data-testid={`backtest-mode-${each.mode}`} onClick={() => setMode(each.mode)}>
          {each.label}
        </button>
      ))}
    </div>
  ) : null;
  return (
    <div className="panel" data-testid="backtests" data-mode={mode}>
      {mode === 'backtest' ? <BacktestView modeSwitch={modeSwitch} /> : <OptimiseView key={mode} mode={mode} modeSwitch={modeSwitch} />}
    </div>
  );
}

/** One backtest: form, progress, statistics, equity chart and trades. */
function BacktestView({ modeSwitch }: { modeSwitch: ReactNode }) {
  const { strategies } = useServices();
  const [form, setForm] = useState({ strategy: 'sma-cross' as string, symbol: 'GOOG', interval: '1d' as BarInterval, from: '2015-01-01', to: '2025-01-01', cash: '10000' });
  const [jobs, setJobs] = useState<BacktestJob[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [job, setJob] = useState<BacktestJob | null>(null);
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<{ api: IChartApi; equity: ISeriesApi<'Line'>; drawdown: ISeriesApi<'Histogram'> } | null>(null);

  // The caller's recent backtests.
  useEffect(() => {
    strategies
      .backtests()
      .then((list) => setJobs(list.filter((each) => each.kind === 'backtest')))
      .catch((error: unknown) => notify('error', `Backtests: ${messageOf(error)}`));
  }, [strategies]);

  // The selected job, polled until it is finished.
  usePolledJob(strategies, 'backtest', 'Backtest', selected, setJob, setJobs);

  // The equity chart, once per panel.
  useEffect(() => {
    if (!host.current) return undefined;
    const colors = chartColors();
    const api = createChart(host.current, {
      autoSize: true,
      layout: { background: { color: colors.background }, textColor: colors.text, fontSize: 11, attributionLogo: false },
      grid: { vertLines: { color: colors.grid }, horzLines: { color: colors.grid } },
      timeScale: { borderColor: colors.border },
    });
    const equity = api.addSeries(LineSeries, { color: colors.accent, lineWidth: 2, title: 'Equity' });
    const drawdown = api.addSeries(HistogramSeries, { color: `${colors.down}99`, title: 'Drawdown %', priceFormat: { type: 'price', precision: 2, minMove: 0.01 } }, 1);
    chart.current = { api, equity, drawdown };
    return () => {
      api.remove();
      chart.current = null;
    };
  }, []);

  const result = job?.status === 'completed' ? job.result : null;
  const points = useMemo(() => (result ? equityPointsOf(result) : { equity: [], drawdown: [] }), [result]);
  const trades = useMemo(() => (result ? tradeRowsOf(result) : []), [result]);
  const summary = result ? summaryOf(result) : null;
  useEffect(() => {
    const current = chart.current;
    if (!current) return;
    current.equity.setData(points.equity.map((point) => ({ time: point.time as UTCTimestamp, value: point.value })));
    current.drawdown.setData(points.drawdown.map((point) => ({ time: point.time as UTCTimestamp, value: point.value })));
    current.api.timeScale().fitContent();
  }, [points]);

  const run = async () => {
    try {
      const queued = await strategies.runBacktest({
        strategy: { builtin: form.strategy },
        data: { source: 'history', symbol: form.symbol.trim().toUpperCase(), interval: form.interval, from: new Date(`${form.from}T00:00:00Z`).toISOString(), to: new Date(`${form.to}T00:00:00Z`).toISOString() },
        cash: form.cash.trim(),
      });
      setJobs((list) => [queued, ...list]);
      setSelected(queued.id);
    } catch (error) {
      notify('error', `Backtest refused: ${messageOf(error)}`);
    }
  };

  const set = (change: Partial<typeof form>) => setForm((current) => ({ ...current, ...change }));
  const running = job && (job.status === 'queued' || job.status === 'running');
  return (
    <>
      <div className="panel-toolbar">
        {modeSwitch}
        <select className="input" aria-label="Strategy" data-testid="backtest-strategy" value={form.strategy} onChange={(event) => set({ strategy: event.target.value })}>
          {BUILTIN_STRATEGIES.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
        <input className="input narrow" aria-label="Symbol" data-testid="backtest-symbol" value={form.symbol} onChange={(event) => set({ symbol: event.target.value })} />
        <select className="input" aria-label="Interval" value={form.interval} onChange={(event) => set({ interval: event.target.value as BarInterval })}>
          {BAR_INTERVALS.map((interval) => (
            <option key={interval} value={interval}>
              {interval}
            </option>
          ))}
        </select>
        <input className="input" type="date" aria-label="From" data-testid="backtest-from" value={form.from} onChange={(event) => set({ from: event.target.value })} />
        <input className="input" type="date" aria-label="To" data-testid="backtest-to" value={form.to} onChange={(event) => set({ to: event.target.value })} />
        <input className="input narrow" aria-label="Cash" value={form.cash} onChange={(event) => set({ cash: event.target.value })} />
        <button className="btn btn-small btn-primary" data-testid="run-backtest" onClick={() => void run()}>
          Run
        </button>
        {running && job && (
          <>
            <progress max={Math.max(1, job.progress.total)} value={job.progress.completed} data-testid="backtest-progress" />
            <button className="btn btn-small" onClick={() => void strategies.cancel(job.id).catch((error: unknown) => notify('error', `Cancel refused: ${messageOf(error)}`))}>
              Cancel
            </button>
          </>
        )}
        <span className="spacer" />
        <select className="input" aria-label="Earlier backtests" value={selected ?? ''} onChange={(event) => setSelected(event.target.value || null)}>
          <option value="">Earlier runs…</option>
          {jobs.map((each) => (
            <option key={each.id} value={each.id}>
              {new Date(each.createdAt).toLocaleString()} · {String((each.request['strategy'] as { builtin?: string } | undefined)?.builtin ?? 'strategy')} · {each.status}
            </option>
          ))}
        </select>
      </div>
      <div className="backtest-summary" data-testid="backtest-summary" data-status={job?.status ?? ''} data-trades={String(trades.length)} data-equity-points={String(points.equity.length)}>
        {job?.status === 'failed' && <span className="error-text">{job.error ? `${job.error.code}: ${job.error.message}` : 'failed'}</span>}
        {job?.status === 'cancelled' && <span className="muted">cancelled</span>}
        {running && <span className="muted">{job?.status} {job?.progress.total ? `${Math.round((job.progress.completed / job.progress.total) * 100)}%` : ''}</span>}
        {summary && (
          <span className="num">
            Final {plain(summary.finalValue)} · return {percent(summary.totalReturn)} · Sharpe {plain(summary.sharpe)} · max DD {percent(summary.maxDrawdown)} · trades {summary.closedTrades ?? '–'} · win {percent(summary.winRate)}
          </span>
        )}
      </div>
      <div className="panel-body backtest-body">
        <div className="backtest-chart" ref={host} data-testid="backtest-chart" />
        <div className="backtest-trades">
          <DataGrid rows={trades} columns={TRADE_COLUMNS} testId="backtest-trades" overlay="No trades" />
        </div>
      </div>
    </>
  );
}
