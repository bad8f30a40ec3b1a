// One entry point over all strategies: validation of a new parent, its initial state, the
// decision for an input, and the figures the API shows (filled quantity, progress). Pure.
import { orderShapeIssues, type NewOrderRequest, type OrderLeg, type ParentStrategy } from '@kestrel/shared';
import { bracketProblem, decideBracket, BRACKET_ROLES } from './bracket.js';
import { decideOco } from './oco.js';
import { decideOto, OTO_ROLES } from './oto.js';
import { childWithRole } from './parent-helpers.js';
import type { ChildOrder, ParentContext, ParentDecision, ParentInput, ParentState, ParentView } from './parent-types.js';
import { decideSlicing, slicingProblem, slicesProgress } from './slicing.js';
import { decideTrailingStop, initialTrailingState, trailingProblem, TRAILING_ROLE } from './trailing-stop.js';
import { defaultCurveWeights, historyWeights, sliceTime, uniformWeights } from './volume-profile.js';

/** The symbol a parent is filed under (its first leg's for OCO/OTO). */
export function parentSymbol(strategy: ParentStrategy): string {
  if (strategy.type === 'oco') return strategy.legs[0]!.symbol;
  if (strategy.type === 'oto') return strategy.primary.symbol;
  return strategy.symbol;
}

function legProblem(leg: OrderLeg, label: string): string | null {
  const request = { ...leg, clientOrderId: 'x', accountId: '00000000-0000-0000-0000-000000000000' } satisfies NewOrderRequest;
  const issues = orderShapeIssues(request);
  return issues.length > 0 ? `${label}: ${issues[0]}` : null;
}

/** The window of a slicing strategy: startAt (default `nowMs`) to endAt, in ms. */
export function slicingWindow(strategy: Extract<ParentStrategy, { type: 'twap' | 'vwap' }>, nowMs: number): { startMs: number; endMs: number } {
  return { startMs: strategy.startAt === undefined ? nowMs : Date.parse(strategy.startAt), endMs: Date.parse(strategy.endAt) };
}

/** Why the strategy cannot run, or null. */
export function strategyProblem(strategy: ParentStrategy, nowMs: number): string | null {
  switch (strategy.type) {
    case 'bracket':
      return bracketProblem(strategy);
    case 'oco':
      return legProblem(strategy.legs[0]!, 'legs[0]') ?? legProblem(strategy.legs[1]!, 'legs[1]');
    case 'oto':
      return legProblem(strategy.primary, 'primary') ?? legProblem(strategy.secondary, 'secondary');
    case 'trailing_stop':
      return trailingProblem(strategy);
    case 'twap':
    case 'vwap': {
      const window = slicingWindow(strategy, nowMs);
      return slicingProblem(strategy, window.startMs, window.endMs, nowMs);
    }
  }
}

/** The state a new parent starts with; VWAP reads `volumeAt` (null = no profile known). */
export function initialState(strategy: ParentStrategy, nowMs: number, volumeAt: ((minuteOfDay: number) => bigint | null) | null): ParentState {
  switch (strategy.type) {
    case 'trailing_stop':
      return initialTrailingState();
    case 'twap':
    case 'vwap': {
      const { startMs, endMs } = slicingWindow(strategy, nowMs);
      let weights = uniformWeights(strategy.slices);
      let profile: 'uniform' | 'history' | 'default-curve' = 'uniform';
      if (strategy.type === 'vwap') {
        const history = volumeAt ? historyWeights(startMs, endMs, strategy.slices, volumeAt) : null;
        weights = history ?? defaultCurveWeights(strategy.slices);
        profile = history ? 'history' : 'default-curve';
      }
      return { kind: 'slicing', startMs, endMs, weights: weights.map(String), profile, nextSlice: 0 };
    }
    default:
      return { kind: 'none' };
  }
}

/** The strategy's next step. */
export function decide(parent: ParentView, children: readonly ChildOrder[], input: ParentInput, context: ParentContext): ParentDecision {
  const strategy = parent.strategy;
  switch (strategy.type) {
    case 'bracket':
      return decideBracket(parent, strategy, children, input);
    case 'oco':
      return decideOco(parent, strategy, children, input);
    case 'oto':
      return decideOto(parent, strategy, children, input);
    case 'trailing_stop':
      return decideTrailingStop(parent, strategy, children, input, context);
    case 'twap':
    case 'vwap':
      return decideSlicing(parent, strategy, children, input, context);
  }
}

/** Lots filled by the children that do the strategy's work (bracket: entry; OTO: primary; others: all). */
export function parentFilled(strategy: ParentStrategy, children: readonly ChildOrder[]): number {
  const filledOf = (role: string) => childWithRole(children, role)?.filledQuantityLots ?? 0;
  switch (strategy.type) {
    case 'bracket':
      return filledOf(BRACKET_ROLES.entry);
    case 'oto':
      return filledOf(OTO_ROLES.primary);
    case 'trailing_stop':
      return filledOf(TRAILING_ROLE);
    case 'oco':
      return children.reduce((sum, leg) => sum + leg.filledQuantityLots, 0);
    case 'twap':
    case 'vwap':
      return slicesProgress(children).filled;
  }
}

/** The public progress figures of a parent's state. */
export function parentProgress(strategy: ParentStrategy, state: ParentState): Record<string, unknown> {
  if (state.kind === 'trailing') {
    return { extremePriceTicks: state.extremePriceTicks, stopPriceTicks: state.stopPriceTicks, triggered: state.triggered };
  }
  if (state.kind === 'slicing' && (strategy.type === 'twap' || strategy.type === 'vwap')) {
    const next = state.nextSlice < strategy.slices ? new Date(sliceTime(state.startMs, state.endMs, strategy.slices, state.nextSlice)).toISOString() : null;
    return { slicesDone: state.nextSlice, nextSliceAt: next, profile: state.profile };
  }
  return {};
}
