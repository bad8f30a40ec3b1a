// TWAP and VWAP: the parent quantity goes out in `slices` child orders at fixed instants over
// [startAt, endAt). Slice i is due at start + floor(i × (end − start) / N); when it is due the
// parent sends target(i) − (filled + still working), where target(i) is the cumulative quantity
// the schedule wants done by then (cumulativeTarget), so whatever an earlier IOC slice did not fill
// rolls into the next one and the last slice asks for everything left. After a restart (or any
// delay) only the latest due slice is sent, for the whole catch-up. Invariants: the schedule and
// weights are fixed at start and stored, so a restarted service slices identically; filled +
// still working never exceeds the parent quantity (a slice asks only for target − filled − working); the parent completes when every slice is
// handled and every child has ended. A rejected slice ends the parent as `rejected`.
import type { SlicingStrategy } from '@kestrel/shared';
import { isOpen } from '../order-record.js';
import { cancelAll, cancellable, child, endedUnfilled, isTerminal, keep } from './parent-helpers.js';
import type { ChildOrder, ChildRequest, ParentContext, ParentDecision, ParentInput, ParentView, SlicingState } from './parent-types.js';
import { cumulativeTarget, sliceTime } from './volume-profile.js';

/** Longest slicing window (the VWAP weights visit every minute of it). */
export const MAX_WINDOW_MS = 31 * 24 * 3600 * 1000;

/** The role of slice `index`. */
export function sliceRole(index: number): string {
  return `slice-${index}`;
}

/** Why a slicing strategy is inconsistent at `nowMs`, or null. */
export function slicingProblem(strategy: SlicingStrategy, startMs: number, endMs: number, nowMs: number): string | null {
  if (endMs <= startMs) return 'endAt must be after startAt';
  if (endMs <= nowMs) return 'endAt must be in the future';
  if (endMs - startMs > MAX_WINDOW_MS) return 'the window may be at most 31 days';
  if (strategy.slices > strategy.quantityLots) return 'there cannot be more slices than lots';
  return null;
}

/** Lots the slices have filled, and lots they still have working. */
export function slicesProgress(children: readonly ChildOrder[]): { filled: number; working: number } {
  let filled = 0;
  let working = 0;
  for (const slice of children) {
    filled += slice.filledQuantityLots;
    if (isOpen(slice.status)) working += slice.quantityLots - slice.filledQuantityLots;
  }
  return { filled, working };
}

/** The TWAP/VWAP's next step. */
export function decideSlicing(
  parent: ParentView,
  strategy: SlicingStrategy,
  children: readonly ChildOrder[],
  input: ParentInput,
  context: ParentContext,
): ParentDecision {
  if (isTerminal(parent)) return keep(parent);
  if (input.kind === 'cancel') return cancelAll(parent, children, input.reason);
  if (parent.state.kind !== 'slicing') throw new Error(`parent ${parent.id} has no slicing state`);
  let state: SlicingState = parent.state;
  const slices = strategy.slices;
  const weights = state.weights.map((weight) => BigInt(weight));
  const rejected = children.find((slice) => slice.status === 'rejected');
  if (rejected) {
    return { submit: [], cancel: cancellable(children), state: { ...state, nextSlice: slices }, ...endedUnfilled(rejected, 'SLICE'), wakeAtMs: null };
  }
  const submit: ChildRequest[] = [];
  let due = -1;
  while (due + 1 < slices && sliceTime(state.startMs, state.endMs, slices, due + 1) <= context.nowMs) due += 1;
  if (due >= state.nextSlice) {
    const progress = slicesProgress(children);
    const quantity = cumulativeTarget(strategy.quantityLots, weights, due) - progress.filled - progress.working;
    state = { ...state, nextSlice: due + 1 };
    if (quantity > 0) {
      submit.push(
        child({
          role: sliceRole(due),
          symbol: strategy.symbol,
          side: strategy.side,
          type: strategy.limitPriceTicks === undefined ? 'market' : 'limit',
          timeInForce: 'IOC',
          quantityLots: quantity,
          limitPriceTicks: strategy.limitPriceTicks ?? null,
        }),
      );
    }
  }
  const wakeAtMs = state.nextSlice < slices ? sliceTime(state.startMs, state.endMs, slices, state.nextSlice) : null;
  const done = state.nextSlice >= slices && submit.length === 0 && children.every((slice) => !isOpen(slice.status));
  if (done) {
    const { filled } = slicesProgress(children);
    return { submit, cancel: [], state, status: 'completed', reason: filled === strategy.quantityLots ? null : 'WINDOW_ENDED', wakeAtMs: null };
  }
  return { ...keep(parent), submit, state, wakeAtMs };
}
