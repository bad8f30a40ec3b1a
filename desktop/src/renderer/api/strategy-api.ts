// The strategy service's calls (server/strategy, docs/strategies.md): stored strategies and
// their versions, deployments (start on an account, pause, resume, stop, performance), and
// backtest jobs (queue a backtest of a built-in strategy over the market-data history, follow its
// progress, read its result — the `kestrel backtest --json` object with the trade list and the
// equity curve — and cancel it); optimisation and walk-forward jobs (POST /v1/optimisations: a
// grid or random search over a parameter space, ranked by an objective, or walk-forward windows,
// whose combined out-of-sample equity curve is read a range at a time from .../{id}/curve).
import type { BarInterval, WalkForwardCurvePage } from '@kestrel/shared';
import type { HttpClient } from './http-client.js';

/** Built-in strategies of the strategy service. */
export const BUILTIN_STRATEGIES = ['sma-cross', 'rsi-mean-reversion', 'donchian-breakout'] as const;

/** Objectives an optimisation ranks by (maxDrawdown and maxDrawdownDurationBars are minimised). */
export const OBJECTIVES = ['sharpe', 'finalValue', 'totalReturn', 'annualReturn', 'sortino', 'calmar', 'winRate', 'profitFactor', 'expectancy', 'maxDrawdown', 'maxDrawdownDurationBars'] as const;

/** One objective. */
export type Objective = (typeof OBJECTIVES)[number];

/** A stored strategy. */
export interface StrategyRecord {
  id: string;
  name: string;
  description: string;
  latestVersion: number;
  updatedAt: string;
}

/** A version of a strategy (parameters with their declarations). */
export interface StrategyVersion {
  version: number;
  kind: 'builtin' | 'source';
  builtin: string | null;
  strategyName: string;
  /** The strategy's parameter declarations (type, default, range) by name. */
  paramSpecs: Record<string, { type?: string; default?: unknown; min?: number; max?: number }>;
  /** The version's own default values (override the declarations' defaults). */
  params: Record<string, unknown>;
}

/** A deployment of a strategy version on an account. */
export interface Deployment {
  id: string;
  strategyId: string;
  version: number;
  accountId: string;
  mode: 'paper' | 'live';
  symbols: string[];
  barInterval: string;
  params: Record<string, unknown>;
  status: 'running' | 'paused' | 'stopped' | 'failed';
  error: { code: string; message: string } | null;
  startedAt: string;
}

/** A deployment's live performance (minor units of the account currency). */
export interface DeploymentPerformance {
  deploymentId: string;
  status: Deployment['status'];
  pnlMinor: number;
  currentDrawdownMinor: number;
  maxDrawdownMinor: number;
  positions: Record<string, number>;
  fills: number;
  feesMinor: number;
  errors: number;
}

/** A backtest request over the market-data history. */
export interface BacktestRequest {
  strategy: { builtin: string };
  params?: Record<string, number>;
  data: { source: 'history'; symbol: string; interval: BarInterval; from: string; to: string };
  cash?: string;
}

/** One parameter's search range: min..max (by step), or a list of values. */
export type ParamRange = { min: number; max: number; step?: number } | { values: Array<number | boolean | string> };

/** An optimisation (or, with walkForward, a walk-forward analysis) over the market-data history. */
export interface OptimisationRequest extends Omit<BacktestRequest, 'strategy'> {
  /** A built-in, or a stored strategy (its latest version unless one is named). */
  strategy: { builtin: string } | { strategyId: string; version?: number };
  space: Record<string, ParamRange>;
  method?: 'grid' | 'random';
  samples?: number;
  objective?: Objective;
  walkForward?: { inSampleBars: number; outOfSampleBars: number; stepBars?: number; anchored?: boolean };
}

/** A job as the service shows it. */
export interface BacktestJob {
  id: string;
  kind: 'backtest' | 'optimisation' | 'walk-forward';
  status: 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';
  progress: { completed: number; total: number };
  request: Record<string, unknown>;
  result: Record<string, unknown> | null;
  error: { code: string; message: string } | null;
  createdAt: string;
  finishedAt: string | null;
}

/** A range of a walk-forward's combined out-of-sample curve (GET /v1/optimisations/{id}/curve). */
export type WalkForwardCurve = WalkForwardCurvePage;

/** The strategy service's calls. */
export class StrategyApi {
  constructor(private readonly http: HttpClient) {}

  async strategies(): Promise<StrategyRecord[]> {
    return (await this.http.get<{ strategies: StrategyRecord[] }>('/v1/strategies')).strategies;
  }

  createStrategy(body: { name: string; builtin: string; params?: Record<string, number> }): Promise<{ strategy: StrategyRecord; version: StrategyVersion }> {
    return this.http.post('/v1/strategies', body);
  }

  strategy(id: string): Promise<{ strategy: StrategyRecord; version: StrategyVersion }> {
    return this.http.get(`/v1/strategies/${encodeURIComponent(id)}`);
  }

  async deployments(): Promise<Deployment[]> {
    return (await this.http.get<{ deployments: Deployment[] }>('/v1/strategy-deployments')).deployments;
  }

  startDeployment(body: { strategyId: string; accountId: string; symbols: string[]; barInterval: BarInterval; params?: Record<string, number> }): Promise<Deployment> {
    return this.http.post('/v1/strategy-deployments', body);
  }

  /** Pauses, resumes or stops a deployment. */
  changeDeployment(id: string, action: 'pause' | 'resume' | 'stop'): Promise<Deployment> {
    return this.http.post(`/v1/strategy-deployments/${encodeURIComponent(id)}/${action}`);
  }

  performance(id: string): Promise<DeploymentPerformance> {
    return this.http.get(`/v1/strategy-deployments/${encodeURIComponent(id)}/performance`);
  }

  runBacktest(request: BacktestRequest): Promise<BacktestJob> {
    return this.http.post('/v1/backtests', request);
  }

  backtest(id: string): Promise<BacktestJob> {
    return this.http.get(`/v1/backtests/${encodeURIComponent(id)}`);
  }

  async backtests(limit = 20): Promise<BacktestJob[]> {
    return (await this.http.get<{ jobs: BacktestJob[] }>('/v1/backtests', { query: { limit } })).jobs;
  }

  async cancel(id: string): Promise<void> {
    await this.http.delete(`/v1/backtests/${encodeURIComponent(id)}`);
  }

  /** Queues an optimisation, or a walk-forward analysis when the request has walkForward. */
  runOptimisation(request: OptimisationRequest): Promise<BacktestJob> {
    return this.http.post('/v1/optimisations', request);
  }

  optimisation(id: string): Promise<BacktestJob> {
    return this.http.get(`/v1/optimisations/${encodeURIComponent(id)}`);
  }

  /** The caller's optimisation and walk-forward jobs, newest first, without results. */
  async optimisations(limit = 20): Promise<BacktestJob[]> {
    return (await this.http.get<{ jobs: BacktestJob[] }>('/v1/optimisations', { query: { limit } })).jobs;
  }

  /** A range of a completed walk-forward's combined curve (decimated beyond maxPoints points). */
  walkForwardCurve(id: string, query: { offset?: number; limit?: number; maxPoints?: number } = {}): Promise<WalkForwardCurve> {
    return this.http.get(`/v1/optimisations/${encodeURIComponent(id)}/curve`, { query });
  }

  async cancelOptimisation(id: string): Promise<void> {
    await this.http.delete(`/v1/optimisations/${encodeURIComponent(id)}`);
  }
}
