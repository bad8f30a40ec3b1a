// What a strategy version runs with when started without parameters: each declared parameter's
// default, overridden by the version's own defaults, in declaration order (then any extra names).
import type { StrategyVersion } from '../../api/strategy-api.js';

/** The effective parameters of a version, as "name value" text. */
export function effectiveParams(version: Pick<StrategyVersion, 'paramSpecs' | 'params'>): string {
  const values = new Map<string, unknown>();
  for (const [name, spec] of Object.entries(version.paramSpecs)) values.set(name, spec.default);
  for (const [name, value] of Object.entries(version.params)) values.set(name, value);
  return [...values].map(([name, value]) => `${name} ${String(value)}`).join(', ');
}
