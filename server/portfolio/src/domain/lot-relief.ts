// Which open lots a disposal closes, and how much of each. Methods: FIFO (oldest first), LIFO
// (newest first), HIFO (tax-minimising: long lots with the highest unit cost first, short lots
// with the lowest unit proceeds first) and specific identification (the listed lots first, in
// the listed order). Invariants: the plan closes exactly `quantity` lots (the caller never asks
// for more than is open), each lot at most its open quantity, every planned lot on the side
// being reduced. A specific selection naming a lot that is not open on that side, or not
// covering the whole quantity, is completed with the fallback method and reported, never refused:
// the trade has already happened and must be booked.
import type { LotMethod, LotSelection } from '@kestrel/shared';
import type { LedgerLot } from './ledger-types.js';

/** How much of one lot a disposal closes. */
export interface LotRelief {
  lot: LedgerLot;
  quantityLots: number;
}

/** The relief plan and whether a specific selection had to be completed by the fallback method. */
export interface ReliefPlan {
  reliefs: LotRelief[];
  usedFallback: boolean;
}

function byAge(a: LedgerLot, b: LedgerLot): number {
  if (a.openedAt !== b.openedAt) return Date.parse(a.openedAt) - Date.parse(b.openedAt);
  return a.openSequence - b.openSequence;
}

/** Unit cost a/b compared exactly: cost_a × qty_b vs cost_b × qty_a. */
function byUnitCost(a: LedgerLot, b: LedgerLot): number {
  const left = BigInt(a.costMinor) * BigInt(b.quantityLots);
  const right = BigInt(b.costMinor) * BigInt(a.quantityLots);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** The lots in the order `method` closes them (`specific` without a list behaves as FIFO). */
export function orderLots(lots: readonly LedgerLot[], method: Exclude<LotMethod, 'specific'>): LedgerLot[] {
  const sorted = [...lots].sort(byAge);
  if (method === 'lifo') return sorted.reverse();
  if (method === 'hifo') {
    // Stable sort keeps FIFO among equal unit costs.
    return sorted.sort((a, b) => (a.side === 'long' ? -byUnitCost(a, b) : byUnitCost(a, b)));
  }
  return sorted;
}

/**
 * Plans closing `quantity` lots out of `lots` (all on the side being reduced) with the order's
 * selection if any, else the account method. `specific` as an account default means FIFO.
 */
export function planRelief(
  lots: readonly LedgerLot[],
  quantity: number,
  accountMethod: LotMethod,
  selection: LotSelection | null,
): ReliefPlan {
  const reliefs: LotRelief[] = [];
  const taken = new Map<string, number>();
  let left = quantity;
  let usedFallback = false;
  const take = (lot: LedgerLot, wanted: number): void => {
    const available = lot.quantityLots - (taken.get(lot.id) ?? 0);
    const amount = Math.min(available, wanted, left);
    if (amount <= 0) return;
    taken.set(lot.id, (taken.get(lot.id) ?? 0) + amount);
    const existing = reliefs.find((relief) => relief.lot.id === lot.id);
    if (existing) existing.quantityLots += amount;
    else reliefs.push({ lot, quantityLots: amount });
    left -= amount;
  };

  const method = selection?.method ?? accountMethod;
  if (method === 'specific' && selection?.lots !== undefined && selection.lots.length > 0) {
    const byId = new Map(lots.map((lot) => [lot.id, lot]));
    for (const wanted of selection.lots) {
      const lot = byId.get(wanted.lotId);
      if (!lot) {
        usedFallback = true;
        continue;
      }
      take(lot, wanted.quantityLots ?? lot.quantityLots);
    }
    if (left > 0) usedFallback = true;
  }
  const fallback: Exclude<LotMethod, 'specific'> =
    method !== 'specific' ? method : accountMethod !== 'specific' ? accountMethod : 'fifo';
  for (const lot of orderLots(lots, fallback)) {
    if (left === 0) break;
    take(lot, lot.quantityLots);
  }
  return { reliefs, usedFallback };
}
