// The shapes every parent strategy shares. A strategy is a pure decision function:
//   decide(parent, children, input, context) -> ParentDecision
// where `children` are the child orders as they are stored now (status and fills come from the
// execution reports), so a decision is re-derived from executions every time — after a restart
// the service simply asks again and gets the same answer. Decisions never touch I/O; the runtime
// (services/parent-runtime.ts) persists them and turns them into orders and cancels.
// Invariants of every strategy (parent-strategies.test.ts checks them with random executions):
// a child role is placed at most once; a terminal parent decides nothing more; a cancelled parent
// cancels every open child; wakeAtMs is null unless a timer is still needed.
import type {
  OrderRejectReason,
  OrderStatus,
  OrderType,
  ParentOrderStatus,
  ParentOrderType,
  ParentStrategy,
  Side,
  TimeInForce,
} from '@kestrel/shared';

/** A child order as a strategy sees it. */
export interface ChildOrder {
  id: string;
  role: string;
  side: Side;
  quantityLots: number;
  filledQuantityLots: number;
  status: OrderStatus;
  rejectReason: OrderRejectReason | null;
  /** A cancel has been sent and not yet answered. */
  cancelRequested: boolean;
}

/** An order a strategy wants placed. */
export interface ChildRequest {
  role: string;
  symbol: string;
  side: Side;
  type: OrderType;
  timeInForce: TimeInForce;
  quantityLots: number;
  limitPriceTicks: number | null;
  stopPriceTicks: number | null;
  expireAt: string | null;
  postOnly: boolean;
  displayQuantityLots: number | null;
}

/** Trailing-stop working state. */
export interface TrailingState {
  kind: 'trailing';
  extremePriceTicks: number | null;
  stopPriceTicks: number | null;
  triggered: boolean;
}

/** TWAP/VWAP working state: the schedule is fixed at start, so a restart slices identically. */
export interface SlicingState {
  kind: 'slicing';
  startMs: number;
  endMs: number;
  /** Slice weights as decimal strings (bigint), one per slice. */
  weights: string[];
  profile: 'uniform' | 'history' | 'default-curve';
  /** Index of the first slice not yet handled. */
  nextSlice: number;
}

/** Strategies without working state (bracket, OCO, OTO: their state is their children). */
export interface NoState {
  kind: 'none';
}

/** A parent's working state. */
export type ParentState = TrailingState | SlicingState | NoState;

/** A parent order as a strategy sees it. */
export interface ParentView {
  id: string;
  type: ParentOrderType;
  strategy: ParentStrategy;
  state: ParentState;
  status: ParentOrderStatus;
  reason: string | null;
  wakeAtMs: number | null;
}

/** What happened that the strategy should react to. */
export type ParentInput =
  | { kind: 'start' }
  /** A child changed (a report was applied, or a child was placed or rejected here). */
  | { kind: 'children' }
  | { kind: 'timer' }
  | { kind: 'trade'; priceTicks: number }
  | { kind: 'cancel'; reason: string };

/** What the strategy knows about the world besides its children. */
export interface ParentContext {
  nowMs: number;
  /** Last trade price of the parent's symbol, if any was seen. */
  lastPriceTicks: number | null;
}

/** What to do: place orders, cancel children, and the parent's new state. */
export interface ParentDecision {
  submit: ChildRequest[];
  /** Ids of open children to cancel. */
  cancel: string[];
  state: ParentState;
  status: ParentOrderStatus;
  reason: string | null;
  wakeAtMs: number | null;
}
