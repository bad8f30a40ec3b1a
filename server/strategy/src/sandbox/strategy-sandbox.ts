// The parent side of a strategy worker (strategy-worker.ts): starts it with a heap cap
// (resourceLimits) and a CPU watchdog, forwards messages, and turns every way a worker can end
// badly into ONE failure report: a `failed` message (the strategy threw: STRATEGY_HOOK_FAILED,
// or could not load), the watchdog (a hook ran past `hookTimeoutMs`: STRATEGY_TIMEOUT, the worker
// is terminated), the heap cap (ERR_WORKER_OUT_OF_MEMORY: STRATEGY_MEMORY_LIMIT), or any other
// exit (STRATEGY_WORKER_EXITED). Invariants: onFailure is called at most once and never after
// stop() was asked for; nothing a strategy does can throw into the service.
import { Worker } from 'node:worker_threads';
import type { FromWorker, StrategyDescription, ToWorker, WorkerData, WorkerStrategy } from './protocol.js';
import type { StrategyRuntimeCode } from './runtime-codes.js';

const ENTRY = new URL('./strategy-worker.ts', import.meta.url).href;

/** The eval'd bootstrap: register tsx in the worker, then load the TypeScript entry. */
function bootstrap(): string {
  const tsx = import.meta.resolve('tsx/esm/api');
  return `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(ENTRY)}); });`;
}

/** workerData without the busy clock (the sandbox adds it); distributive over the modes. */
export type SandboxData = WorkerData extends infer T ? (T extends unknown ? Omit<T, 'busy'> : never) : never;

/** Limits of one worker. */
export interface SandboxLimits {
  memoryMb: number;
  hookTimeoutMs: number;
}

/** Why a worker ended badly. */
export interface SandboxFailure {
  code: string;
  message: string;
}

/** Callbacks of a running sandbox. */
export interface SandboxHandlers {
  onMessage(message: FromWorker): void;
  onFailure(failure: SandboxFailure): void;
}

/** One running strategy worker. */
export class StrategySandbox {
  readonly #worker: Worker;
  readonly #busy: BigInt64Array;
  readonly #watchdog: NodeJS.Timeout;
  #ended = false;
  #stopping = false;

  constructor(data: SandboxData, limits: SandboxLimits, handlers: SandboxHandlers) {
    const buffer = new SharedArrayBuffer(8);
    this.#busy = new BigInt64Array(buffer);
    this.#worker = new Worker(bootstrap(), {
      eval: true,
      execArgv: [],
      workerData: { ...data, busy: buffer } as WorkerData,
      resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb, maxYoungGenerationSizeMb: Math.max(4, Math.floor(limits.memoryMb / 8)), stackSizeMb: 4 },
      stdout: true,
      stderr: true,
    });
    const end = (failure: SandboxFailure | null): void => {
      if (this.#ended) return;
      this.#ended = true;
      clearInterval(this.#watchdog);
      if (failure !== null && !this.#stopping) handlers.onFailure(failure);
    };
    this.#worker.on('message', (message: FromWorker) => {
      if (this.#ended) return;
      if (message.type === 'failed') {
        end({ code: message.code, message: message.message });
        void this.#worker.terminate();
        return;
      }
      handlers.onMessage(message);
    });
    this.#worker.on('error', (error: Error & { code?: string }) => {
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') end({ code: ('STRATEGY_MEMORY_LIMIT' satisfies StrategyRuntimeCode), message: `the strategy exceeded its memory limit of ${limits.memoryMb} MiB` });
      else end({ code: ('STRATEGY_WORKER_EXITED' satisfies StrategyRuntimeCode), message: `the strategy worker crashed: ${error.message}`.slice(0, 2000) });
    });
    this.#worker.on('exit', (exitCode) => end(this.#stopping ? null : { code: ('STRATEGY_WORKER_EXITED' satisfies StrategyRuntimeCode), message: `the strategy worker exited (code ${exitCode})` }));
    const check = Math.max(5, Math.floor(limits.hookTimeoutMs / 4));
    this.#watchdog = setInterval(() => {
      const since = Number(Atomics.load(this.#busy, 0));
      if (since !== 0 && Date.now() - since > limits.hookTimeoutMs) {
        end({ code: ('STRATEGY_TIMEOUT' satisfies StrategyRuntimeCode), message: `a strategy hook ran longer than ${limits.hookTimeoutMs} ms (stuck in a loop?); the worker was terminated` });
        void this.#worker.terminate();
      }
    }, check);
    this.#watchdog.unref();
  }

  /** True once the worker has ended (failed, stopped or exited). */
  get ended(): boolean {
    return this.#ended;
  }

  /** Sends a message (dropped once the worker has ended). */
  send(message: ToWorker): void {
    if (!this.#ended) this.#worker.postMessage(message);
  }

  /** Asks the strategy to stop (onStop), waiting up to `graceMs`, then terminates the worker. */
  async stop(graceMs: number): Promise<void> {
    if (this.#ended) return;
    this.#stopping = true;
    const stopped = new Promise<void>((resolve) => {
      this.#worker.on('message', (message: FromWorker) => {
        if (message.type === 'stopped') resolve();
      });
      this.#worker.once('exit', () => resolve());
    });
    this.#worker.postMessage({ type: 'stop' } satisfies ToWorker);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([stopped, new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
    await this.#worker.terminate();
  }

  /** Terminates at once, without onStop. */
  async kill(): Promise<void> {
    this.#stopping = true;
    await this.#worker.terminate();
  }
}

/** Loads a strategy in a throw-away worker and returns what it declares; rejects with { code, message }. */
export function describeStrategy(strategy: WorkerStrategy, limits: SandboxLimits): Promise<StrategyDescription> {
  return new Promise((resolve, reject) => {
    let sandbox: StrategySandbox | undefined = undefined;
    const timeout = setTimeout(() => {
      reject(Object.assign(new Error(`loading the strategy took longer than ${limits.hookTimeoutMs * 2} ms`), { code: ('STRATEGY_TIMEOUT' satisfies StrategyRuntimeCode) }));
      void sandbox?.kill();
    }, limits.hookTimeoutMs * 2 + 5_000);
    sandbox = new StrategySandbox({ mode: 'describe', strategy }, limits, {
      onMessage: (message) => {
        if (message.type !== 'described') return;
        clearTimeout(timeout);
        resolve(message.description);
        void sandbox?.kill();
      },
      onFailure: (failure) => {
        clearTimeout(timeout);
        reject(Object.assign(new Error(failure.message), { code: failure.code }));
      },
    });
  });
}
