// The StrategyContext of a backtest: market data and indicators from the shared MarketData, orders
// and account from the simulated broker, timers on the simulated clock, a seeded random source and
// a bounded log. Nothing here reads the wall clock or global state, so a run is a pure function
// of (strategy, params, data, options, seed).

import {
  MarketContext,
  shortcutRequest,
  StrategyError,
  type LogFields,
  type MarketData,
  type Order,
  type OrderOptions,
  type StrategyContext,
  type StrategyInstrument,
  type StrategyLogger,
  type StrategyOrderRequest,
} from '@kestrel/shared';
import type { PositionState, SimulatedBroker } from './simulated-broker.js';
import type { TimerQueue } from './timer-queue.js';

/** One log line of a run. */
export interface LogEntry {
  time: string;
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  fields?: LogFields;
}

/** Where log lines go: kept up to a limit (then counted), and optionally forwarded. */
export class RunLog {
  readonly entries: LogEntry[] = [];
  dropped = 0;

  constructor(
    private readonly limit: number,
    private readonly clock: () => number,
    private readonly forward?: (entry: LogEntry) => void,
  ) {}

  write(level: LogEntry['level'], message: string, fields?: LogFields): void {
    const entry: LogEntry = { time: new Date(this.clock()).toISOString(), level, message, ...(fields === undefined ? {} : { fields }) };
    this.forward?.(entry);
    if (this.entries.length < this.limit) this.entries.push(entry);
    else this.dropped++;
  }
}

/** The context handed to a strategy in a backtest. */
export class BacktestContext<P> extends MarketContext implements StrategyContext<P> {
  readonly mode = 'backtest' as const;
  readonly log: StrategyLogger;

  constructor(
    readonly params: P,
    market: MarketData,
    private readonly broker: SimulatedBroker,
    private readonly timers: TimerQueue,
    private readonly generator: () => number,
    runLog: RunLog,
  ) {
    super(market);
    this.log = {
      debug: (message, fields) => runLog.write('debug', message, fields),
      info: (message, fields) => runLog.write('info', message, fields),
      warn: (message, fields) => runLog.write('warn', message, fields),
      error: (message, fields) => runLog.write('error', message, fields),
    };
  }

  now(): number {
    return this.broker.now;
  }

  instrument(symbol?: string): StrategyInstrument {
    const { instrument } = this.state(symbol);
    return { symbol: instrument.symbol, tickSize: instrument.tickSize, multiplier: instrument.multiplier };
  }

  position(symbol?: string): number {
    return this.state(symbol).lots;
  }

  averageEntryPrice(symbol?: string): number | null {
    const state = this.state(symbol);
    return state.lots === 0 ? null : state.averagePrice;
  }

  cash(): number {
    return this.broker.cash;
  }

  equity(): number {
    return this.broker.equity();
  }

  submit(order: StrategyOrderRequest): string {
    return this.broker.submit(order, this.market.symbols[0]!);
  }

  buy(quantityLots: number, options?: OrderOptions): string {
    return this.submit(shortcutRequest('buy', quantityLots, options));
  }

  sell(quantityLots: number, options?: OrderOptions): string {
    return this.submit(shortcutRequest('sell', quantityLots, options));
  }

  closePosition(symbol?: string): string | null {
    const state = this.state(symbol);
    if (state.lots === 0) return null;
    return this.submit({ symbol: state.instrument.symbol, side: state.lots > 0 ? 'sell' : 'buy', type: 'market', quantityLots: Math.abs(state.lots) });
  }

  cancel(clientOrderId: string): boolean {
    return this.broker.cancel(clientOrderId);
  }

  cancelAll(symbol?: string): number {
    return this.broker.cancelAll(symbol);
  }

  openOrders(symbol?: string): readonly Order[] {
    return this.broker.openOrders(symbol);
  }

  order(clientOrderId: string): Order | undefined {
    return this.broker.order(clientOrderId);
  }

  setTimer(at: number, name = 'timer'): string {
    return this.timers.add(this.broker.now, at, 0, name);
  }

  every(intervalMs: number, name = 'timer'): string {
    if (!Number.isSafeInteger(intervalMs) || intervalMs <= 0) {
      throw new StrategyError('STRATEGY_TIMER_INVALID', `timer interval must be a positive whole number of ms, got ${String(intervalMs)}`);
    }
    return this.timers.add(this.broker.now, this.broker.now + intervalMs, intervalMs, name);
  }

  cancelTimer(id: string): boolean {
    return this.timers.cancel(id);
  }

  random(): number {
    return this.generator();
  }

  private state(symbol: string | undefined): PositionState {
    const state = this.broker.positionOf(symbol ?? this.market.symbols[0]!);
    if (state === undefined) {
      throw new StrategyError('STRATEGY_SYMBOL_UNKNOWN', `symbol ${String(symbol)} is not part of this run (${this.market.symbols.join(', ')})`);
    }
    return state;
  }
}
