// What a modification (PATCH /v1/orders/:id) may change, as a pure check. Invariants: the result
// names the order's complete new terms (total quantity, limit and stop price), never a partial
// diff; a modification that would leave no more than the filled quantity, give an order type a
// price it does not have, leave the instrument limits, or change nothing is refused with a reason;
// `needsBuyingPower` is true whenever the new terms can need more buying power than the old
// (more lots, or any higher price) — conservative on purpose: a lower requirement is never asked.
import type { Instrument } from '@kestrel/shared';
import type { OrderRecord } from './order-record.js';

/** The fields a client may change. */
export interface ModifyRequest {
  quantityLots?: number;
  limitPriceTicks?: number;
  stopPriceTicks?: number;
}

/** The order's terms after the modification. */
export interface NewTerms {
  quantityLots: number;
  limitPriceTicks: number | null;
  stopPriceTicks: number | null;
}

/** The outcome of checking a modification. */
export type ModifyCheck = { ok: true; terms: NewTerms; needsBuyingPower: boolean } | { ok: false; problem: string };

/** Checks `request` against the order and (when known) its instrument. */
export function checkModify(order: OrderRecord, request: ModifyRequest, instrument: Instrument | null): ModifyCheck {
  const hasLimit = order.type === 'limit' || order.type === 'stop_limit';
  const hasStop = order.type === 'stop' || order.type === 'stop_limit';
  if (request.limitPriceTicks !== undefined && !hasLimit) return { ok: false, problem: `a ${order.type} order has no limit price` };
  if (request.stopPriceTicks !== undefined && !hasStop) return { ok: false, problem: `a ${order.type} order has no stop price` };
  const terms: NewTerms = {
    quantityLots: request.quantityLots ?? order.quantityLots,
    limitPriceTicks: request.limitPriceTicks ?? order.limitPriceTicks,
    stopPriceTicks: request.stopPriceTicks ?? order.stopPriceTicks,
  };
  if (terms.quantityLots <= order.filledQuantityLots) {
    return { ok: false, problem: `the quantity must stay above the ${order.filledQuantityLots} lots already filled` };
  }
  if (instrument) {
    if (terms.quantityLots < instrument.minQuantityLots || terms.quantityLots > instrument.maxQuantityLots) {
      return { ok: false, problem: `the quantity must be within ${instrument.minQuantityLots}..${instrument.maxQuantityLots} lots` };
    }
    for (const price of [terms.limitPriceTicks, terms.stopPriceTicks]) {
      if (price !== null && (price < instrument.minPriceTicks || price > instrument.maxPriceTicks)) {
        return { ok: false, problem: `prices must be within ${instrument.minPriceTicks}..${instrument.maxPriceTicks} ticks` };
      }
    }
  }
  const same =
    terms.quantityLots === order.quantityLots && terms.limitPriceTicks === order.limitPriceTicks && terms.stopPriceTicks === order.stopPriceTicks;
  if (same) return { ok: false, problem: 'the modification changes nothing' };
  const higher = (next: number | null, current: number | null) => next !== null && current !== null && next > current;
  const needsBuyingPower =
    terms.quantityLots > order.quantityLots || higher(terms.limitPriceTicks, order.limitPriceTicks) || higher(terms.stopPriceTicks, order.stopPriceTicks);
  return { ok: true, terms, needsBuyingPower };
}
