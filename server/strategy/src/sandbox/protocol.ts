// The messages between the strategy service and a strategy worker thread (strategy-worker.ts).
// Invariants: everything is structured-clone data (no functions); the worker reports its own
// failures as a `failed` message when it can, and the parent treats the worker dying without one
// (out of memory, terminated by the CPU watchdog) as a failure too. The `busy` buffer holds the
// wall-clock ms at which the running hook started (0 when idle): the parent's watchdog reads it.
import type { BookSnapshotEvent, Execution, LogFields, MarketBar, MarketTick, NewOrderRequest, Order, ParamSpecs, StrategyInstrument } from '@kestrel/shared';

/** Where the strategy comes from: a built-in id, or a bundled ES module (sandbox/compile.ts). */
export type WorkerStrategy = { builtin: string } | { code: string };

/** The account as the deployment starts: cash and positions of its symbols. */
export interface AccountStart {
  cashMinor: number;
  positions: Record<string, { lots: number; averagePriceTicks: number | null }>;
}

/** workerData of a strategy worker. */
export type WorkerData =
  | { mode: 'describe'; strategy: WorkerStrategy; busy: SharedArrayBuffer }
  | {
      mode: 'run';
      strategy: WorkerStrategy;
      busy: SharedArrayBuffer;
      params: Record<string, unknown>;
      runMode: 'paper' | 'live';
      accountId: string;
      symbols: string[];
      instruments: StrategyInstrument[];
      /** Minor units of the account currency per tick per lot, by symbol (exact from the instrument). */
      tickValueMinor: Record<string, number>;
      account: AccountStart;
      /** Client order ids are `${orderPrefix}${n}` for n from nextOrderSeq. */
      orderPrefix: string;
      nextOrderSeq: number;
      seed: number;
    };

/** What a strategy declares, as the describe mode reports it. */
export interface StrategyDescription {
  name: string;
  description: string;
  params: ParamSpecs;
}

/** Parent -> worker. */
export type ToWorker =
  | { type: 'warmup'; bars: MarketBar[] }
  | { type: 'start' }
  | { type: 'bar'; bar: MarketBar }
  | { type: 'tick'; tick: MarketTick }
  | { type: 'book'; book: BookSnapshotEvent }
  | { type: 'order'; order: Order }
  | { type: 'fill'; fill: Execution }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'stop' };

/** Worker -> parent. */
export type FromWorker =
  | { type: 'described'; description: StrategyDescription }
  | { type: 'loaded'; warmupBars: number }
  | { type: 'submit'; request: NewOrderRequest }
  | { type: 'cancel'; clientOrderId: string }
  | { type: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; message: string; fields?: LogFields }
  | { type: 'failed'; code: string; message: string }
  | { type: 'stopped' };
