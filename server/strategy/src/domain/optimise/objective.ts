// What an optimisation maximises: one statistic of a run. Every statistic is maximised except the
// drawdown measures, which are minimised. A missing value (null: e.g. no trades, flat equity) ranks
// below every number; ties keep the earlier trial (lower index), so rankings are deterministic.

import type { Statistics } from '../backtest/statistics.js';

/** Statistics an optimisation can rank by. */
export const OBJECTIVES = [
  'finalValue',
  'totalReturn',
  'annualReturn',
  'sharpe',
  'sortino',
  'calmar',
  'maxDrawdown',
  'maxDrawdownDurationBars',
  'winRate',
  'profitFactor',
  'expectancy',
] as const;
/** One objective. */
export type Objective = (typeof OBJECTIVES)[number];

const MINIMISED: readonly Objective[] = ['maxDrawdown', 'maxDrawdownDurationBars'];

/** The objective's value of a run (null when undefined for that run). */
export function objectiveValue(statistics: Statistics, objective: Objective): number | null {
  const value = statistics[objective];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** A comparable score: larger is better; null ranks last. */
export function score(value: number | null, objective: Objective): number {
  if (value === null) return -Infinity;
  return MINIMISED.includes(objective) ? -value : value;
}
