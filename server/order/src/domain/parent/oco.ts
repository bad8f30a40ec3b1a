// One-cancels-other: two orders work at once; as soon as either fills (even partly) or ends, the
// other is cancelled. Invariants: both legs are placed together, once; at most one cancel is sent
// per leg; the parent ends when both legs have ended — `completed` if anything filled, otherwise
// `rejected` (a leg was rejected, with its reason) or `cancelled`.
import type { OcoStrategy } from '@kestrel/shared';
import { cancelAll, cancellable, child, endedUnfilled, hasEnded, isTerminal, keep } from './parent-helpers.js';
import type { ChildOrder, ParentDecision, ParentInput, ParentView } from './parent-types.js';

/** The role of leg `index` (0 or 1). */
export function ocoRole(index: number): string {
  return `leg-${index + 1}`;
}

/** The OCO's next step. */
export function decideOco(parent: ParentView, strategy: OcoStrategy, children: readonly ChildOrder[], input: ParentInput): ParentDecision {
  if (isTerminal(parent)) return keep(parent);
  if (input.kind === 'cancel') return cancelAll(parent, children, input.reason);
  if (children.length === 0) {
    return {
      ...keep(parent),
      submit: strategy.legs.map((leg, index) =>
        child({
          role: ocoRole(index),
          symbol: leg.symbol,
          side: leg.side,
          type: leg.type,
          timeInForce: leg.timeInForce,
          quantityLots: leg.quantityLots,
          limitPriceTicks: leg.limitPriceTicks ?? null,
          stopPriceTicks: leg.stopPriceTicks ?? null,
          expireAt: leg.expireAt ?? null,
          postOnly: leg.postOnly ?? false,
          displayQuantityLots: leg.displayQuantityLots ?? null,
        }),
      ),
    };
  }
  if (children.every(hasEnded)) {
    if (children.some((leg) => leg.filledQuantityLots > 0)) return { ...keep(parent), status: 'completed', reason: null };
    const rejected = children.find((leg) => leg.status === 'rejected');
    return { ...keep(parent), ...endedUnfilled(rejected ?? children[0]!, 'LEGS') };
  }
  const triggered = children.some((leg) => leg.filledQuantityLots > 0 || hasEnded(leg));
  // A leg that has started filling keeps working; the untouched ones are cancelled.
  return triggered ? { ...keep(parent), cancel: cancellable(children.filter((leg) => leg.filledQuantityLots === 0)) } : keep(parent);
}
