// Public types of the engine facade: commands in, events out, risk configuration, venues, queries.
// Number representation (JavaScript numbers are exact only up to 2^53 - 1):
// - time is int64 nanoseconds since the Unix epoch: `bigint` out, `bigint | number` in;
// - order ids, account ids and child ids are uint64: `bigint` out, `bigint | number` in;
// - values bounded by one order — prices (<= 10^15 ticks) and quantities (<= 10^12 lots) — are numbers;
// - sums over orders or fills — level quantities, positions, P&L, notional, risk limits — are bigints.
// Enumerations are the lower-case names of the C++ enums; their numeric values are the C++ values
// (the `*_VALUES` arrays are indexed by them).
import type { ResultCodeName, RiskLimitName, RiskScopeName } from './result-codes.js';

/** An int64 or uint64 input: a bigint, or a safe-integer number. */
export type IntegerInput = bigint | number;

export const SIDES = ['buy', 'sell'] as const;
/** Order side. */
export type Side = (typeof SIDES)[number];

export const ORDER_TYPES = ['limit', 'market', 'stop', 'stop_limit'] as const;
/** Order type. */
export type OrderType = (typeof ORDER_TYPES)[number];

export const TIMES_IN_FORCE = ['gtc', 'day', 'gtd', 'ioc', 'fok'] as const;
/** Time in force. */
export type TimeInForce = (typeof TIMES_IN_FORCE)[number];

export const STP_MODES = ['none', 'cancel_newest', 'cancel_oldest', 'cancel_both'] as const;
/** Self-trade prevention mode. */
export type StpMode = (typeof STP_MODES)[number];

/** Command types by CommandType number (index 0 is unused). */
export const COMMAND_TYPES = [
  '',
  'new_order',
  'cancel',
  'replace',
  'advance_time',
  'end_session',
  'halt_symbol',
  'resume_symbol',
] as const;

export const KILL_SWITCH_MODES = ['off', 'halt', 'reduce_only', 'cancel_all'] as const;
/** Kill-switch mode. */
export type KillSwitchMode = (typeof KILL_SWITCH_MODES)[number];

export const VENUE_STATUSES = ['available', 'unavailable', 'unknown_symbol'] as const;
/** Whether a venue takes orders for a symbol. */
export type VenueStatus = (typeof VENUE_STATUSES)[number];

export const CHILD_KINDS = ['take', 'forward'] as const;
/** Take = IOC limit at the child's price; forward = the parent's type and time in force. */
export type ChildKind = (typeof CHILD_KINDS)[number];

/** Event types by EngineEventType number (index 0 is unused). */
export const EVENT_TYPES = [
  '',
  'accepted',
  'rejected',
  'trade',
  'cancelled',
  'replaced',
  'triggered',
  'expired',
  'route_order',
  'route_cancel',
  'external_fill',
  'external_done',
  'route_done',
  'circuit_breaker_tripped',
] as const;

/** A new order. Omitted fields take the engine's defaults (limit, GTC, no STP, fully displayed). */
export interface NewOrderCommand {
  type: 'new_order';
  symbol: number;
  orderId: IntegerInput;
  account: IntegerInput;
  side: Side;
  quantity: number;
  /** Limit price in ticks (limit and stop-limit orders). */
  price?: number;
  orderType?: OrderType;
  timeInForce?: TimeInForce;
  /** Trigger price in ticks (stop and stop-limit orders). */
  stopPrice?: number;
  /** Iceberg peak in lots; 0 or omitted = fully displayed. */
  displayQuantity?: number;
  /** GTD expiry, ns since the epoch. */
  expireAt?: IntegerInput;
  stp?: StpMode;
  postOnly?: boolean;
  allOrNone?: boolean;
  /** ns since the epoch: the engine never reads a clock. */
  timestamp: IntegerInput;
}

/** Cancel a live order (or a routed parent: all its open children). */
export interface CancelCommand {
  type: 'cancel';
  symbol: number;
  orderId: IntegerInput;
  account: IntegerInput;
  timestamp: IntegerInput;
}

/** New price and/or open quantity (0 or omitted = keep). */
export interface ReplaceCommand {
  type: 'replace';
  symbol: number;
  orderId: IntegerInput;
  account: IntegerInput;
  price?: number;
  quantity?: number;
  timestamp: IntegerInput;
}

/** Moves time forward (expires GTD orders). */
export interface AdvanceTimeCommand {
  type: 'advance_time';
  timestamp: IntegerInput;
}

/** Expires DAY orders of `symbol` (0 or omitted = all symbols). */
export interface EndSessionCommand {
  type: 'end_session';
  symbol?: number;
  timestamp: IntegerInput;
}

/** Halts or resumes a symbol (halted: new orders and replaces rejected, cancels allowed). */
export interface SymbolStatusCommand {
  type: 'halt_symbol' | 'resume_symbol';
  symbol: number;
  timestamp: IntegerInput;
}

/** Any book command. */
export type Command =
  | NewOrderCommand
  | CancelCommand
  | ReplaceCommand
  | AdvanceTimeCommand
  | EndSessionCommand
  | SymbolStatusCommand;

/** Risk limits; an omitted field means no limit. Units: lots, ticks x lots, basis points. */
export interface RiskLimits {
  maxOrderQuantity?: IntegerInput;
  maxOrderNotional?: IntegerInput;
  maxPosition?: IntegerInput;
  maxOpenOrders?: IntegerInput;
  maxDailyLoss?: IntegerInput;
  priceCollarBps?: IntegerInput;
}

/** A circuit breaker: halt for `cooldownNs` when trades within `windowNs` move more than `moveBps`. */
export interface CircuitBreaker {
  moveBps: IntegerInput;
  windowNs: IntegerInput;
  cooldownNs: IntegerInput;
}

/** A risk configuration change; journaled like a command, so a restart reproduces it. */
export type RiskConfigChange =
  | { type: 'set_default_limits'; limits: RiskLimits; timestamp: IntegerInput }
  | { type: 'set_account_limits'; account: IntegerInput; limits: RiskLimits; timestamp: IntegerInput }
  | { type: 'clear_account_limits'; account: IntegerInput; timestamp: IntegerInput }
  | { type: 'set_global_limits'; limits: RiskLimits; timestamp: IntegerInput }
  | { type: 'set_reference_price'; symbol: number; price: number; timestamp: IntegerInput }
  | { type: 'clear_reference_price'; symbol: number; timestamp: IntegerInput }
  | { type: 'set_default_circuit_breaker'; breaker: CircuitBreaker | null; timestamp: IntegerInput }
  | { type: 'set_circuit_breaker'; symbol: number; breaker: CircuitBreaker | null; timestamp: IntegerInput }
  | { type: 'set_kill_switch'; account: IntegerInput; mode: KillSwitchMode; timestamp: IntegerInput }
  | { type: 'set_global_kill_switch'; mode: KillSwitchMode; timestamp: IntegerInput }
  | { type: 'start_new_day'; timestamp: IntegerInput };

/** Config change types by ControlType number (index 0 is unused). */
export const CONFIG_TYPES = [
  '',
  'set_default_limits',
  'set_account_limits',
  'clear_account_limits',
  'set_global_limits',
  'set_reference_price',
  'clear_reference_price',
  'set_default_circuit_breaker',
  'set_circuit_breaker',
  'set_kill_switch',
  'set_global_kill_switch',
  'start_new_day',
] as const;

/** A fill of an external child order, reported by its venue adapter. */
export interface ExternalFill {
  childId: IntegerInput;
  price: number;
  quantity: number;
  timestamp: IntegerInput;
}

/** An external child order ended at its venue (cancelled, expired, rejected). */
export interface ExternalDone {
  childId: IntegerInput;
  timestamp: IntegerInput;
}

/** Fields every event has. */
interface EventBase {
  /** The matching engine's gap-free sequence for book events; 0n for pipeline events. */
  sequence: bigint;
  timestamp: bigint;
  symbol: number;
  side: Side;
  account: bigint;
}

/** An order event from the book; `parentId` is set when the order is a routed child. */
interface OrderEventBase extends EventBase {
  code: ResultCodeName;
  orderId: bigint;
  price: number;
  quantity: number;
  remaining: number;
  parentId: bigint | null;
}

export interface AcceptedEvent extends OrderEventBase {
  type: 'accepted';
}

/** Why a request was refused: by validation or the book (code 1xxx), risk (2xxx) or routing (3xxx). */
export interface RejectedEvent extends OrderEventBase {
  type: 'rejected';
  /** Set for risk denials: which limit, whose, its value and what the order would have reached. */
  risk: { limit: RiskLimitName; scope: RiskScopeName; limitValue: bigint; attemptedValue: bigint } | null;
}

export interface TradeEvent extends OrderEventBase {
  type: 'trade';
  /** The resting order; `price` is its price, `orderId` the aggressor. */
  counterOrderId: bigint;
  counterAccount: bigint;
  counterRemaining: number;
  counterParentId: bigint | null;
}

export interface CancelledEvent extends OrderEventBase {
  type: 'cancelled';
  /** Self-trade prevention: the order that would have traded. */
  counterOrderId: bigint | null;
}

export interface ReplacedEvent extends OrderEventBase {
  type: 'replaced';
}

export interface TriggeredEvent extends OrderEventBase {
  type: 'triggered';
}

export interface ExpiredEvent extends OrderEventBase {
  type: 'expired';
}

/** Instruction for a venue adapter: send child `childId` to `venue`. */
export interface RouteOrderEvent extends EventBase {
  type: 'route_order';
  childId: bigint;
  parentId: bigint;
  venue: number;
  kind: ChildKind;
  orderType: OrderType;
  timeInForce: TimeInForce;
  postOnly: boolean;
  allOrNone: boolean;
  price: number;
  quantity: number;
  displayQuantity: number;
  expireAt: bigint;
}

/** Instruction for a venue adapter: cancel child `childId` at `venue` (then report externalDone). */
export interface RouteCancelEvent extends EventBase {
  type: 'route_cancel';
  childId: bigint;
  parentId: bigint;
  venue: number;
  /** Open quantity of the child. */
  quantity: number;
}

/** An external fill was applied to positions and to the parent. */
export interface ExternalFillEvent extends EventBase {
  type: 'external_fill';
  childId: bigint;
  parentId: bigint;
  venue: number;
  price: number;
  quantity: number;
  /** Open quantity left on the child. */
  remaining: number;
}

/** An external child ended; `remaining` lots of it never filled. */
export interface ExternalDoneEvent extends EventBase {
  type: 'external_done';
  childId: bigint;
  parentId: bigint;
  venue: number;
  remaining: number;
}

/** A routed parent finished: every child filled or ended. */
export interface RouteDoneEvent extends EventBase {
  type: 'route_done';
  parentId: bigint;
  quantity: number;
  filledQuantity: number;
  /** Sum of price x lots over all fills (ticks x lots). */
  filledNotional: bigint;
}

/** The circuit breaker halted `symbol` (HaltSymbol applied); resume it with a resume_symbol command. */
export interface CircuitBreakerTrippedEvent extends EventBase {
  type: 'circuit_breaker_tripped';
  haltedUntil: bigint;
  moveBps: number;
}

/** Anything the engine reports. */
export type EngineEvent =
  | AcceptedEvent
  | RejectedEvent
  | TradeEvent
  | CancelledEvent
  | ReplacedEvent
  | TriggeredEvent
  | ExpiredEvent
  | RouteOrderEvent
  | RouteCancelEvent
  | ExternalFillEvent
  | ExternalDoneEvent
  | RouteDoneEvent
  | CircuitBreakerTrippedEvent;

/** The outcome of one request. */
export interface SubmitOutcome {
  /** 'OK' or why the request was refused (the code of its Rejected event). */
  code: ResultCodeName;
  ok: boolean;
  /** Last journal sequence the request wrote; 0n when it was refused before the journal. */
  journalSequence: bigint;
  events: EngineEvent[];
}

/** Engine options. */
export interface EngineOptions {
  /** Directory for journal/ and snapshots/ (its parent must exist); omit for no durability (backtests). */
  dataDir?: string;
  /** every: fdatasync per record; group (default): one fdatasync per call; none: the OS decides. */
  fsync?: 'every' | 'group' | 'none';
  /** Group commit: also sync inside a call once this many records are unsynced (default 0 = off). */
  groupRecords?: number;
  /** Group commit: also sync inside a call once the oldest unsynced record is this old (default 0 = off). */
  groupDelayNs?: IntegerInput;
  /** Start a new journal segment past this size (default 256 MiB; 0 = only after snapshots). */
  segmentMaxBytes?: number;
  /** Journal records between automatic snapshots (default 0 = only snapshot()). */
  snapshotEvery?: number;
  /** Snapshots kept on disk (default 2). */
  snapshotsKept?: number;
  /** First id given to routed child orders (default 2^63; keep above every client order id). */
  firstChildId?: IntegerInput;
  /** Depth levels the router asks each venue for (default 64). */
  maxLevelsPerVenue?: number;
}

/** What opening the data directory found and did. */
export interface RecoveryReport {
  fromSnapshot: boolean;
  snapshotSequence: bigint;
  skippedSnapshots: string[];
  replayed: bigint;
  tornBytes: bigint;
  abandonedRecords: bigint;
  lastSequence: bigint;
}

/** An external venue. Fees: basis points of the price and per-lot fees in 1/10,000 tick; negative = rebate. */
export interface VenueConfig {
  id: number;
  name: string;
  takerBps?: number;
  makerBps?: number;
  takerPerLot?: number;
  makerPerLot?: number;
  latencyNs?: IntegerInput;
}

/** One quoted level of a venue. */
export interface VenueLevel {
  price: number;
  quantity: number;
}

/** Best bid and ask (null when that side is empty). */
export interface TopOfBook {
  bidPrice: number | null;
  bidQuantity: bigint | null;
  askPrice: number | null;
  askQuantity: bigint | null;
  halted: boolean;
}

/** One aggregated level of the book. */
export interface BookLevel {
  price: number;
  quantity: bigint;
  orderCount: number;
}

/** A live order in the book. */
export interface OrderInfo {
  orderId: bigint;
  account: bigint;
  side: Side;
  orderType: OrderType;
  timeInForce: TimeInForce;
  stp: StpMode;
  postOnly: boolean;
  price: number;
  stopPrice: number;
  open: number;
  visible: number;
  displayQuantity: number;
  expireAt: bigint;
  pendingStop: boolean;
}

/** State hashes: equal after a restart and in an uninterrupted run. */
export interface StateHashes {
  matching: bigint;
  risk: bigint;
  router: bigint;
  combined: bigint;
}

/** Journal positions. */
export interface Sequences {
  last: bigint;
  durable: bigint;
  snapshot: bigint;
  snapshotFailures: bigint;
  durableMode: boolean;
}

/** Limits as configured (null = no limit). */
export interface RiskLimitValues {
  maxOrderQuantity: bigint | null;
  maxOrderNotional: bigint | null;
  maxPosition: bigint | null;
  maxOpenOrders: bigint | null;
  maxDailyLoss: bigint | null;
  priceCollarBps: bigint | null;
}

/** The risk configuration that applies to an account. */
export interface RiskConfig {
  defaults: RiskLimitValues;
  global: RiskLimitValues;
  /** The account's own limits with the defaults filled in. */
  effective: RiskLimitValues;
  killSwitch: KillSwitchMode;
  globalKillSwitch: KillSwitchMode;
}

/** Risk state of an account (position in one symbol). */
export interface RiskAccount {
  position: bigint;
  openOrders: number;
  realizedPnl: bigint;
  dailyPnl: bigint;
}

/** Risk state of a symbol at a time. */
export interface RiskSymbol {
  referencePrice: number | null;
  haltedUntil: bigint | null;
}

/** A routed parent order and its children (what to reconcile with venues after a restart). */
export interface RoutedParent {
  parentId: bigint;
  account: bigint;
  symbol: number;
  side: Side;
  quantity: number;
  filled: number;
  filledNotional: bigint;
  children: {
    childId: bigint;
    venue: number;
    kind: ChildKind;
    limitPrice: number;
    quantity: number;
    filled: number;
    done: boolean;
  }[];
}
