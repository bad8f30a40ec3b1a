// A strategy and its definition. The strategy is an object with optional lifecycle hooks, all
// synchronous and all receiving the context; the definition names it, declares its parameters and
// creates a fresh instance per run. Lifecycle: onStart once before any event; then, in time order,
// onBar / onTick / onBook for market data, onTimer for due timers, onFill and onOrderUpdate for the
// outcomes of its orders (delivered after the hook that caused them returns, never re-entrantly);
// onStop once at the end. Invariants: the same definition and parameters run unchanged in
// backtest, paper and live; a strategy keeps its state in its own instance (create() is called
// per run, so parallel optimisation runs never share state).

import type { Execution } from '../trading/execution.js';
import type { Order } from '../trading/order.js';
import type { StrategyContext } from './context.js';
import type { BookSnapshotEvent } from '../market-data/market-events.js';
import type { MarketBar, MarketTick, TimerEvent } from './market-events.js';
import { defineParams, type ParamSpecs, type ParamValues } from './params.js';
import { StrategyError } from './strategy-error.js';

/** The hooks of a running strategy; every hook is optional. */
export interface Strategy<P = Readonly<Record<string, unknown>>> {
  /** Once, before the first event: register indicators and timers here. */
  onStart?(ctx: StrategyContext<P>): void;
  /** A bar closed (its indicators are already updated). */
  onBar?(ctx: StrategyContext<P>, bar: MarketBar): void;
  /** A trade or quote. */
  onTick?(ctx: StrategyContext<P>, tick: MarketTick): void;
  /** A level-2 book snapshot. */
  onBook?(ctx: StrategyContext<P>, book: BookSnapshotEvent): void;
  /** One of its orders filled (partly or fully); the position already includes it. */
  onFill?(ctx: StrategyContext<P>, fill: Execution): void;
  /** One of its orders changed state (accepted, rejected, filled, cancelled, expired). */
  onOrderUpdate?(ctx: StrategyContext<P>, order: Order): void;
  /** A timer set with setTimer/every is due. */
  onTimer?(ctx: StrategyContext<P>, timer: TimerEvent): void;
  /** Once, after the last event. */
  onStop?(ctx: StrategyContext<P>): void;
}

/** A named, parameterised strategy factory. */
export interface StrategyDefinition<S extends ParamSpecs = ParamSpecs> {
  /** Lower-case id (`sma-cross`). */
  readonly name: string;
  /** One line for listings. */
  readonly description: string;
  /** Parameter declarations. */
  readonly params: S;
  /** Problems between parameters (e.g. exit period longer than entry); empty when consistent. */
  checkParams?(params: ParamValues<S>): string[];
  /** Bars of history the strategy needs before it can act (for data checks and warm-up). */
  warmupBars?(params: ParamValues<S>): number;
  /** A fresh instance for one run. */
  create(params: ParamValues<S>): Strategy<ParamValues<S>>;
}

const STRATEGY_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Declares a strategy, checking its name and parameter declarations once. */
export function defineStrategy<const S extends ParamSpecs>(definition: StrategyDefinition<S>): StrategyDefinition<S> {
  if (!STRATEGY_NAME.test(definition.name)) {
    throw new StrategyError('STRATEGY_DEFINITION_INVALID', `strategy name "${definition.name}" must be lower-case words joined by hyphens`);
  }
  defineParams(definition.params);
  return definition;
}
