// Worker-thread entry of the optimiser's pool. Protocol (messages from the parent):
//   { type: 'init', series: PackedSeries[], strategy: StrategySource, config: TrialConfig }
//     -> { type: 'ready' } or { type: 'failed', code, message }
//   { type: 'run', job: TrialJob } -> { type: 'result', result: TrialResult } or { type: 'failed', ... }
// The worker keeps the unpacked bars and the strategy definition between jobs. It runs under tsx:
// the pool starts it through a small bootstrap that registers tsx's loader in the worker first.

import { parentPort } from 'node:worker_threads';
import type { ParamSpecs, StrategyDefinition } from '@kestrel/shared';
import type { BarSeries } from '../backtest/bar-series.js';
import { loadStrategy, type StrategySource } from '../strategies/registry.js';
import { unpackSeries, type PackedSeries } from './packed-series.js';
import { runTrial, type TrialConfig, type TrialJob } from './trial.js';

/** Messages the parent sends. */
export type ToWorker = { type: 'init'; series: PackedSeries[]; strategy: StrategySource; config: TrialConfig } | { type: 'run'; job: TrialJob };

let definition: StrategyDefinition<ParamSpecs> | undefined;
let series: BarSeries[] = [];
let config: TrialConfig | undefined;

function failed(error: unknown): { type: 'failed'; code: string; message: string } {
  const code = (error as { code?: unknown }).code;
  return { type: 'failed', code: typeof code === 'string' ? code : 'OPTIMISE_WORKER_FAILED', message: error instanceof Error ? error.message : String(error) };
}

parentPort!.on('message', (message: ToWorker) => {
  if (message.type === 'init') {
    series = message.series.map(unpackSeries);
    config = message.config;
    loadStrategy(message.strategy).then(
      (loaded) => {
        definition = loaded;
        parentPort!.postMessage({ type: 'ready' });
      },
      (error: unknown) => parentPort!.postMessage(failed(error)),
    );
    return;
  }
  try {
    const result = runTrial(definition!, series, config!, message.job);
    parentPort!.postMessage({ type: 'result', result });
  } catch (error) {
    parentPort!.postMessage(failed(error));
  }
});
