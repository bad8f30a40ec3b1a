// The built-in strategies by name, and loading a strategy definition from a module (for user
// strategies and for worker threads, which receive a module URL instead of a function).
// Invariant: names are unique; an unknown name is BACKTEST_STRATEGY_UNKNOWN listing the known ones.

import type { ParamSpecs, StrategyDefinition } from '@kestrel/shared';
import { BacktestError } from '../backtest/backtest-error.js';
import { donchianBreakout } from './donchian-breakout.js';
import { marketMaker } from './market-maker.js';
import { rsiMeanReversion } from './rsi-mean-reversion.js';
import { smaCross } from './sma-cross.js';

/** The built-in strategies, by name. */
export const BUILTIN_STRATEGIES: ReadonlyMap<string, StrategyDefinition<ParamSpecs>> = new Map<string, StrategyDefinition<ParamSpecs>>(
  [smaCross, rsiMeanReversion, donchianBreakout, marketMaker].map((definition) => [definition.name, definition as unknown as StrategyDefinition<ParamSpecs>]),
);

/** Where a strategy comes from: a built-in name, or a module exporting a definition. */
export type StrategySource = { builtin: string } | { module: string; export?: string };

/** The built-in strategy `name`; throws BACKTEST_STRATEGY_UNKNOWN. */
export function builtinStrategy(name: string): StrategyDefinition<ParamSpecs> {
  const definition = BUILTIN_STRATEGIES.get(name);
  if (definition === undefined) {
    throw new BacktestError('BACKTEST_STRATEGY_UNKNOWN', `unknown strategy "${name}" (built-in: ${[...BUILTIN_STRATEGIES.keys()].join(', ')})`);
  }
  return definition;
}

/** Resolves a source to its definition (imports the module when needed). */
export async function loadStrategy(source: StrategySource): Promise<StrategyDefinition<ParamSpecs>> {
  if ('builtin' in source) return builtinStrategy(source.builtin);
  let module: Record<string, unknown>;
  try {
    module = (await import(source.module)) as Record<string, unknown>;
  } catch (error) {
    throw new BacktestError('BACKTEST_STRATEGY_UNKNOWN', `cannot load strategy module ${source.module}: ${(error as Error).message}`, { cause: error });
  }
  const exported = module[source.export ?? 'default'] as Partial<StrategyDefinition<ParamSpecs>> | undefined;
  if (exported === undefined || typeof exported.create !== 'function' || typeof exported.name !== 'string' || exported.params === undefined) {
    throw new BacktestError('BACKTEST_STRATEGY_UNKNOWN', `${source.module} has no strategy definition export "${source.export ?? 'default'}"`);
  }
  return exported as StrategyDefinition<ParamSpecs>;
}
