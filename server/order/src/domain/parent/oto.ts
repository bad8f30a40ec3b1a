// One-triggers-other: the primary order works alone; once it has filled completely the secondary
// is placed. Invariants: the secondary is placed at most once and only after the primary is
// `filled`; a primary that ends otherwise (even partly filled) ends the parent without the
// secondary — `rejected` with the primary's reason, or `cancelled`.
import type { OrderLeg, OtoStrategy } from '@kestrel/shared';
import { cancelAll, child, childWithRole, endedUnfilled, hasEnded, isTerminal, keep } from './parent-helpers.js';
import type { ChildOrder, ChildRequest, ParentDecision, ParentInput, ParentView } from './parent-types.js';

/** Roles of an OTO's children. */
export const OTO_ROLES = { primary: 'primary', secondary: 'secondary' } as const;

function legRequest(role: string, leg: OrderLeg): ChildRequest {
  return child({
    role,
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
  });
}

/** The OTO's next step. */
export function decideOto(parent: ParentView, strategy: OtoStrategy, children: readonly ChildOrder[], input: ParentInput): ParentDecision {
  if (isTerminal(parent)) return keep(parent);
  if (input.kind === 'cancel') return cancelAll(parent, children, input.reason);
  const primary = childWithRole(children, OTO_ROLES.primary);
  if (!primary) return { ...keep(parent), submit: [legRequest(OTO_ROLES.primary, strategy.primary)] };
  if (!hasEnded(primary)) return keep(parent);
  if (primary.status !== 'filled') {
    const ended = endedUnfilled(primary, 'PRIMARY');
    return { ...keep(parent), status: ended.status, reason: primary.filledQuantityLots > 0 && ended.status === 'cancelled' ? 'PRIMARY_NOT_FILLED' : ended.reason };
  }
  const secondary = childWithRole(children, OTO_ROLES.secondary);
  if (!secondary) return { ...keep(parent), submit: [legRequest(OTO_ROLES.secondary, strategy.secondary)] };
  if (!hasEnded(secondary)) return keep(parent);
  if (secondary.status === 'rejected') return { ...keep(parent), ...endedUnfilled(secondary, 'SECONDARY') };
  return { ...keep(parent), status: 'completed', reason: secondary.status === 'filled' ? null : `SECONDARY_${secondary.status.toUpperCase()}` };
}

