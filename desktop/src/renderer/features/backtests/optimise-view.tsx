// The Backtests panel's Optimise and Walk-forward modes: a form for the parameter space (one
// `name=min:max[:step]` or `name=v1,v2` line per parameter, prefilled with an example for a built-in
// or prefilled from a stored strategy's declared parameters), method, objective and, for walk-forward, in-sample and out-of-sample bars; the job is queued on
// the strategy service (POST /v1/optimisations) and polled with a progress bar and Cancel. A
// finished optimisation shows its ranked trials; a walk-forward its windows and its combined
// out-of-sample equity curve per bar (GET /v1/optimisations/{id}/curve, decimated by the service
// beyond CURVE_POINTS real points) with the drawdown in a pane below and each window marked at its
// first bar (a job stored before the service kept curves shows each window's start and end value).
// The form is checked locally first (optimise-model.ts) so a typo never reaches the service.
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ColDef } from 'ag-grid-community';
import { createChart, createSeriesMarkers, HistogramSeries, LineSeries, type IChartApi, type ISeriesApi, type ISeriesMarkersPluginApi, type Time, type UTCTimestamp } from 'lightweight-charts';
import { BAR_INTERVALS, type BarInterval } from '@kestrel/shared';
import { ApiError } from '../../api/api-error.js';
import { BUILTIN_STRATEGIES, OBJECTIVES, type BacktestJob, type StrategyRecord, type WalkForwardCurve } from '../../api/strategy-api.js';
import { useServices } from '../../app/services-context.js';
import { notify } from '../../app/toasts.js';
import { DataGrid } from '../../ui/data-grid.js';
import { messageOf } from '../auth/session-controller.js';
import { chartColors } from '../chart/chart-theme.js';
import { usePolledJob } from './use-polled-job.js';
import {
  combinedOf,
  curveChartOf,
  EXAMPLE_SPACES,
  optimisationRequestOf,
  outOfSamplePointsOf,
  spaceFromDeclarations,
  STORED_PREFIX,
  trialRowsOf,
  windowRowsOf,
  type CurveChart,
  type OptimiseForm,
  type TrialRow,
  type WindowRow,
} from './optimise-model.js';

/** Most points of a walk-forward curve the chart asks for (the service decimates beyond). */
const CURVE_POINTS = 4000;

const percent = (value: number | null) => (value === null ? '–' : `${(value * 100).toFixed(2)}%`);
const plain = (value: number | null, digits = 2) => (value === null ? '–' : value.toFixed(digits));
const numberCell = (digits: number) => (params: { value: unknown }) => (typeof params.value === 'number' ? params.value.toFixed(digits) : '–');
const percentCell = (params: { value: unknown }) => (typeof params.value === 'number' ? `${(params.value * 100).toFixed(2)}%` : '–');
const day = (params: { value: unknown }) => String(params.value ?? '').slice(0, 10);

const TRIAL_COLUMNS: Array<ColDef<TrialRow>> = [
  { headerName: '#', field: 'rank', width: 55, type: 'rightAligned' },
  { headerName: 'Parameters', field: 'params', width: 200 },
  { headerName: 'Objective', field: 'objective', width: 95, type: 'rightAligned', valueFormatter: numberCell(4) },
  { headerName: 'Final value', field: 'finalValue', width: 105, type: 'rightAligned', valueFormatter: numberCell(2) },
  { headerName: 'Return', field: 'totalReturn', width: 85, type: 'rightAligned', valueFormatter: percentCell },
  { headerName: 'Sharpe', field: 'sharpe', width: 80, type: 'rightAligned', valueFormatter: numberCell(2) },
  { headerName: 'Max DD', field: 'maxDrawdown', width: 85, type: 'rightAligned', valueFormatter: percentCell },
  { headerName: 'Trades', field: 'trades', width: 75, type: 'rightAligned' },
  { headerName: 'Error', field: 'error', width: 200 },
];

const WINDOW_COLUMNS: Array<ColDef<WindowRow>> = [
  { headerName: '#', field: 'index', width: 55, type: 'rightAligned' },
  { headerName: 'IS from', field: 'inSampleFrom', width: 100, valueFormatter: day },
  { headerName: 'IS to', field: 'inSampleTo', width: 100, valueFormatter: day },
  { headerName: 'OOS from', field: 'outOfSampleFrom', width: 100, valueFormatter: day },
  { headerName: 'OOS to', field: 'outOfSampleTo', width: 100, valueFormatter: day },
  { headerName: 'Parameters', field: 'params', width: 180 },
  { headerName: 'IS objective', field: 'inSampleObjective', width: 105, type: 'rightAligned', valueFormatter: numberCell(4) },
  { headerName: 'OOS objective', field: 'outOfSampleObjective', width: 115, type: 'rightAligned', valueFormatter: numberCell(4) },
  { headerName: 'Start', field: 'startValue', width: 100, type: 'rightAligned', valueFormatter: numberCell(2) },
  { headerName: 'End', field: 'endValue', width: 100, type: 'rightAligned', valueFormatter: numberCell(2) },
];

/** A job's strategy as the list shows it: the built-in's name or the stored strategy's. */
function strategyLabel(strategy: unknown, stored: readonly StrategyRecord[]): string {
  const named = (strategy ?? {}) as { builtin?: string; strategyId?: string };
  if (named.builtin) return named.builtin;
  return stored.find((each) => each.id === named.strategyId)?.name ?? 'stored strategy';
}

/** The optimise or walk-forward view of the Backtests panel. */
export function OptimiseView({ mode, modeSwitch }: { mode: OptimiseForm['mode']; modeSwitch: ReactNode }) {
  const { strategies } = useServices();
  const kind = mode === 'walk-forward' ? 'walk-forward' : 'optimisation';
  const [form, setForm] = useState<OptimiseForm>({
    mode,
    strategy: 'sma-cross',
    symbol: 'GOOG',
    interval: '1d',
    from: '2015-01-01',
    to: '2025-01-01',
    cash: '10000',
    space: EXAMPLE_SPACES['sma-cross']!,
    method: 'grid',
    samples: '20',
    objective: 'sharpe',
    inSampleBars: '500',
    outOfSampleBars: '250',
  });
  const [problem, setProblem] = useState<string | null>(null);
  const [stored, setStored] = useState<StrategyRecord[]>([]);
  const [jobs, setJobs] = useState<BacktestJob[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [job, setJob] = useState<BacktestJob | null>(null);
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<{ api: IChartApi; equity: ISeriesApi<'Line'>; drawdown: ISeriesApi<'Histogram'>; marks: ISeriesMarkersPluginApi<Time> } | null>(null);
  // The selected walk-forward's stored curve: undefined until read, null when the job has none.
  const [curve, setCurve] = useState<{ jobId: string; curve: WalkForwardCurve | null } | undefined>(undefined);

  // The caller's stored strategies (their declared parameters prefill the space).
  useEffect(() => {
    strategies
      .strategies()
      .then(setStored)
      .catch((error: unknown) => notify('error', `Strategies: ${messageOf(error)}`));
  }, [strategies]);

  // The caller's recent jobs of this kind.
  useEffect(() => {
    strategies
      .optimisations()
      .then((list) => setJobs(list.filter((each) => each.kind === kind)))
      .catch((error: unknown) => notify('error', `Optimisations: ${messageOf(error)}`));
  }, [strategies, kind]);

  // The selected job, polled until it is finished.
  usePolledJob(strategies, 'optimisation', 'Optimisation', selected, setJob, setJobs);

  // The combined out-of-sample chart (walk-forward only; the view is remounted per mode).
  useEffect(() => {
    if (!host.current) return undefined;
    const colors = chartColors();
    const api = createChart(host.current, {
      autoSize: true,
      layout: { background: { color: colors.background }, textColor: colors.text, fontSize: 11, attributionLogo: false },
      grid: { vertLines: { color: colors.grid }, horzLines: { color: colors.grid } },
      timeScale: { borderColor: colors.border },
    });
    const equity = api.addSeries(LineSeries, { color: colors.accent, lineWidth: 2, title: 'Out-of-sample value' });
    const drawdown = api.addSeries(HistogramSeries, { color: `${colors.down}99`, title: 'Drawdown %', priceFormat: { type: 'price', precision: 2, minMove: 0.01 } }, 1);
    chart.current = { api, equity, drawdown, marks: createSeriesMarkers(equity, []) };
    return () => {
      api.remove();
      chart.current = null;
    };
  }, []);

  const result = job?.status === 'completed' ? job.result : null;
  const trials = useMemo(() => (result && kind === 'optimisation' ? trialRowsOf(result) : []), [result, kind]);
  const windows = useMemo(() => (result && kind === 'walk-forward' ? windowRowsOf(result) : []), [result, kind]);
  const combined = result && kind === 'walk-forward' ? combinedOf(result) : null;
  const walkId = result && kind === 'walk-forward' ? (job?.id ?? null) : null;

  // The completed walk-forward's combined curve, read once per job.
  useEffect(() => {
    if (walkId === null) return undefined;
    let live = true;
    strategies
      .walkForwardCurve(walkId, { maxPoints: CURVE_POINTS })
      .then((read) => live && setCurve({ jobId: walkId, curve: read }))
      .catch((error: unknown) => {
        if (!live) return;
        if (error instanceof ApiError && error.code === 'STRATEGY_CURVE_UNAVAILABLE') setCurve({ jobId: walkId, curve: null });
        else notify('error', `Walk-forward curve: ${messageOf(error)}`);
      });
    return () => {
      live = false;
    };
  }, [strategies, walkId]);

  const walkCurve = curve !== undefined && curve.jobId === walkId ? curve.curve : undefined;
  const drawn = useMemo<CurveChart>(() => {
    if (walkCurve) return curveChartOf(walkCurve);
    if (walkCurve === null) return { equity: outOfSamplePointsOf(windows), drawdown: [], marks: [] };
    return { equity: [], drawdown: [], marks: [] };
  }, [walkCurve, windows]);
  useEffect(() => {
    const current = chart.current;
    if (!current) return;
    current.equity.setData(drawn.equity.map((point) => ({ time: point.time as UTCTimestamp, value: point.value })));
    current.drawdown.setData(drawn.drawdown.map((point) => ({ time: point.time as UTCTimestamp, value: point.value })));
    current.marks.setMarkers(drawn.marks.map((mark) => ({ time: mark.time as UTCTimestamp, position: 'aboveBar', shape: 'arrowDown', color: chartColors().text, text: mark.label })));
    current.api.timeScale().fitContent();
  }, [drawn]);

  const run = async () => {
    const outcome = optimisationRequestOf(form);
    if (!outcome.ok) {
      setProblem(outcome.error);
      return;
    }
    setProblem(null);
    try {
      const queued = await strategies.runOptimisation(outcome.body);
      setJobs((list) => [queued, ...list]);
      setSelected(queued.id);
    } catch (error) {
      notify('error', `Optimisation refused: ${messageOf(error)}`);
    }
  };

  const set = (change: Partial<OptimiseForm>) => setForm((current) => ({ ...current, ...change }));
  const chooseStrategy = (strategy: string) => {
    if (!strategy.startsWith(STORED_PREFIX)) {
      set({ strategy, space: EXAMPLE_SPACES[strategy] ?? form.space });
      return;
    }
    set({ strategy });
    strategies
      .strategy(strategy.slice(STORED_PREFIX.length))
      .then(({ version }) => setForm((current) => (current.strategy === strategy ? { ...current, space: spaceFromDeclarations(version) } : current)))
      .catch((error: unknown) => notify('error', `Strategy: ${messageOf(error)}`));
  };
  const running = job && (job.status === 'queued' || job.status === 'running');
  const rows = kind === 'walk-forward' ? windows.length : trials.length;
  return (
    <>
      <div className="panel-toolbar">
        {modeSwitch}
        <select className="input" aria-label="Strategy" data-testid="optimise-strategy" value={form.strategy} onChange={(event) => chooseStrategy(event.target.value)}>
          {BUILTIN_STRATEGIES.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
          {stored.map((each) => (
            <option key={each.id} value={`${STORED_PREFIX}${each.id}`}>
              {each.name} (v{each.latestVersion})
            </option>
          ))}
        </select>
        <input className="input narrow" aria-label="Symbol" data-testid="optimise-symbol" value={form.symbol} onChange={(event) => set({ symbol: event.target.value })} />
        <select className="input" aria-label="Interval" value={form.interval} onChange={(event) => set({ interval: event.target.value as BarInterval })}>
          {BAR_INTERVALS.map((interval) => (
            <option key={interval} value={interval}>
              {interval}
            </option>
          ))}
        </select>
        <input className="input" type="date" aria-label="From" data-testid="optimise-from" value={form.from} onChange={(event) => set({ from: event.target.value })} />
        <input className="input" type="date" aria-label="To" data-testid="optimise-to" value={form.to} onChange={(event) => set({ to: event.target.value })} />
        <input className="input narrow" aria-label="Cash" value={form.cash} onChange={(event) => set({ cash: event.target.value })} />
        <select className="input" aria-label="Method" data-testid="optimise-method" value={form.method} onChange={(event) => set({ method: event.target.value as OptimiseForm['method'] })}>
          <option value="grid">grid</option>
          <option value="random">random</option>
        </select>
        {form.method === 'random' && (
          <label className="muted">
            samples <input className="input narrow" aria-label="Samples" value={form.samples} onChange={(event) => set({ samples: event.target.value })} />
          </label>
        )}
        <select className="input" aria-label="Objective" data-testid="optimise-objective" value={form.objective} onChange={(event) => set({ objective: event.target.value })}>
          {OBJECTIVES.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
        {mode === 'walk-forward' && (
          <>
            <label className="muted" title="In-sample bars per window">
              IS <input className="input narrow" aria-label="In-sample bars" data-testid="optimise-in-sample" value={form.inSampleBars} onChange={(event) => set({ inSampleBars: event.target.value })} />
            </label>
            <label className="muted" title="Out-of-sample bars per window">
              OOS <input className="input narrow" aria-label="Out-of-sample bars" data-testid="optimise-out-of-sample" value={form.outOfSampleBars} onChange={(event) => set({ outOfSampleBars: event.target.value })} />
            </label>
          </>
        )}
        <button className="btn btn-small btn-primary" data-testid="run-optimise" onClick={() => void run()}>
          Run
        </button>
        {running && job && (
          <>
            <progress max={Math.max(1, job.progress.total)} value={job.progress.completed} data-testid="optimise-progress" />
            <button className="btn btn-small" data-testid="cancel-optimise" onClick={() => void strategies.cancelOptimisation(job.id).catch((error: unknown) => notify('error', `Cancel refused: ${messageOf(error)}`))}>
              Cancel
            </button>
          </>
        )}
        <span className="spacer" />
        <select className="input" aria-label={`Earlier ${kind} runs`} value={selected ?? ''} onChange={(event) => setSelected(event.target.value || null)}>
          <option value="">Earlier runs…</option>
          {jobs.map((each) => (
            <option key={each.id} value={each.id}>
              {new Date(each.createdAt).toLocaleString()} · {strategyLabel(each.request['strategy'], stored)} · {each.status}
            </option>
          ))}
        </select>
      </div>
      <textarea
        className="input optimise-space"
        aria-label="Parameter space"
        data-testid="optimise-space"
        rows={3}
        spellCheck={false}
        value={form.space}
        onChange={(event) => set({ space: event.target.value })}
        placeholder="one per line: name=min:max:step or name=v1,v2"
      />
      <div
        className="backtest-summary"
        data-testid="optimise-summary"
        data-status={job?.status ?? ''}
        data-job={job?.id ?? ''}
        data-rows={String(rows)}
        data-points={String(drawn.equity.length)}
        data-drawdown-points={String(drawn.drawdown.length)}
        data-marks={String(drawn.marks.length)}
        data-curve-points={walkCurve ? String(walkCurve.points) : ''}
        data-decimated={walkCurve ? String(walkCurve.decimated) : ''}
      >
        {problem && <span className="error-text">{problem}</span>}
        {job?.status === 'failed' && <span className="error-text">{job.error ? `${job.error.code}: ${job.error.message}` : 'failed'}</span>}
        {job?.status === 'cancelled' && <span className="muted">cancelled</span>}
        {running && (
          <span className="muted">
            {job?.status} {job?.progress.total ? `${job.progress.completed}/${job.progress.total}` : ''}
          </span>
        )}
        {result && kind === 'optimisation' && (
          <span className="num">
            {String(result['trials'] ?? '–')} trials ranked by {String(result['objective'] ?? '')} (top {trials.length})
          </span>
        )}
        {combined && (
          <span className="num">
            Out of sample: final {plain(combined.finalValue)} · return {percent(combined.totalReturn)} · Sharpe {plain(combined.sharpe)} · max DD {percent(combined.maxDrawdown)} · trades {combined.trades ?? '–'}
          </span>
        )}
      </div>
      <div className="panel-body backtest-body">
        {mode === 'walk-forward' && <div className="backtest-chart" ref={host} data-testid="walk-forward-chart" />}
        <div className="backtest-trades">
          {mode === 'walk-forward' ? (
            <DataGrid rows={windows} columns={WINDOW_COLUMNS} testId="walk-forward-windows" overlay="No windows" />
          ) : (
            <DataGrid rows={trials} columns={TRIAL_COLUMNS} testId="optimise-trials" overlay="No trials" />
          )}
        </div>
      </div>
    </>
  );
}
