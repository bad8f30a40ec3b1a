// The messages between the strategy service and a job worker (job-worker.ts): one backtest,
// optimisation or walk-forward per worker. Structured-clone data only; bars travel with exact
// tick prices; a walk-forward's combined curve travels as transferred Float64Array columns next to
// its JSON result (stored in its own table, not inside the result). Cancellation is the parent terminating the worker (a synchronous backtest loop
// cannot read messages), so there is no cancel message.
import type { OhlcvBar } from '@kestrel/shared';
import type { BarFillOptions } from '../domain/backtest/bar-fill-model.js';
import type { CommissionSpec } from '../domain/backtest/commission.js';
import type { SlippageSpec } from '../domain/backtest/slippage.js';
import type { Objective } from '../domain/optimise/objective.js';
import type { ParameterSpace } from '../domain/optimise/parameter-space.js';
import type { WorkerStrategy } from '../sandbox/protocol.js';
import type { CurveColumns } from './job-curve-store.js';

/** Job kinds. */
export type JobKind = 'backtest' | 'optimisation' | 'walk-forward';

/** Where the bars come from. */
export type JobData = { kind: 'bars'; symbol: string; tickSize: string; bars: OhlcvBar[] } | { kind: 'csv'; csv: string; symbol: string; tickSize?: string };

/** Run settings shared by every kind. */
export interface JobSettings {
  cash: string;
  params: Record<string, unknown>;
  fill?: BarFillOptions;
  commission?: CommissionSpec[];
  slippage?: SlippageSpec;
  seed?: number;
  allowShort?: boolean;
  cashCheck?: boolean;
}

/** workerData of a job worker. */
export interface JobWorkerData {
  kind: JobKind;
  strategy: WorkerStrategy;
  data: JobData;
  settings: JobSettings;
  optimise?: {
    space: ParameterSpace;
    method: 'grid' | 'random';
    samples?: number;
    objective?: Objective;
    workers: number;
    walkForward?: { inSampleBars: number; outOfSampleBars: number; stepBars?: number; anchored?: boolean };
  };
}

/** Worker -> parent. */
export type FromJobWorker =
  | { type: 'progress'; completed: number; total: number }
  | { type: 'done'; result: Record<string, unknown>; curve?: CurveColumns }
  | { type: 'failed'; code: string; message: string };
