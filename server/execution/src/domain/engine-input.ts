// What the execution service hands the engine, in a JSON form PostgreSQL can keep
// (execution_engine_inputs): a book command, a risk configuration change, or an external venue's
// fill / end of a routed child. A submit the router split across venues also carries its routing
// record: the venue configuration and quotes the router planned against (neither is journaled by
// the engine) and the plan it made, so re-applying the input reproduces the same children.
// Invariant: encode then decode gives back a value the engine treats identically (bigints survive
// as {"$n": "…"}), so replaying the stored inputs into an empty engine reproduces the journaled
// state exactly.
import type { ChildKind, Command, ExternalDone, ExternalFill, RiskConfigChange, VenueConfig, VenueLevel, VenueStatus } from '@kestrel/engine';

/** What one external venue quoted for the order's symbol when the router planned it. */
export interface RoutedQuote {
  venue: number;
  status: VenueStatus;
  bids: VenueLevel[];
  asks: VenueLevel[];
}

/** One child of a routing plan, as the engine tracks it. */
export interface PlannedChild {
  childId: bigint;
  venue: number;
  kind: ChildKind;
  limitPrice: number;
  quantity: number;
}

/** The routing context of a submit that produced external children. */
export interface RoutingRecord {
  /** Every external venue registered on the shard at the time (the router weighs all of them). */
  venues: VenueConfig[];
  /** Their quotes for the order's symbol (venues that never quoted it are absent: unknown symbol). */
  quotes: RoutedQuote[];
  /** The children the router made, in plan order (checked again on replay). */
  plan: PlannedChild[];
}

/** One request to the engine. */
export type EngineInput =
  | { kind: 'command'; command: Command; routing?: RoutingRecord }
  | { kind: 'config'; change: RiskConfigChange }
  | { kind: 'external-fill'; fill: ExternalFill }
  | { kind: 'external-done'; done: ExternalDone };

/** The JSON form of an input (bigints tagged). */
export function encodeInput(input: EngineInput): unknown {
  return JSON.parse(JSON.stringify(input, (_key, value: unknown) => (typeof value === 'bigint' ? { $n: value.toString() } : value)));
}

/** The input stored by encodeInput. */
export function decodeInput(stored: unknown): EngineInput {
  return JSON.parse(JSON.stringify(stored), (_key, value: unknown) =>
    value !== null && typeof value === 'object' && typeof (value as { $n?: unknown }).$n === 'string' ? BigInt((value as { $n: string }).$n) : value,
  ) as EngineInput;
}
