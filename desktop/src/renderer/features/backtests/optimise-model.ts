// Optimisation and walk-forward in the Backtests panel, as pure functions: the form (parameter
// space as `name=min:max[:step]` or `name=v1,v2,...` lines, method, objective, in-sample and
// out-of-sample bars) checked and turned into a POST /v1/optimisations body, and a finished job's
// result (the strategy service's `best`/`top` trials or `windows`/`combined`) turned into grid
// rows and chart points. A stored strategy's declared parameters (GET /v1/strategies/{id}) prefill
// the space; the service lists no built-in's declarations, so built-ins get an example space.
// The service checks parameter names and ranges against the strategy's
// declarations (OPTIMISE_INVALID_SPACE); the form only catches what it can see locally. A
// walk-forward's chart is its stored combined out-of-sample curve (GET .../{id}/curve: every bar,
// or real points decimated by the service) with its drawdown and a mark at each window's first
// bar; a job stored before the service kept curves falls back to each window's start and end.
import type { BarInterval } from '@kestrel/shared';
import { OBJECTIVES, type Objective, type OptimisationRequest, type ParamRange, type StrategyVersion, type WalkForwardCurve } from '../../api/strategy-api.js';

/** A starting parameter space per built-in strategy (the service lists no built-in's declarations). */
export const EXAMPLE_SPACES: Record<string, string> = {
  'sma-cross': 'fast=5:20:5\nslow=30,50',
  'rsi-mean-reversion': 'period=7:21:7\noversold=20,30',
  'donchian-breakout': 'entry=10:40:10\nexit=5,10',
};

/** Marks a stored strategy's id in the form's strategy field (built-ins are their bare names). */
export const STORED_PREFIX = 'stored:';

/**
 * A starting space from a strategy's declarations: each number parameter as a one-value list of
 * its effective default (the version's value, else the declaration's) for the user to widen, each
 * boolean as both values; other types are left out (they keep their default in every trial).
 */
export function spaceFromDeclarations(version: Pick<StrategyVersion, 'paramSpecs' | 'params'>): string {
  const lines: string[] = [];
  for (const [name, spec] of Object.entries(version.paramSpecs)) {
    const value = name in version.params ? version.params[name] : spec.default;
    if ((spec.type === 'integer' || spec.type === 'number') && typeof value === 'number') lines.push(`${name}=${value}`);
    else if (spec.type === 'boolean') lines.push(`${name}=false,true`);
  }
  return lines.join('\n');
}

/** The optimisation form as the panel holds it (text fields as typed). */
export interface OptimiseForm {
  mode: 'optimise' | 'walk-forward';
  /** A built-in's name, or STORED_PREFIX + a stored strategy's id. */
  strategy: string;
  symbol: string;
  interval: BarInterval;
  /** Dates as yyyy-mm-dd. */
  from: string;
  to: string;
  cash: string;
  space: string;
  method: 'grid' | 'random';
  samples: string;
  objective: string;
  inSampleBars: string;
  outOfSampleBars: string;
}

/** The form's body, or the first problem found. */
export type FormOutcome = { ok: true; body: OptimisationRequest } | { ok: false; error: string };

const NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const NUMBER = /^-?(\d+(\.\d*)?|\.\d+)$/;
const CASH = /^[1-9][0-9]{0,14}(\.[0-9]{1,8})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Parses one range spec: `min:max[:step]` or a comma list (numbers, true/false, or text). */
function rangeOf(name: string, spec: string): ParamRange | string {
  if (spec.includes(':')) {
    const parts = spec.split(':').map((part) => part.trim());
    if (parts.length > 3 || !parts.every((part) => NUMBER.test(part))) return `${name}: a range is min:max or min:max:step with numbers`;
    const [min, max, step] = parts.map(Number) as [number, number, number | undefined];
    if (min > max) return `${name}: min ${min} is above max ${max}`;
    if (step !== undefined && step <= 0) return `${name}: the step must be above 0`;
    return step === undefined ? { min, max } : { min, max, step };
  }
  const values = spec
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (values.length === 0) return `${name}: no values`;
  return { values: values.map((value) => (NUMBER.test(value) ? Number(value) : value === 'true' ? true : value === 'false' ? false : value)) };
}

/** Parses the space text, one `name=spec` per line (blank lines ignored). */
export function spaceOf(text: string): Record<string, ParamRange> | string {
  const space: Record<string, ParamRange> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    const equals = line.indexOf('=');
    const name = equals < 0 ? line : line.slice(0, equals).trim();
    if (equals < 0 || !NAME.test(name)) return `"${line}" is not name=min:max[:step] or name=v1,v2`;
    if (name in space) return `${name} is listed twice`;
    const range = rangeOf(name, line.slice(equals + 1).trim());
    if (typeof range === 'string') return range;
    space[name] = range;
  }
  return Object.keys(space).length === 0 ? 'the parameter space is empty' : space;
}

const positiveInteger = (text: string, minimum: number): number | null => {
  const value = Number(text.trim());
  return /^\d+$/.test(text.trim()) && value >= minimum ? value : null;
};

/** Checks the form and builds the POST /v1/optimisations body. */
export function optimisationRequestOf(form: OptimiseForm): FormOutcome {
  const symbol = form.symbol.trim().toUpperCase();
  if (symbol === '') return { ok: false, error: 'a symbol is required' };
  if (!DATE.test(form.from) || !DATE.test(form.to) || Number.isNaN(Date.parse(`${form.from}T00:00:00Z`)) || Number.isNaN(Date.parse(`${form.to}T00:00:00Z`))) return { ok: false, error: 'from and to must be dates' };
  if (form.from >= form.to) return { ok: false, error: 'from must be before to' };
  const cash = form.cash.trim();
  if (!CASH.test(cash)) return { ok: false, error: 'cash must be a positive decimal' };
  if (!(OBJECTIVES as readonly string[]).includes(form.objective)) return { ok: false, error: `unknown objective ${form.objective}` };
  const space = spaceOf(form.space);
  if (typeof space === 'string') return { ok: false, error: space };
  const body: OptimisationRequest = {
    strategy: form.strategy.startsWith(STORED_PREFIX) ? { strategyId: form.strategy.slice(STORED_PREFIX.length) } : { builtin: form.strategy },
    data: { source: 'history', symbol, interval: form.interval, from: new Date(`${form.from}T00:00:00Z`).toISOString(), to: new Date(`${form.to}T00:00:00Z`).toISOString() },
    cash,
    space,
    method: form.method,
    objective: form.objective as Objective,
  };
  if (form.method === 'random') {
    const samples = positiveInteger(form.samples, 1);
    if (samples === null || samples > 100_000) return { ok: false, error: 'samples must be a whole number from 1 to 100000' };
    body.samples = samples;
  }
  if (form.mode === 'walk-forward') {
    const inSampleBars = positiveInteger(form.inSampleBars, 2);
    const outOfSampleBars = positiveInteger(form.outOfSampleBars, 1);
    if (inSampleBars === null) return { ok: false, error: 'in-sample bars must be a whole number of at least 2' };
    if (outOfSampleBars === null) return { ok: false, error: 'out-of-sample bars must be a whole number of at least 1' };
    body.walkForward = { inSampleBars, outOfSampleBars };
  }
  return { ok: true, body };
}

const numberOr = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const recordOf = (value: unknown): Record<string, unknown> => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

/** Parameters as `name value` pairs, in the order the service lists them. */
export function paramsText(params: unknown): string {
  return Object.entries(recordOf(params))
    .map(([name, value]) => `${name} ${String(value)}`)
    .join(', ');
}

/** One ranked trial. */
export interface TrialRow {
  id: string;
  rank: number;
  params: string;
  objective: number | null;
  finalValue: number | null;
  totalReturn: number | null;
  sharpe: number | null;
  maxDrawdown: number | null;
  trades: number | null;
  error: string | null;
}

/** The ranked trials of an optimisation (the service's top 20, best first). */
export function trialRowsOf(result: Record<string, unknown>): TrialRow[] {
  const objective = String(result['objective'] ?? '');
  const top = Array.isArray(result['top']) ? (result['top'] as unknown[]) : [];
  return top.map((each, index) => {
    const trial = recordOf(each);
    const statistics = recordOf(trial['statistics']);
    const error = trial['error'];
    return {
      id: `trial-${String(trial['index'] ?? index)}`,
      rank: index + 1,
      params: paramsText(trial['params']),
      objective: numberOr(statistics[objective]),
      finalValue: numberOr(trial['finalValue']),
      totalReturn: numberOr(statistics['totalReturn']),
      sharpe: numberOr(statistics['sharpe']),
      maxDrawdown: numberOr(statistics['maxDrawdown']),
      trades: numberOr(statistics['closedTrades']),
      error: error === null || error === undefined ? null : typeof error === 'string' ? error : String(recordOf(error)['message'] ?? recordOf(error)['code'] ?? 'failed'),
    };
  });
}

/** One walk-forward window. */
export interface WindowRow {
  id: string;
  index: number;
  inSampleFrom: string;
  inSampleTo: string;
  outOfSampleFrom: string;
  outOfSampleTo: string;
  params: string;
  inSampleObjective: number | null;
  outOfSampleObjective: number | null;
  startValue: number | null;
  endValue: number | null;
}

/** The windows of a walk-forward analysis, in order. */
export function windowRowsOf(result: Record<string, unknown>): WindowRow[] {
  const windows = Array.isArray(result['windows']) ? (result['windows'] as unknown[]) : [];
  return windows.map((each, position) => {
    const window = recordOf(each);
    const inSample = recordOf(window['inSample']);
    const outOfSample = recordOf(window['outOfSample']);
    const index = numberOr(window['index']) ?? position;
    return {
      id: `window-${index}`,
      index,
      inSampleFrom: String(inSample['from'] ?? ''),
      inSampleTo: String(inSample['to'] ?? ''),
      outOfSampleFrom: String(outOfSample['from'] ?? ''),
      outOfSampleTo: String(outOfSample['to'] ?? ''),
      params: paramsText(recordOf(window['best'])['params']),
      inSampleObjective: numberOr(window['inSampleObjective']),
      outOfSampleObjective: numberOr(window['outOfSampleObjective']),
      startValue: numberOr(window['startValue']),
      endValue: numberOr(window['endValue']),
    };
  });
}

/** For a job stored without a curve: each window's start and end value, in UTC seconds, strictly increasing. */
export function outOfSamplePointsOf(rows: readonly WindowRow[]): Array<{ time: number; value: number }> {
  const points: Array<{ time: number; value: number }> = [];
  const add = (iso: string, value: number | null) => {
    const time = Math.floor(Date.parse(iso) / 1000);
    if (!Number.isFinite(time) || value === null) return;
    const last = points[points.length - 1];
    if (last && last.time === time) points[points.length - 1] = { time, value };
    else if (!last || time > last.time) points.push({ time, value });
  };
  for (const row of rows) {
    add(row.outOfSampleFrom, row.startValue);
    add(row.outOfSampleTo, row.endValue);
  }
  return points;
}

/** The combined curve as chart data: equity, drawdown (negative %) and one mark per window. */
export interface CurveChart {
  equity: Array<{ time: number; value: number }>;
  drawdown: Array<{ time: number; value: number }>;
  /** The first drawn point of each window (label W1, W2, ...). */
  marks: Array<{ time: number; label: string }>;
}

/**
 * The stored curve in UTC seconds, strictly increasing: a point whose second is not after the
 * previous one is left out (overlapping windows, stepBars < outOfSampleBars, repeat times; the
 * earlier window's point is kept). Each window is marked at its first drawn point at or after its
 * out-of-sample start.
 */
export function curveChartOf(curve: Pick<WalkForwardCurve, 'timesMs' | 'values' | 'drawdowns' | 'windows'>): CurveChart {
  const equity: CurveChart['equity'] = [];
  const drawdown: CurveChart['drawdown'] = [];
  curve.timesMs.forEach((ms, i) => {
    const time = Math.floor(ms / 1000);
    const value = curve.values[i];
    if (!Number.isFinite(time) || value === undefined || (equity.length > 0 && time <= equity[equity.length - 1]!.time)) return;
    equity.push({ time, value });
    drawdown.push({ time, value: -Math.abs(curve.drawdowns[i] ?? 0) * 100 });
  });
  const marks: CurveChart['marks'] = [];
  for (const window of curve.windows) {
    const start = Math.floor(Date.parse(window.from) / 1000);
    const point = equity.find((each) => each.time >= start);
    if (point === undefined || (marks.length > 0 && marks[marks.length - 1]!.time >= point.time)) continue;
    marks.push({ time: point.time, label: `W${window.index + 1}` });
  }
  return { equity, drawdown, marks };
}

/** The combined out-of-sample headline (final value, trades, return, Sharpe, max drawdown). */
export function combinedOf(result: Record<string, unknown>): { finalValue: number | null; trades: number | null; totalReturn: number | null; sharpe: number | null; maxDrawdown: number | null } {
  const combined = recordOf(result['combined']);
  const statistics = recordOf(combined['statistics']);
  return {
    finalValue: numberOr(combined['finalValue']),
    trades: numberOr(combined['trades']),
    totalReturn: numberOr(statistics['totalReturn']),
    sharpe: numberOr(statistics['sharpe']),
    maxDrawdown: numberOr(statistics['maxDrawdown']),
  };
}
