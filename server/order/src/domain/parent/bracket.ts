// Bracket: an entry order, then — once the entry has ended with a fill — a take-profit limit and a
// stop-loss on the other side, each sized to the entry's filled quantity, as a one-cancels-other
// pair. Invariants: exits are placed once, never before the entry has ended, and always for
// exactly the filled quantity, so they can never sell (buy back) more than was bought (sold);
// the first fill of either exit cancels the other. Known limits: while a partially filled entry
// is still working its filled part is not yet protected (cancel the entry to protect it now); a
// stop-loss without a limit price is a DAY stop (stop orders cannot rest GTC in Kestrel), with
// one it is a GTC stop-limit; an exit that ends unfilled (a DAY stop expiring) leaves the other
// exit working.
import type { BracketStrategy } from '@kestrel/shared';
import { cancelAll, cancellable, child, childWithRole, endedUnfilled, hasEnded, isTerminal, keep, opposite } from './parent-helpers.js';
import type { ChildOrder, ParentDecision, ParentInput, ParentView } from './parent-types.js';

/** Roles of a bracket's children. */
export const BRACKET_ROLES = { entry: 'entry', takeProfit: 'take-profit', stopLoss: 'stop-loss' } as const;

/** Why a bracket is inconsistent, or null. Prices must be ordered stop-loss < entry < take-profit for a buy (reversed for a sell). */
export function bracketProblem(strategy: BracketStrategy): string | null {
  const { entry, takeProfit, stopLoss, side } = strategy;
  if (entry.type === 'limit' && entry.limitPriceTicks === undefined) return 'a limit entry needs limitPriceTicks';
  if (entry.type === 'market' && entry.limitPriceTicks !== undefined) return 'a market entry has no limitPriceTicks';
  const up = side === 'buy' ? 1 : -1;
  if ((takeProfit.limitPriceTicks - stopLoss.stopPriceTicks) * up <= 0) {
    return side === 'buy' ? 'the take-profit must be above the stop-loss for a buy' : 'the take-profit must be below the stop-loss for a sell';
  }
  if (entry.limitPriceTicks !== undefined) {
    if ((takeProfit.limitPriceTicks - entry.limitPriceTicks) * up <= 0) return 'the take-profit must be beyond the entry price';
    if ((entry.limitPriceTicks - stopLoss.stopPriceTicks) * up <= 0) return 'the stop-loss must be on the losing side of the entry price';
  }
  return null;
}

/** The bracket's next step. */
export function decideBracket(parent: ParentView, strategy: BracketStrategy, children: readonly ChildOrder[], input: ParentInput): ParentDecision {
  if (isTerminal(parent)) return keep(parent);
  if (input.kind === 'cancel') return cancelAll(parent, children, input.reason);
  const entry = childWithRole(children, BRACKET_ROLES.entry);
  if (input.kind === 'start' || !entry) {
    if (entry) return keep(parent);
    return {
      ...keep(parent),
      submit: [
        child({
          role: BRACKET_ROLES.entry,
          symbol: strategy.symbol,
          side: strategy.side,
          type: strategy.entry.type,
          timeInForce: strategy.entry.timeInForce,
          quantityLots: strategy.quantityLots,
          limitPriceTicks: strategy.entry.limitPriceTicks ?? null,
        }),
      ],
    };
  }
  if (!hasEnded(entry)) return keep(parent);
  const takeProfit = childWithRole(children, BRACKET_ROLES.takeProfit);
  const stopLoss = childWithRole(children, BRACKET_ROLES.stopLoss);
  if (!takeProfit && !stopLoss) {
    if (entry.filledQuantityLots === 0) return { ...keep(parent), ...endedUnfilled(entry, 'ENTRY') };
    const exitSide = opposite(strategy.side);
    const quantityLots = entry.filledQuantityLots;
    const limit = strategy.stopLoss.limitPriceTicks;
    return {
      ...keep(parent),
      submit: [
        child({ role: BRACKET_ROLES.takeProfit, symbol: strategy.symbol, side: exitSide, type: 'limit', timeInForce: 'GTC', quantityLots, limitPriceTicks: strategy.takeProfit.limitPriceTicks }),
        child({
          role: BRACKET_ROLES.stopLoss,
          symbol: strategy.symbol,
          side: exitSide,
          type: limit === undefined ? 'stop' : 'stop_limit',
          timeInForce: limit === undefined ? 'DAY' : 'GTC',
          quantityLots,
          stopPriceTicks: strategy.stopLoss.stopPriceTicks,
          limitPriceTicks: limit ?? null,
        }),
      ],
    };
  }
  const exits = [takeProfit, stopLoss].filter((exit): exit is ChildOrder => exit !== undefined);
  if (exits.every(hasEnded)) {
    if (exits.some((exit) => exit.filledQuantityLots > 0)) return { ...keep(parent), status: 'completed', reason: null };
    const rejected = exits.find((exit) => exit.status === 'rejected');
    return { ...keep(parent), ...(rejected ? endedUnfilled(rejected, 'EXIT') : { status: 'cancelled' as const, reason: 'EXITS_ENDED' }) };
  }
  // One-cancels-other: the first fill of an exit cancels the other exit.
  if (exits.some((exit) => exit.filledQuantityLots > 0)) {
    return { ...keep(parent), cancel: cancellable(exits.filter((exit) => exit.filledQuantityLots === 0)) };
  }
  return keep(parent);
}
