// Scenario analysis on a portfolio: each open position's mark is moved by a price move (a shock
// in basis points, or a recorded day's close / previous close) and the change of market value is
// reported per position and in total, with the risk limits the stressed state would breach.
// Invariants: integer arithmetic only (bigint, half-even rounding): the shocked price is
// round(mark × numerator / denominator) ticks; a position's P&L is round(marketValue × (shocked −
// mark) / mark) minor units, which is exact for linear instruments (market value is proportional
// to price); a position without a mark is reported as unpriced and left out of the totals.
// Known limits: no cross-currency totals (positions are summed in the account currency, which is
// the only currency an account holds); options and other non-linear payoffs are not modelled.
import { divideRounded, type Position, type RiskLimits } from '@kestrel/shared';

/** A price move as an exact ratio: new price = old × numerator / denominator. */
export interface PriceMove {
  numerator: bigint;
  denominator: bigint;
}

/** A move of `bps` basis points (−1000 = −10 %). */
export function moveOfBps(bps: number): PriceMove {
  return { numerator: BigInt(10_000 + bps), denominator: 10_000n };
}

/** The move in basis points, rounded (for display). */
export function bpsOfMove(move: PriceMove): number {
  return Number(divideRounded((move.numerator - move.denominator) * 10_000n, move.denominator, 'half-even'));
}

/** One position under the scenario. */
export interface PositionOutcome {
  symbol: string;
  quantityLots: number;
  markPriceTicks: number | null;
  shockedPriceTicks: number | null;
  moveBps: number;
  marketValueMinor: number | null;
  shockedMarketValueMinor: number | null;
  pnlMinor: number | null;
  /** (shocked − mark) × quantity: the engine's loss unit for maxDailyLossTickLots. */
  pnlTickLots: number | null;
}

/** A limit the stressed portfolio breaches. */
export interface LimitBreach {
  limit: 'maxDailyLossTickLots' | 'maxPositionLots';
  symbol: string | null;
  limitValue: number;
  scenarioValue: number;
}

/** The whole outcome. */
export interface ScenarioOutcome {
  positions: PositionOutcome[];
  totalPnlMinor: number;
  totalPnlTickLots: number;
  unpricedSymbols: string[];
  breaches: LimitBreach[];
}

function safe(value: bigint, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) throw new RangeError(`${what} exceeds 2^53`);
  return Number(value);
}

/** Applies `moveOf(symbol)` to each position; symbols it returns null for are left unchanged. */
export function applyScenario(positions: readonly Position[], moveOf: (symbol: string) => PriceMove | null, limits: RiskLimits | null): ScenarioOutcome {
  const outcomes: PositionOutcome[] = [];
  const unpriced: string[] = [];
  let totalMinor = 0n;
  let totalTickLots = 0n;
  for (const position of positions) {
    if (position.quantityLots === 0) continue;
    const move = moveOf(position.symbol) ?? { numerator: 1n, denominator: 1n };
    const mark = position.markPriceTicks;
    const value = position.marketValueMinor;
    if (mark === null || value === null || mark <= 0) {
      unpriced.push(position.symbol);
      outcomes.push({ symbol: position.symbol, quantityLots: position.quantityLots, markPriceTicks: mark, shockedPriceTicks: null, moveBps: bpsOfMove(move), marketValueMinor: value, shockedMarketValueMinor: null, pnlMinor: null, pnlTickLots: null });
      continue;
    }
    const shocked = divideRounded(BigInt(mark) * move.numerator, move.denominator, 'half-even');
    const pnl = divideRounded(BigInt(value) * (shocked - BigInt(mark)), BigInt(mark), 'half-even');
    const tickLots = (shocked - BigInt(mark)) * BigInt(position.quantityLots);
    totalMinor += pnl;
    totalTickLots += tickLots;
    outcomes.push({
      symbol: position.symbol,
      quantityLots: position.quantityLots,
      markPriceTicks: mark,
      shockedPriceTicks: safe(shocked, 'shocked price'),
      moveBps: bpsOfMove(move),
      marketValueMinor: value,
      shockedMarketValueMinor: safe(BigInt(value) + pnl, 'shocked market value'),
      pnlMinor: safe(pnl, 'scenario P&L'),
      pnlTickLots: safe(tickLots, 'scenario P&L in tick-lots'),
    });
  }
  const breaches: LimitBreach[] = [];
  if (limits?.maxDailyLossTickLots !== undefined && -totalTickLots > BigInt(limits.maxDailyLossTickLots)) {
    breaches.push({ limit: 'maxDailyLossTickLots', symbol: null, limitValue: limits.maxDailyLossTickLots, scenarioValue: safe(-totalTickLots, 'loss') });
  }
  if (limits?.maxPositionLots !== undefined) {
    for (const outcome of outcomes) {
      if (Math.abs(outcome.quantityLots) > limits.maxPositionLots) {
        breaches.push({ limit: 'maxPositionLots', symbol: outcome.symbol, limitValue: limits.maxPositionLots, scenarioValue: Math.abs(outcome.quantityLots) });
      }
    }
  }
  return { positions: outcomes, totalPnlMinor: safe(totalMinor, 'total P&L'), totalPnlTickLots: safe(totalTickLots, 'total P&L in tick-lots'), unpricedSymbols: unpriced, breaches };
}
