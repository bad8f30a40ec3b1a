// Trailing stop, held by the order service (the engine cannot re-price a waiting stop): the stop
// follows the best trade price seen since the start at a fixed distance — below the high for a
// sell (protecting a long), above the low for a buy — and only ever moves in the favourable
// direction. When a trade touches it, one child is sent: a market IOC order, or with
// limitOffsetTicks a DAY limit that many ticks through the stop. Invariants: integer ticks only;
// the distance is `trailTicks`, or floor(|best| × trailBps / 10000) ticks but at least 1; the stop
// never moves against the position; exactly one child is ever sent. Without any trade price yet
// the stop waits for the first trade.
import type { TrailingStopStrategy } from '@kestrel/shared';
import { cancelAll, child, childWithRole, endedUnfilled, hasEnded, isTerminal, keep } from './parent-helpers.js';
import type { ChildOrder, ParentContext, ParentDecision, ParentInput, ParentView, TrailingState } from './parent-types.js';

/** Role of the triggered child. */
export const TRAILING_ROLE = 'stop';

/** Why a trailing stop is inconsistent, or null. */
export function trailingProblem(strategy: TrailingStopStrategy): string | null {
  if ((strategy.trailTicks === undefined) === (strategy.trailBps === undefined)) return 'give exactly one of trailTicks and trailBps';
  return null;
}

/** The distance of the stop from the best price `extreme`, in ticks. */
export function trailDistance(strategy: TrailingStopStrategy, extreme: number): number {
  if (strategy.trailTicks !== undefined) return strategy.trailTicks;
  const bps = BigInt(strategy.trailBps ?? 0);
  const distance = (BigInt(Math.abs(extreme)) * bps) / 10_000n;
  return distance < 1n ? 1 : Number(distance);
}

/** The initial state. */
export function initialTrailingState(): TrailingState {
  return { kind: 'trailing', extremePriceTicks: null, stopPriceTicks: null, triggered: false };
}

/** The state after a trade at `price`, and whether it touched the stop. */
export function observeTrade(strategy: TrailingStopStrategy, state: TrailingState, price: number): { state: TrailingState; touched: boolean } {
  const sell = strategy.side === 'sell';
  const better = state.extremePriceTicks === null || (sell ? price > state.extremePriceTicks : price < state.extremePriceTicks);
  if (better) {
    const distance = trailDistance(strategy, price);
    return { state: { ...state, extremePriceTicks: price, stopPriceTicks: sell ? price - distance : price + distance }, touched: false };
  }
  const stop = state.stopPriceTicks!;
  return { state, touched: sell ? price <= stop : price >= stop };
}

function triggerDecision(parent: ParentView, strategy: TrailingStopStrategy, state: TrailingState): ParentDecision {
  const stop = state.stopPriceTicks!;
  const offset = strategy.limitOffsetTicks;
  const request =
    offset === undefined
      ? child({ role: TRAILING_ROLE, symbol: strategy.symbol, side: strategy.side, type: 'market', timeInForce: 'IOC', quantityLots: strategy.quantityLots })
      : child({
          role: TRAILING_ROLE,
          symbol: strategy.symbol,
          side: strategy.side,
          type: 'limit',
          timeInForce: 'DAY',
          quantityLots: strategy.quantityLots,
          limitPriceTicks: strategy.side === 'sell' ? stop - offset : stop + offset,
        });
  return { ...keep(parent), state: { ...state, triggered: true }, submit: [request] };
}

/** The trailing stop's next step. */
export function decideTrailingStop(
  parent: ParentView,
  strategy: TrailingStopStrategy,
  children: readonly ChildOrder[],
  input: ParentInput,
  context: ParentContext,
): ParentDecision {
  if (isTerminal(parent)) return keep(parent);
  if (input.kind === 'cancel') return cancelAll(parent, children, input.reason);
  const state = parent.state.kind === 'trailing' ? parent.state : initialTrailingState();
  const sent = childWithRole(children, TRAILING_ROLE);
  if (sent) {
    if (!hasEnded(sent)) return keep(parent);
    if (sent.filledQuantityLots > 0) return { ...keep(parent), status: 'completed', reason: sent.status === 'filled' ? null : 'PARTIALLY_FILLED' };
    return { ...keep(parent), ...endedUnfilled(sent, 'STOP') };
  }
  if (state.triggered) return keep(parent);
  const price = input.kind === 'trade' ? input.priceTicks : input.kind === 'start' ? context.lastPriceTicks : null;
  if (price === null) return { ...keep(parent), state };
  const observed = observeTrade(strategy, state, price);
  if (observed.touched) return triggerDecision(parent, strategy, observed.state);
  return { ...keep(parent), state: observed.state };
}
