// What a backtest needs to know about a traded symbol: its tick size, its contract multiplier and
// the resulting value of one tick on one lot in the run's minor units. Invariant: tickValueMinor
// is a positive safe integer, so a fill's cash is price_ticks x lots x tickValueMinor exactly.

import { parseTickSize, SymbolSchema } from '@kestrel/shared';
import { BacktestError } from './backtest-error.js';

/** A traded symbol in a backtest. */
export interface BacktestInstrument {
  readonly symbol: string;
  /** Price increment as decimal text ("0.01"). */
  readonly tickSize: string;
  /** Currency units per unit of price per lot (1 for shares, e.g. 50 for an index future). */
  readonly multiplier: number;
  /** Minor units that one tick on one lot is worth. */
  readonly tickValueMinor: number;
}

const SYMBOL = new RegExp(SymbolSchema.pattern!);

/** Builds an instrument; moneyDecimals must cover the tick size's decimals. */
export function backtestInstrument(symbol: string, tickSize: string, multiplier: number, moneyDecimals: number): BacktestInstrument {
  if (!SYMBOL.test(symbol)) {
    throw new BacktestError('BACKTEST_INVALID_CONFIG', `symbol "${symbol}" must be upper-case letters, digits and . _ - / (at most 32)`);
  }
  if (!Number.isSafeInteger(multiplier) || multiplier < 1) {
    throw new BacktestError('BACKTEST_INVALID_CONFIG', `multiplier must be a positive integer, got ${String(multiplier)}`);
  }
  let tick;
  try {
    tick = parseTickSize(tickSize);
  } catch {
    throw new BacktestError('BACKTEST_INVALID_CONFIG', `tick size "${tickSize}" is not a positive decimal`);
  }
  if (tick.scale > moneyDecimals) {
    throw new BacktestError('BACKTEST_INVALID_CONFIG', `tick size ${tickSize} has more decimals than the money unit (${moneyDecimals})`);
  }
  const value = tick.coefficient * BigInt(multiplier) * 10n ** BigInt(moneyDecimals - tick.scale);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new BacktestError('BACKTEST_AMOUNT_OUT_OF_RANGE', `one tick of ${symbol} is worth more than 2^53 - 1 minor units`);
  return { symbol, tickSize, multiplier, tickValueMinor: Number(value) };
}
