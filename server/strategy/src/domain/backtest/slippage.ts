// Slippage: how much worse than the model's price a taker fill (market order, triggered stop)
// executes. Limit-priced fills never slip past their limit (the broker caps them). Models:
//   fixed ticks   buy +n ticks, sell -n ticks.
//   percent       price x p% worse, rounded up to whole ticks (a buy pays more, a sell gets less),
//                 so slippage is never understated; computed exactly from p's decimal form.
//   volume        impact growing with participation: price x coefficient x (lots / bar volume),
//                 capped at maxFraction (also used when the volume is 0), rounded up to whole
//                 ticks (a float model: its inputs are estimates anyway).
// Invariants: slipped prices are whole ticks, never better than the input price, and a sell never
// slips below one tick (prices stay positive).

import { parseDecimal, type Side } from '@kestrel/shared';
import { BacktestError } from './backtest-error.js';
import type { FillMarket } from './fill-model.js';

/** Adjusts a taker fill price. */
export interface SlippageModel {
  readonly name: string;
  /** The slipped price in ticks of a fill of `lots` at `priceTicks`. */
  apply(side: Side, priceTicks: number, lots: number, market: FillMarket): number;
}

/** Serializable slippage configuration (for workers, the CLI and the service). */
export type SlippageSpec =
  | { kind: 'none' }
  | { kind: 'ticks'; ticks: number }
  | { kind: 'percent'; percent: number }
  | { kind: 'volume'; coefficient: number; maxFraction?: number };

/** Rounds a fractional slip (in ticks) up to whole ticks. */
function wholeTicks(slip: number): number {
  // 1e-9 absorbs float noise such as 100 * 0.1% = 0.10000000000000002 ticks turning into 1 tick.
  return Math.ceil(slip - 1e-9);
}

function slipped(side: Side, price: number, ticks: number): number {
  return side === 'buy' ? price + ticks : Math.max(1, price - ticks);
}

/** Builds a slippage model from its spec; throws BACKTEST_INVALID_CONFIG. */
export function createSlippageModel(spec: SlippageSpec): SlippageModel {
  switch (spec.kind) {
    case 'none':
      return { name: 'none', apply: (_side, price) => price };
    case 'ticks': {
      const ticks = spec.ticks;
      if (!Number.isSafeInteger(ticks) || ticks < 0) throw new BacktestError('BACKTEST_INVALID_CONFIG', `slippage ticks must be a whole number >= 0, got ${String(ticks)}`);
      return { name: `${ticks} tick(s)`, apply: (side, price) => slipped(side, price, ticks) };
    }
    case 'percent': {
      if (!(spec.percent >= 0 && spec.percent < 100)) throw new BacktestError('BACKTEST_INVALID_CONFIG', `slippage percent must be in [0, 100), got ${String(spec.percent)}`);
      const { coefficient, scale } = parseDecimal(String(spec.percent));
      const denominator = 100n * 10n ** BigInt(scale);
      return {
        name: `${spec.percent}%`,
        apply: (side, price) => {
          const numerator = BigInt(Math.abs(price)) * coefficient;
          return slipped(side, price, Number((numerator + denominator - 1n) / denominator));
        },
      };
    }
    case 'volume': {
      const { coefficient } = spec;
      const cap = spec.maxFraction ?? 0.1;
      if (!(coefficient >= 0 && Number.isFinite(coefficient))) throw new BacktestError('BACKTEST_INVALID_CONFIG', `volume slippage coefficient must be >= 0, got ${String(coefficient)}`);
      if (!(cap >= 0 && cap < 1)) throw new BacktestError('BACKTEST_INVALID_CONFIG', `volume slippage maxFraction must be in [0, 1), got ${String(cap)}`);
      return {
        name: `volume x${coefficient} (max ${cap * 100}%)`,
        apply: (side, price, lots, market) => {
          const fraction = market.volume > 0 ? Math.min(cap, (coefficient * lots) / market.volume) : cap;
          return slipped(side, price, wholeTicks(Math.abs(price) * fraction));
        },
      };
    }
    default:
      throw new BacktestError('BACKTEST_INVALID_CONFIG', `unknown slippage kind ${String((spec as { kind: unknown }).kind)}`);
  }
}
