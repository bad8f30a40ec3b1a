// Worker-thread entry that runs ONE user or built-in strategy, isolated from the service: the
// service starts it with resourceLimits (heap cap) and watches the `busy` clock (a hook running
// longer than the limit gets the worker terminated). Modes: `describe` loads the strategy and
// reports its name, description and parameter declarations; `run` is a deployment (see protocol.ts).
// Invariants: every hook runs inside guard(), which stamps the busy clock and turns an exception
// into a `failed` message (code STRATEGY_HOOK_FAILED, naming the hook) after which nothing else
// runs; outcomes a hook caused (local rejections) are delivered after it returns, never
// re-entrantly; while paused, market data and timers are dropped but order outcomes still update
// the context (so positions stay right) without calling the strategy.
import { parentPort, workerData } from 'node:worker_threads';
import { parseParams, type Order, type ParamSpecs, type Strategy, type StrategyDefinition } from '@kestrel/shared';
import { seededRandom } from '../domain/backtest/seeded-random.js';
import { BUILTIN_STRATEGIES } from '../domain/strategies/registry.js';
import { LiveContext } from './live-context.js';
import type { FromWorker, ToWorker, WorkerData, WorkerStrategy } from './protocol.js';
import type { StrategyRuntimeCode } from './runtime-codes.js';

const data = workerData as WorkerData;
const busy = new BigInt64Array(data.busy);
const port = parentPort!;
let failed = false;

function post(message: FromWorker): void {
  port.postMessage(message);
}

function fail(code: string, message: string): void {
  if (failed) return;
  failed = true;
  post({ type: 'failed', code, message });
}

/** Runs `work` as hook `hook`, with the busy clock stamped; false when it threw. */
function guard(hook: string, work: () => void): boolean {
  if (failed) return false;
  Atomics.store(busy, 0, BigInt(Date.now()));
  try {
    work();
    return true;
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    fail(('STRATEGY_HOOK_FAILED' satisfies StrategyRuntimeCode), `${hook} threw ${message}`.slice(0, 2000));
    return false;
  } finally {
    Atomics.store(busy, 0, 0n);
  }
}

async function load(strategy: WorkerStrategy): Promise<StrategyDefinition<ParamSpecs>> {
  if ('builtin' in strategy) {
    const definition = BUILTIN_STRATEGIES.get(strategy.builtin);
    if (definition === undefined) throw Object.assign(new Error(`unknown built-in strategy ${strategy.builtin}`), { code: 'STRATEGY_BUILTIN_UNKNOWN' });
    return definition;
  }
  let module: Record<string, unknown> = {};
  Atomics.store(busy, 0, BigInt(Date.now()));
  try {
    module = (await import(`data:text/javascript;base64,${Buffer.from(strategy.code).toString('base64')}`)) as Record<string, unknown>;
  } finally {
    Atomics.store(busy, 0, 0n);
  }
  const exported = (module.default ?? Object.values(module).find((value) => typeof (value as { create?: unknown })?.create === 'function')) as
    | Partial<StrategyDefinition<ParamSpecs>>
    | undefined;
  if (exported === undefined || typeof exported.create !== 'function' || typeof exported.name !== 'string' || typeof exported.params !== 'object' || exported.params === null) {
    throw Object.assign(new Error('the module exports no strategy definition (export default defineStrategy({...}))'), { code: 'STRATEGY_SOURCE_INVALID' });
  }
  return exported as StrategyDefinition<ParamSpecs>;
}

async function describeMode(): Promise<void> {
  const definition = await load(data.strategy);
  post({ type: 'described', description: { name: definition.name, description: String(definition.description ?? ''), params: JSON.parse(JSON.stringify(definition.params)) as ParamSpecs } });
}

async function runMode(): Promise<void> {
  if (data.mode !== 'run') return;
  const definition = await load(data.strategy);
  const params = parseParams(definition.params, data.params);
  const problems = definition.checkParams?.(params) ?? [];
  if (problems.length > 0) throw Object.assign(new Error(problems.join('; ')), { code: 'STRATEGY_PARAMS_INCONSISTENT' });
  const pendingUpdates: Order[] = [];
  const timers = new Map<string, NodeJS.Timeout>();
  let paused = false;
  let strategy: Strategy<Readonly<Record<string, unknown>>> = {};
  const context: LiveContext<Readonly<Record<string, unknown>>> = new LiveContext(
    params,
    data.runMode,
    {
      accountId: data.accountId,
      symbols: data.symbols,
      instruments: data.instruments,
      tickValueMinor: data.tickValueMinor,
      account: data.account,
      orderPrefix: data.orderPrefix,
      nextOrderSeq: data.nextOrderSeq,
      random: seededRandom(data.seed),
    },
    {
      submit: (request) => post({ type: 'submit', request }),
      cancel: (clientOrderId) => post({ type: 'cancel', clientOrderId }),
      log: (level, message, fields) => post({ type: 'log', level, message: String(message).slice(0, 2000), ...(fields === undefined ? {} : { fields }) }),
      deliver: (order) => pendingUpdates.push(order),
      setTimer: (id, name, at, intervalMs) => {
        const fire = (due: number): void => {
          if (intervalMs > 0) timers.set(id, setTimeout(() => fire(due + intervalMs), Math.max(0, due + intervalMs - Date.now())));
          else timers.delete(id);
          if (!paused) run('onTimer', () => strategy.onTimer?.(context, { id, name, timestamp: due }));
        };
        timers.set(id, setTimeout(() => fire(at), Math.max(0, at - Date.now())));
      },
      cancelTimer: (id) => {
        const timer = timers.get(id);
        if (timer === undefined) return false;
        clearTimeout(timer);
        return timers.delete(id);
      },
    },
  );

  /** A hook, then the local outcomes it caused. */
  const run = (hook: string, work: () => void): void => {
    if (!guard(hook, work)) return;
    while (pendingUpdates.length > 0 && !failed) {
      const order = context.applyOrder(pendingUpdates.shift()!);
      if (!guard('onOrderUpdate', () => strategy.onOrderUpdate?.(context, order))) return;
    }
  };

  if (!guard('create', () => (strategy = definition.create(params)))) return;
  post({ type: 'loaded', warmupBars: definition.warmupBars?.(params) ?? 0 });

  port.on('message', (message: ToWorker) => {
    if (failed) return;
    switch (message.type) {
      case 'warmup':
        for (const bar of message.bars) context.market.onBar(bar);
        return;
      case 'start':
        run('onStart', () => strategy.onStart?.(context));
        return;
      case 'bar':
        context.mark(message.bar.symbol, message.bar.ticks.close);
        if (paused) {
          context.market.onBar(message.bar);
          return;
        }
        context.market.onBar(message.bar);
        run('onBar', () => strategy.onBar?.(context, message.bar));
        return;
      case 'tick':
        if (message.tick.kind === 'trade') context.mark(message.tick.symbol, message.tick.priceTicks);
        if (!paused) run('onTick', () => strategy.onTick?.(context, message.tick));
        return;
      case 'book':
        if (!paused) run('onBook', () => strategy.onBook?.(context, message.book));
        return;
      case 'order': {
        const order = context.applyOrder(message.order);
        if (!paused) run('onOrderUpdate', () => strategy.onOrderUpdate?.(context, order));
        return;
      }
      case 'fill':
        context.applyFill(message.fill.symbol, message.fill.side, message.fill.quantityLots, message.fill.priceTicks, message.fill.feeMinor);
        if (!paused) run('onFill', () => strategy.onFill?.(context, message.fill));
        return;
      case 'pause':
        paused = true;
        return;
      case 'resume':
        paused = false;
        return;
      case 'stop':
        for (const timer of timers.values()) clearTimeout(timer);
        timers.clear();
        run('onStop', () => strategy.onStop?.(context));
        post({ type: 'stopped' });
        return;
    }
  });
}

(data.mode === 'describe' ? describeMode() : runMode()).catch((error: unknown) => {
  const code = (error as { code?: unknown }).code;
  fail(typeof code === 'string' ? code : ('STRATEGY_LOAD_FAILED' satisfies StrategyRuntimeCode), error instanceof Error ? error.message : String(error));
});
