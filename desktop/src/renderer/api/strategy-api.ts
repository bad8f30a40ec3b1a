// Backtest jobs of the strategy service (server/strategy, docs/strategies.md): queue a backtest
// of a built-in strategy over the market-data history, follow its progress, read its result
// (the `kestrel backtest --json` object with the trade list and the equity curve), cancel it.
import type { BarInterval } from '@kestrel/shared';
import type { HttpClient } from './http-client.js';

/** Built-in strategies of the strategy service. */
export const BUILTIN_STRATEGIES = ['sma-cross', 'rsi-mean-reversion', 'donchian-breakout'] as const;

/** A backtest request over the market-data history. */
export interface BacktestRequest {
  strategy: { builtin: string };
  params?: Record<string, number>;
  data: { source: 'history'; symbol: string; interval: BarInterval; from: string; to: string };
  cash?: string;
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

/** The backtest calls. */
export class StrategyApi {
  constructor(private readonly http: HttpClient) {}

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
}
