// One-day historical-simulation value at risk. Method (docs/portfolio.md):
// 1. Take the days on which EVERY held symbol has a daily close, and keep the last window + 1.
// 2. Each consecutive pair (d-1, d) is one scenario: every position is revalued with that day's
//    return, P&L = qty × mark × (close_d − close_{d−1}) / close_{d−1} × valuePerTickLot, summed
//    over the symbols as exact fractions and rounded half-even to minor units once per scenario.
// 3. Sort the scenario P&Ls ascending; with N scenarios and confidence c (basis points) the tail
//    holds k = ceil(N × (10⁴ − c) / 10⁴) scenarios (at least 1). VaR = −(k-th worst P&L), floored at 0;
//    expected shortfall = −mean(worst k), rounded up (toward more loss), floored at 0.
// Invariants: integer results; scenarios in day order; deterministic for the same inputs.
// Known limits: no return scaling for multi-day horizons, no volatility weighting; a
// non-positive close breaks the return and ends the usable history before it.
import { addFractions, divideRounded, fraction, roundFraction, toSafeNumber, type Fraction } from '@kestrel/shared';
import { portfolioError } from '../errors.js';

/** A held position as VaR sees it. */
export interface VarPosition {
  symbol: string;
  quantityLots: number;
  markPriceTicks: number;
  valuePerTickLot: Fraction;
}

/** A daily close in ticks. */
export interface DailyClose {
  day: string;
  closeTicks: number;
}

/** VaR settings. */
export interface VarOptions {
  /** Scenarios wanted (days of returns). */
  windowDays: number;
  /** e.g. 9900 for 99 %. */
  confidenceBps: number;
  /** Fewer shared scenarios than this is an error (PORTFOLIO_VAR_INSUFFICIENT_HISTORY). */
  minScenarios: number;
}

/** One scenario. */
export interface VarScenario {
  day: string;
  pnlMinor: number;
}

/** The VaR result. */
export interface VarResult {
  scenarios: VarScenario[];
  valueAtRiskMinor: number;
  expectedShortfallMinor: number;
  /** Worst scenarios first, the whole tail. */
  tail: VarScenario[];
  firstDay: string | null;
  lastDay: string | null;
}

/** Days (ascending) on which every symbol has a positive close, and each symbol's close by day. */
function sharedDays(symbols: readonly string[], closes: ReadonlyMap<string, readonly DailyClose[]>): { days: string[]; bySymbol: Map<string, Map<string, number>> } {
  const bySymbol = new Map<string, Map<string, number>>();
  for (const symbol of symbols) {
    bySymbol.set(symbol, new Map((closes.get(symbol) ?? []).map((close) => [close.day, close.closeTicks])));
  }
  const first = bySymbol.get(symbols[0] ?? '') ?? new Map<string, number>();
  const days = [...first.keys()].filter((day) => symbols.every((symbol) => bySymbol.get(symbol)?.has(day))).sort();
  // History is usable only after the last non-positive close (a return through it is undefined).
  let start = 0;
  days.forEach((day, index) => {
    if (symbols.some((symbol) => (bySymbol.get(symbol)?.get(day) ?? 0) <= 0)) start = index + 1;
  });
  return { days: days.slice(start), bySymbol };
}

/** Computes historical-simulation VaR for `positions` (flat ones are ignored). */
export function historicalVar(
  positions: readonly VarPosition[],
  closes: ReadonlyMap<string, readonly DailyClose[]>,
  options: VarOptions,
): VarResult {
  const held = positions.filter((position) => position.quantityLots !== 0);
  if (held.length === 0) return { scenarios: [], valueAtRiskMinor: 0, expectedShortfallMinor: 0, tail: [], firstDay: null, lastDay: null };
  const symbols = held.map((position) => position.symbol);
  const { days: allDays, bySymbol } = sharedDays(symbols, closes);
  const days = allDays.slice(-(options.windowDays + 1));
  const count = Math.max(0, days.length - 1);
  if (count < options.minScenarios) {
    throw portfolioError(
      'PORTFOLIO_VAR_INSUFFICIENT_HISTORY',
      `the held symbols share ${count} daily returns; at least ${options.minScenarios} are needed`,
      { scenarios: count, required: options.minScenarios, closesPerSymbol: Object.fromEntries(symbols.map((s) => [s, closes.get(s)?.length ?? 0])) },
    );
  }
  const scenarios: VarScenario[] = [];
  for (let index = 1; index < days.length; index += 1) {
    const day = days[index]!;
    const previousDay = days[index - 1]!;
    let pnl: Fraction = fraction(0);
    for (const position of held) {
      const series = bySymbol.get(position.symbol)!;
      const previous = BigInt(series.get(previousDay)!);
      const change = BigInt(series.get(day)!) - previous;
      const value = position.valuePerTickLot;
      pnl = addFractions(
        pnl,
        fraction(BigInt(position.quantityLots) * BigInt(position.markPriceTicks) * change * value.numerator, previous * value.denominator),
      );
    }
    scenarios.push({ day, pnlMinor: toSafeNumber(roundFraction(pnl, 'half-even'), 'scenario P&L') });
  }
  const sorted = [...scenarios].sort((a, b) => a.pnlMinor - b.pnlMinor || a.day.localeCompare(b.day));
  const tailSize = Math.max(1, Number(divideRounded(BigInt(count) * BigInt(10_000 - options.confidenceBps), 10_000n, 'ceil')));
  const tail = sorted.slice(0, tailSize);
  const varScenario = tail[tail.length - 1]!;
  const tailSum = tail.reduce((sum, scenario) => sum + BigInt(scenario.pnlMinor), 0n);
  const shortfall = divideRounded(-tailSum, BigInt(tail.length), 'ceil');
  return {
    scenarios,
    valueAtRiskMinor: Math.max(0, -varScenario.pnlMinor),
    expectedShortfallMinor: Math.max(0, toSafeNumber(shortfall, 'expected shortfall')),
    tail,
    firstDay: days[0] ?? null,
    lastDay: days[days.length - 1] ?? null,
  };
}
