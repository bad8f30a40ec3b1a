// What the execution service hands the engine, in a JSON form PostgreSQL can keep
// (execution_engine_inputs): a book command, a risk configuration change, or an external venue's
// fill / end of a routed child. Invariant: encode then
// decode gives back a value the engine treats identically (bigints survive as {"$n": "…"}), so
// replaying the stored inputs into an empty engine reproduces the journaled state exactly.
import type { Command, ExternalDone, ExternalFill, RiskConfigChange } from '@kestrel/engine';

/** One request to the engine. */
export type EngineInput =
  | { kind: 'command'; command: Command }
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
