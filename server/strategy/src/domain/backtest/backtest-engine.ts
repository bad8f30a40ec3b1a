// The event-driven backtest loop. Bars, trade/quote ticks and level-2 book snapshots of one or
// more symbols are merged in time order (ties in the order the series are given). For a bar:
//   1. timers due at or before the bar's time fire (onTimer), in due order;
//   2. the fill model matches working orders against the bar's open and range (fills and order
//      updates are delivered: onFill, onOrderUpdate);
//   3. the bar enters the history and indicators, its close becomes the symbol's mark, and the
//      strategy sees it (onBar);
//   4. the fill model matches what may trade at the bar's close (close fill mode);
//   5. after the last bar of a timestamp the account value is recorded on the equity curve.
// For a tick or book event: due timers fire, the fill model matches against the print or the
// book (onTrade/onBook), the print's price or the mid becomes the mark, and the strategy sees the
// event (onTick/onBook); the account value is sampled every `equitySampleMs` of event time.
// Outcomes caused inside a hook are queued and delivered after it returns (never re-entrantly).
// Events before `startTime` (warm-up) only feed history and indicators. Invariants: deterministic
// for (strategy, params, data, options, seed): no wall clock, no shared state, ids from counters;
// the money path is integer minor units (see simulated-broker.ts). Cancellation is checked every
// 4,096 events.

import {
  MarketData,
  parseParams,
  StrategyError,
  type Execution,
  type ParamSpecs,
  type ParamValues,
  type RawParams,
  type Strategy,
  type StrategyDefinition,
} from '@kestrel/shared';
import { BacktestError } from './backtest-error.js';
import { backtestInstrument, type BacktestInstrument } from './backtest-instrument.js';
import { BacktestContext, RunLog, type LogEntry } from './backtest-context.js';
import { BarFillModel, type BarFillOptions } from './bar-fill-model.js';
import { seriesBar, seriesLength, seriesTime, type BarSeries } from './bar-series.js';
import { BookFillModel } from './book-fill-model.js';
import { isEventSeries, midTicks, type MarketSeries, type ReplayEvent } from './event-series.js';
import { createCommissionModel, type CommissionModel, type CommissionSpec } from './commission.js';
import type { FillModel } from './fill-model.js';
import { checkedMinor, MAX_MONEY_DECIMALS, minorToNumber } from './money.js';
import type { RoundTrip } from './round-trips.js';
import { seededRandom } from './seeded-random.js';
import { SimulatedBroker, type Notification } from './simulated-broker.js';
import { createSlippageModel, type SlippageModel, type SlippageSpec } from './slippage.js';
import { computeStatistics, drawdownCurve, inferPeriodsPerYear, type Statistics } from './statistics.js';
import { TimerQueue } from './timer-queue.js';

/** The account and model configuration of a run. */
export interface BacktestOptions {
  /** Initial cash in minor units (10^-moneyDecimals of the price currency); > 0. */
  initialCashMinor: number;
  /** Decimals of the minor unit; must cover every tick size's decimals (see moneyDecimalsFor). */
  moneyDecimals: number;
  /** Contract multipliers by symbol (default 1). */
  multipliers?: Readonly<Record<string, number>>;
  /** Bar fill options, or a fresh FillModel instance (e.g. the engine book). Default: next-open, limit touch for bar runs; BookFillModel when the data has tick or book events. */
  fill?: BarFillOptions | FillModel;
  /** Account-value sampling interval for tick and book events, ms (default 1,000). */
  equitySampleMs?: number;
  /** Commission models (summed), or a model instance. Default: none. */
  commission?: readonly CommissionSpec[] | CommissionModel;
  /** Slippage of taker fills, or a model instance. Default: none. */
  slippage?: SlippageSpec | SlippageModel;
  /** Seed of ctx.random(). Default 1. */
  seed?: number;
  /** Events before this time (ms) only warm up history and indicators. */
  startTime?: number;
  /** Bars of history kept per symbol (default 1,000). */
  historyLength?: number;
  cashCheck?: boolean;
  allowShort?: boolean;
  /** Keep every fill in the result (default true). */
  recordFills?: boolean;
  /** Annualisation periods (default: inferred from the bar spacing, see statistics.ts). */
  periodsPerYear?: number;
  /** Annual risk-free rate for Sharpe/Sortino as a fraction (default 0). */
  riskFreeRate?: number;
  signal?: AbortSignal;
  /** Called every 4,096 events with the events handled so far and the total (progress of a long run). */
  onProgress?: (handled: number, total: number) => void;
  /** Log lines kept in the result (default 1,000). */
  maxLogEntries?: number;
  onLog?: (entry: LogEntry) => void;
}

/** Everything a run produced. Money in minor units unless named otherwise. */
export interface BacktestResult {
  strategy: string;
  params: Readonly<Record<string, unknown>>;
  moneyDecimals: number;
  instruments: readonly BacktestInstrument[];
  fillModel: string;
  commissionModel: string;
  slippageModel: string;
  seed: number;
  initialCashMinor: number;
  finalValueMinor: number;
  cashMinor: number;
  /** Signed lots per symbol at the end. */
  positions: Record<string, number>;
  equity: { timestamps: Float64Array; valuesMinor: Float64Array; drawdown: Float64Array };
  fills: Execution[];
  fillCount: number;
  orderCount: number;
  rejectedOrders: number;
  commissionMinor: number;
  trades: RoundTrip[];
  openTrades: RoundTrip[];
  statistics: Statistics;
  logs: LogEntry[];
  droppedLogs: number;
  /** Events (bars, ticks, book snapshots) processed, warm-up included. */
  events: number;
}

/** A run's strategy: a definition with raw or parsed parameters. */
export interface BacktestStrategy<S extends ParamSpecs = ParamSpecs> {
  definition: StrategyDefinition<S>;
  params?: RawParams;
}

/** Parses and cross-checks a definition's parameters; throws StrategyError. */
export function resolveParams<S extends ParamSpecs>(definition: StrategyDefinition<S>, raw: RawParams = {}): ParamValues<S> {
  const params = parseParams(definition.params, raw);
  const problems = definition.checkParams?.(params) ?? [];
  if (problems.length > 0) {
    throw new StrategyError('STRATEGY_PARAMS_INCONSISTENT', `${definition.name}: ${problems.join('; ')}`, problems.map((message) => ({ name: '', message })));
  }
  return params;
}

function isFillModel(fill: BarFillOptions | FillModel | undefined): fill is FillModel {
  return fill !== undefined && typeof (fill as FillModel).onBarOpen === 'function';
}

function lengthOf(series: MarketSeries): number {
  return isEventSeries(series) ? series.events.length : seriesLength(series);
}

/** Time in ms of item `i` of a series (events carry µs). */
function timeOf(series: MarketSeries, i: number): number {
  return isEventSeries(series) ? series.events[i]!.timeMicros / 1000 : seriesTime(series, i);
}

function checkOptions(options: BacktestOptions, series: readonly MarketSeries[]): void {
  const fail = (message: string): never => {
    throw new BacktestError('BACKTEST_INVALID_CONFIG', message);
  };
  if (!Number.isSafeInteger(options.initialCashMinor) || options.initialCashMinor <= 0) fail(`initial cash must be a positive safe integer of minor units, got ${String(options.initialCashMinor)}`);
  if (!Number.isInteger(options.moneyDecimals) || options.moneyDecimals < 0 || options.moneyDecimals > MAX_MONEY_DECIMALS) fail(`moneyDecimals must be 0..${MAX_MONEY_DECIMALS}`);
  if (options.seed !== undefined && !Number.isSafeInteger(options.seed)) fail(`seed must be an integer, got ${String(options.seed)}`);
  if (options.historyLength !== undefined && (!Number.isSafeInteger(options.historyLength) || options.historyLength < 1)) fail('historyLength must be a positive integer');
  if (options.periodsPerYear !== undefined && !(options.periodsPerYear > 0)) fail('periodsPerYear must be > 0');
  if (options.equitySampleMs !== undefined && !(options.equitySampleMs >= 0)) fail('equitySampleMs must be >= 0');
  if (series.length === 0) throw new BacktestError('BACKTEST_DATA_MISSING', 'no bar series given');
  const symbols = new Set<string>();
  for (const s of series) {
    if (symbols.has(s.symbol)) fail(`symbol ${s.symbol} is given twice`);
    symbols.add(s.symbol);
    if (lengthOf(s) === 0) throw new BacktestError('BACKTEST_DATA_MISSING', `${s.symbol}: no bars or events`);
    if (isEventSeries(s)) {
      for (let i = 1; i < s.events.length; i++) {
        if (s.events[i]!.timeMicros < s.events[i - 1]!.timeMicros) throw new BacktestError('BACKTEST_DATA_INVALID', `${s.symbol}: event ${i} is earlier than the one before`);
        if (s.events[i]!.symbol !== s.symbol) throw new BacktestError('BACKTEST_DATA_INVALID', `${s.symbol}: event ${i} is for ${s.events[i]!.symbol}`);
      }
    }
  }
}

/** Runs one backtest (synchronously; see the module comment for the event order). */
export function runBacktest<S extends ParamSpecs>(strategy: BacktestStrategy<S>, series: readonly MarketSeries[], options: BacktestOptions): BacktestResult {
  checkOptions(options, series);
  const definition = strategy.definition;
  const params = resolveParams(definition, strategy.params);
  const decimals = options.moneyDecimals;
  const instruments = series.map((s) => backtestInstrument(s.symbol, s.tickSize, options.multipliers?.[s.symbol] ?? 1, decimals));
  const hasEvents = series.some(isEventSeries);
  const fillModel: FillModel = isFillModel(options.fill) ? options.fill : hasEvents && options.fill === undefined ? new BookFillModel() : new BarFillModel(options.fill);
  const commission: CommissionModel = Array.isArray(options.commission) || options.commission === undefined
    ? createCommissionModel((options.commission ?? []) as readonly CommissionSpec[], decimals)
    : (options.commission as CommissionModel);
  const slippage: SlippageModel = options.slippage === undefined
    ? createSlippageModel({ kind: 'none' })
    : 'apply' in options.slippage ? options.slippage : createSlippageModel(options.slippage);
  const seed = options.seed ?? 1;
  const instance: Strategy<ParamValues<S>> = definition.create(params);
  const broker = new SimulatedBroker({
    accountId: '00000000-0000-4000-8000-000000000000',
    instruments,
    initialCashMinor: options.initialCashMinor,
    fillModel,
    commission,
    slippage,
    cashCheck: options.cashCheck ?? false,
    allowShort: options.allowShort ?? true,
    recordFills: options.recordFills ?? true,
    notifyOrders: instance.onOrderUpdate !== undefined,
    notifyFills: instance.onFill !== undefined,
  });
  const market = new MarketData(instruments.map((instrument) => instrument.symbol), options.historyLength ?? 1_000);
  const timers = new TimerQueue();
  const log = new RunLog(options.maxLogEntries ?? 1_000, () => broker.now, options.onLog);
  const ctx = new BacktestContext(params, market, broker, timers, seededRandom(seed), log);

  let hook = '';
  const call = <A>(name: string, fn: ((ctx: BacktestContext<ParamValues<S>>, arg: A) => void) | undefined, arg: A): void => {
    if (fn === undefined) return;
    hook = name;
    fn.call(instance, ctx, arg);
    hook = '';
  };
  const onBar = instance.onBar;
  const onTick = instance.onTick;
  const onBook = instance.onBook;
  let delivered = 0;
  const drain = (): void => {
    const queue = broker.notifications;
    if (queue.length === 0) return;
    while (delivered < queue.length) {
      const note: Notification = queue[delivered++]!;
      if (note.kind === 'fill') call('onFill', instance.onFill, note.fill);
      else call('onOrderUpdate', instance.onOrderUpdate, note.order);
    }
    queue.length = 0;
    delivered = 0;
  };

  const lengths = series.map(lengthOf);
  const eventKinds = series.map(isEventSeries);
  const sampleMs = options.equitySampleMs ?? 1_000;
  const total = lengths.reduce((sum, n) => sum + n, 0);
  const startTime = options.startTime ?? -Infinity;
  const curveTimes = new Float64Array(total);
  const curveValues = new Float64Array(total);
  let points = 0;
  let exposed = 0;
  const positions = series.map((s) => broker.positionOf(s.symbol)!);
  const cursors = new Int32Array(series.length);
  const single = series.length === 1;
  const signal = options.signal;
  const onProgress = options.onProgress;
  let barSeq = 0;
  let events = 0;

  // onStart happens just before the first event, so timers set there count from its time.
  broker.now = Math.min(...series.map((s) => timeOf(s, 0)));
  let lastRecorded = -Infinity;
  let unrecorded = false;
  const record = (time: number): void => {
    curveTimes[points] = time;
    curveValues[points] = checkedMinor(broker.equity(), 'account value');
    points++;
    lastRecorded = time;
    unrecorded = false;
    for (let k = 0; k < positions.length; k++) {
      if (positions[k]!.lots !== 0) {
        exposed++;
        break;
      }
    }
  };
  const fireTimers = (time: number): void => {
    while (!timers.empty && timers.nextDue() <= time) {
      const timer = timers.pop(time)!;
      broker.now = timer.due;
      call('onTimer', instance.onTimer, { id: timer.id, name: timer.name, timestamp: timer.due });
      drain();
    }
  };
  /** A tick or book event (see the module comment). */
  const handleEvent = (event: ReplayEvent, time: number, pick: number): void => {
    fireTimers(time);
    broker.now = time;
    const position = positions[pick]!;
    if (event.kind === 'trade') {
      fillModel.onTrade?.(event, broker);
      drain();
      position.lastPrice = event.priceTicks;
    } else {
      if (event.kind === 'book-snapshot') {
        fillModel.onBook?.(event, broker);
        drain();
        position.bestBid = event.bids[0]?.[0] ?? NaN;
        position.bestAsk = event.asks[0]?.[0] ?? NaN;
      } else {
        position.bestBid = event.bid?.priceTicks ?? NaN;
        position.bestAsk = event.ask?.priceTicks ?? NaN;
      }
      const mid = midTicks(event);
      if (mid === mid) position.lastPrice = mid;
    }
    if (position.lots !== 0 && position.lastPrice === position.lastPrice) position.trades.onPrice(position.lastPrice);
    if (event.kind === 'book-snapshot') {
      if (onBook !== undefined) {
        hook = 'onBook';
        onBook.call(instance, ctx, event);
        hook = '';
        drain();
      }
    } else if (onTick !== undefined) {
      hook = 'onTick';
      onTick.call(instance, ctx, event);
      hook = '';
      drain();
    }
    if (time - lastRecorded >= sampleMs) record(time);
    else unrecorded = true;
  };
  try {
    hook = 'onStart';
    instance.onStart?.(ctx);
    hook = '';
    drain();
    for (;;) {
      // The next event: the earliest head among the series (first series wins ties).
      let pick = 0;
      if (single) {
        if (cursors[0]! >= lengths[0]!) break;
      } else {
        pick = -1;
        let best = Infinity;
        for (let k = 0; k < series.length; k++) {
          const c = cursors[k]!;
          if (c < lengths[k]!) {
            const t = timeOf(series[k]!, c);
            if (t < best) {
              best = t;
              pick = k;
            }
          }
        }
        if (pick < 0) break;
      }
      if ((++events & 4095) === 0) {
        if (signal?.aborted) throw new BacktestError('BACKTEST_CANCELLED', `cancelled after ${events} events`);
        onProgress?.(events, total);
      }
      if (eventKinds[pick]) {
        const event = (series[pick] as { events: readonly ReplayEvent[] }).events[cursors[pick]!++]!;
        const time = event.timeMicros / 1000;
        if (time >= startTime) handleEvent(event, time, pick);
        continue;
      }
      const bar = seriesBar(series[pick] as BarSeries, cursors[pick]!++);
      const time = bar.timestamp;
      if (time < startTime) {
        market.onBar(bar);
        continue;
      }
      fireTimers(time);
      broker.now = time;
      barSeq++;
      fillModel.onBarOpen(bar, broker);
      drain();
      market.onBar(bar);
      // The bar has closed: its close is the mark the strategy sees (equity, buying power).
      positions[pick]!.lastPrice = bar.ticks.close;
      if (onBar !== undefined) {
        hook = 'onBar';
        onBar.call(instance, ctx, bar);
        hook = '';
        drain();
      }
      broker.closePhaseBar = barSeq;
      fillModel.onBarClose(bar, broker);
      broker.closePhaseBar = -1;
      drain();
      const ticks = bar.ticks;
      broker.markBar(positions[pick]!, barSeq, ticks.high, ticks.low, ticks.close);

      // Record the account value once per timestamp, after its last bar.
      let last = true;
      if (!single) {
        for (let k = 0; k < series.length && last; k++) {
          const c = cursors[k]!;
          if (c < lengths[k]! && timeOf(series[k]!, c) === time) last = false;
        }
      }
      if (last) record(time);
    }
    if (unrecorded) record(broker.now);
    hook = 'onStop';
    instance.onStop?.(ctx);
    hook = '';
    drain();
  } catch (error) {
    if (error instanceof BacktestError || hook === '') throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new BacktestError('BACKTEST_STRATEGY_FAILED', `${definition.name}.${hook} at ${new Date(broker.now).toISOString()}: ${message}`, { cause: error });
  } finally {
    fillModel.close?.();
  }

  // One curve point per bar (a single series) needs no copy.
  const timestamps = points === total ? curveTimes : curveTimes.slice(0, points);
  const valuesMinor = points === total ? curveValues : curveValues.slice(0, points);
  const drawdown = drawdownCurve(options.initialCashMinor, valuesMinor);
  const trades = positions.flatMap((position) => position.trades.closed);
  const openTrades = positions.flatMap((position) => {
    const open = position.trades.openSummary(position.lastPrice);
    return open === undefined ? [] : [open];
  });
  const finalValueMinor = points > 0 ? valuesMinor[points - 1]! : options.initialCashMinor;
  const statistics = computeStatistics({
    initialMinor: options.initialCashMinor,
    equityMinor: valuesMinor,
    drawdown,
    timestamps,
    trades,
    exposedBars: exposed,
    periodsPerYear: options.periodsPerYear ?? inferPeriodsPerYear(timestamps),
    riskFreeRate: options.riskFreeRate,
    moneyDecimals: decimals,
  });
  return {
    strategy: definition.name,
    params: { ...params },
    moneyDecimals: decimals,
    instruments,
    fillModel: fillModel.name,
    commissionModel: commission.name,
    slippageModel: slippage.name,
    seed,
    initialCashMinor: options.initialCashMinor,
    finalValueMinor,
    cashMinor: broker.cash,
    positions: Object.fromEntries(positions.map((position) => [position.instrument.symbol, position.lots])),
    equity: { timestamps, valuesMinor, drawdown },
    fills: broker.fills,
    fillCount: broker.fillCount,
    orderCount: broker.orderCount,
    rejectedOrders: broker.rejectedCount,
    commissionMinor: broker.commissionMinor,
    trades,
    openTrades,
    statistics,
    logs: log.entries,
    droppedLogs: log.dropped,
    events,
  };
}

/** Money of a result in currency units (the exact decimal as a JSON number). */
export function resultMoney(result: Pick<BacktestResult, 'moneyDecimals'>, minor: number): number {
  return minorToNumber(minor, result.moneyDecimals);
}
