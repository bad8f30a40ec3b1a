// A pool of worker threads that run optimisation trials. Workers are started through a bootstrap
// that registers tsx's ESM loader inside the worker before importing trial-worker.ts, so the
// TypeScript entry loads whether the process was started with `node --import tsx`, the `tsx` CLI
// or bin/kestrel.js (a worker does not inherit loader hooks registered at runtime, and `.ts` entry
// files are refused without them). The bars are shared (SharedArrayBuffer), not copied.
// Invariants: each job runs exactly once; results come back in job order whatever the completion
// order; a failed worker fails the whole run (OPTIMISE_WORKER_FAILED, or the trial's own code); an
// abort terminates every worker and rejects with BACKTEST_CANCELLED; close() always terminates.

import { Worker } from 'node:worker_threads';
import { BacktestError } from '../backtest/backtest-error.js';
import type { BarSeries } from '../backtest/bar-series.js';
import type { StrategySource } from '../strategies/registry.js';
import { packSeries } from './packed-series.js';
import type { ToWorker } from './trial-worker.js';
import type { TrialConfig, TrialJob, TrialResult } from './trial.js';

type FromWorker = { type: 'ready' } | { type: 'result'; result: TrialResult } | { type: 'failed'; code: string; message: string };

const ENTRY = new URL('./trial-worker.ts', import.meta.url).href;

/** The eval'd bootstrap: register tsx in the worker, then load the TypeScript entry. */
function bootstrap(): string {
  const tsx = import.meta.resolve('tsx/esm/api');
  return `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(ENTRY)}); });`;
}

function failure(code: string, message: string): BacktestError {
  const known = code === 'BACKTEST_CANCELLED' || code.startsWith('BACKTEST_') || code.startsWith('OPTIMISE_');
  return new BacktestError(known ? (code as BacktestError['code']) : 'OPTIMISE_WORKER_FAILED', known ? message : `${code}: ${message}`);
}

/** Options of a pool. */
export interface TrialPoolOptions {
  workers: number;
  series: readonly BarSeries[];
  strategy: StrategySource;
  config: TrialConfig;
}

/** Worker threads running trials over shared bars. */
export class TrialPool {
  private constructor(private readonly workers: Worker[]) {}

  /** Starts the workers and waits until each has loaded the data and the strategy. */
  static async start(options: TrialPoolOptions): Promise<TrialPool> {
    if (!Number.isSafeInteger(options.workers) || options.workers < 1) {
      throw new BacktestError('BACKTEST_INVALID_CONFIG', `workers must be a positive integer, got ${String(options.workers)}`);
    }
    const packed = options.series.map(packSeries);
    const code = bootstrap();
    const workers: Worker[] = [];
    try {
      await Promise.all(
        Array.from({ length: options.workers }, () => {
          const worker = new Worker(code, { eval: true, execArgv: [] });
          workers.push(worker);
          return new Promise<void>((resolve, reject) => {
            const onMessage = (message: FromWorker): void => {
              cleanup();
              if (message.type === 'ready') resolve();
              else reject(message.type === 'failed' ? failure(message.code, message.message) : new BacktestError('OPTIMISE_WORKER_FAILED', 'unexpected message'));
            };
            const onError = (error: Error): void => {
              cleanup();
              reject(new BacktestError('OPTIMISE_WORKER_FAILED', `a worker failed to start: ${error.message}`, { cause: error }));
            };
            const onExit = (exitCode: number): void => {
              cleanup();
              reject(new BacktestError('OPTIMISE_WORKER_FAILED', `a worker exited during start-up (code ${exitCode})`));
            };
            const cleanup = (): void => {
              worker.off('message', onMessage);
              worker.off('error', onError);
              worker.off('exit', onExit);
            };
            worker.on('message', onMessage);
            worker.on('error', onError);
            worker.on('exit', onExit);
            const init: ToWorker = { type: 'init', series: packed, strategy: options.strategy, config: options.config };
            worker.postMessage(init);
          });
        }),
      );
    } catch (error) {
      await Promise.all(workers.map((worker) => worker.terminate()));
      throw error;
    }
    return new TrialPool(workers);
  }

  /** Number of workers. */
  get size(): number {
    return this.workers.length;
  }

  /** Runs the jobs across the workers; results in job order. */
  run(jobs: readonly TrialJob[], options: { signal?: AbortSignal; onResult?: (result: TrialResult) => void } = {}): Promise<TrialResult[]> {
    const results = new Array<TrialResult>(jobs.length);
    const { signal, onResult } = options;
    return new Promise<TrialResult[]>((resolve, reject) => {
      let next = 0;
      let done = 0;
      let settled = false;
      const listeners: (() => void)[] = [];
      const finish = (error?: Error): void => {
        if (settled) return;
        settled = true;
        for (const remove of listeners) remove();
        signal?.removeEventListener('abort', onAbort);
        if (error === undefined) resolve(results);
        else {
          void Promise.all(this.workers.map((worker) => worker.terminate()));
          reject(error);
        }
      };
      const onAbort = (): void => finish(new BacktestError('BACKTEST_CANCELLED', `optimisation cancelled after ${done} of ${jobs.length} trials`));
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      if (jobs.length === 0) return finish();
      const position = new Map<number, number>();
      const dispatch = (worker: Worker): void => {
        if (settled || next >= jobs.length) return;
        const job = jobs[next]!;
        position.set(job.index, next++);
        const message: ToWorker = { type: 'run', job };
        worker.postMessage(message);
      };
      for (const worker of this.workers) {
        const onMessage = (message: FromWorker): void => {
          if (settled) return;
          if (message.type === 'result') {
            results[position.get(message.result.index)!] = message.result;
            done++;
            onResult?.(message.result);
            if (done === jobs.length) return finish();
            dispatch(worker);
          } else if (message.type === 'failed') {
            finish(failure(message.code, message.message));
          }
        };
        const onError = (error: Error): void => finish(new BacktestError('OPTIMISE_WORKER_FAILED', `a worker crashed: ${error.message}`, { cause: error }));
        const onExit = (exitCode: number): void => finish(new BacktestError('OPTIMISE_WORKER_FAILED', `a worker exited (code ${exitCode})`));
        worker.on('message', onMessage);
        worker.on('error', onError);
        worker.on('exit', onExit);
        listeners.push(() => {
          worker.off('message', onMessage);
          worker.off('error', onError);
          worker.off('exit', onExit);
        });
        dispatch(worker);
      }
    });
  }

  /** Terminates every worker. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}
