// Commission models, in exact minor units. Rates and amounts are decimal text (never binary
// floats); each order's commission is computed exactly as a fraction over all its fills so far,
// clamped to the order minimum/maximum and rounded half-even once, and a fill is charged the
// increase of that rounded total, so an order split into many fills pays exactly what one fill
// of the same size would (no per-fill rounding drift).
//   per-share  rate x lots                (minimum / maximum per order optional)
//   per-order  a fixed amount, charged with the order's first fill
//   percent    p% of the notional         (minimum per order optional)
//   tiered     per-share rates by the run's traded lots in the calendar month (UTC), marginal:
//              lots beyond a tier's upper bound pay the next tier's rate (minimum per order optional)
// Several models add up (e.g. per-share broker fee + per-order exchange fee).
// Invariants: a fill's fee is >= 0 for non-negative rates; the sum of an order's fill fees equals
// the rounded, clamped exact fee of the order's total.

import { addFractions, fraction, multiplyFractions, roundFraction, compareFractions, parseDecimal, type Fraction } from '@kestrel/shared';
import { BacktestError } from './backtest-error.js';

/** One fill as a commission model sees it. */
export interface CommissionFill {
  /** Submission sequence of the order (per-order minimums and rounding). */
  orderSeq: number;
  lots: number;
  priceTicks: number;
  /** |price x lots x tick value| in minor units (exact). */
  notionalMinor: number;
  timestamp: number;
}

/** Computes the commission of fills. */
export interface CommissionModel {
  readonly name: string;
  /** The commission of this fill in minor units. */
  fee(fill: CommissionFill): number;
  /** Forgets an order that will not fill again. */
  release(orderSeq: number): void;
}

/** One tier of a tiered per-share schedule: up to `upToLots` traded in the month (null = no bound). */
export interface CommissionTier {
  upToLots: number | null;
  rate: string;
}

/** Serializable commission configuration; amounts are decimal text in the price currency. */
export type CommissionSpec =
  | { kind: 'per-share'; rate: string; minimum?: string; maximum?: string }
  | { kind: 'per-order'; amount: string }
  | { kind: 'percent'; percent: string; minimum?: string }
  | { kind: 'tiered'; tiers: CommissionTier[]; minimum?: string };

const ZERO = fraction(0n);

/** A decimal amount in the price currency as an exact fraction of minor units. */
function amount(text: string, moneyDecimals: number, what: string): Fraction {
  let parsed;
  try {
    parsed = parseDecimal(text);
  } catch {
    throw new BacktestError('BACKTEST_INVALID_CONFIG', `commission ${what} "${text}" is not a decimal number`);
  }
  if (parsed.coefficient < 0n) throw new BacktestError('BACKTEST_INVALID_CONFIG', `commission ${what} ${text} must be >= 0`);
  return fraction(parsed.coefficient * 10n ** BigInt(moneyDecimals), 10n ** BigInt(parsed.scale));
}

interface OrderFees {
  exact: Fraction;
  charged: number;
}

/** Per-order exact accumulation, clamping and rounding shared by every model. */
class ExactCommission implements CommissionModel {
  private readonly orders = new Map<number, OrderFees>();
  private readonly notionals = new Map<number, number>();

  constructor(
    readonly name: string,
    private readonly exactFee: (fill: CommissionFill, first: boolean) => Fraction,
    private readonly minimum: Fraction = ZERO,
    private readonly maximum: ((orderNotional: number) => Fraction) | undefined = undefined,
  ) {}

  fee(fill: CommissionFill): number {
    let state = this.orders.get(fill.orderSeq);
    const first = state === undefined;
    if (state === undefined) {
      state = { exact: ZERO, charged: 0 };
      this.orders.set(fill.orderSeq, state);
    }
    state.exact = addFractions(state.exact, this.exactFee(fill, first));
    let total = state.exact;
    if (compareFractions(total, this.minimum) < 0) total = this.minimum;
    if (this.maximum !== undefined) {
      const notional = (this.notionals.get(fill.orderSeq) ?? 0) + fill.notionalMinor;
      this.notionals.set(fill.orderSeq, notional);
      const cap = this.maximum(notional);
      if (compareFractions(total, cap) > 0) total = cap;
    }
    const rounded = Number(roundFraction(total, 'half-even'));
    const fee = rounded - state.charged;
    state.charged = rounded;
    return fee;
  }

  release(orderSeq: number): void {
    this.orders.delete(orderSeq);
    this.notionals.delete(orderSeq);
  }
}

/** Tiered per-share rates by monthly traded lots. */
function tieredFee(tiers: readonly { upTo: number; rate: Fraction }[]): (fill: CommissionFill) => Fraction {
  let month = -1;
  let traded = 0;
  return (fill) => {
    const date = new Date(fill.timestamp);
    const current = date.getUTCFullYear() * 12 + date.getUTCMonth();
    if (current !== month) {
      month = current;
      traded = 0;
    }
    let fee = ZERO;
    let left = fill.lots;
    let position = traded;
    for (const tier of tiers) {
      if (left === 0) break;
      if (position >= tier.upTo) continue;
      const lots = Math.min(left, tier.upTo - position);
      fee = addFractions(fee, multiplyFractions(tier.rate, fraction(BigInt(lots))));
      left -= lots;
      position += lots;
    }
    traded += fill.lots;
    return fee;
  };
}

/** Builds one model from its spec; throws BACKTEST_INVALID_CONFIG. */
function createOne(spec: CommissionSpec, moneyDecimals: number): CommissionModel {
  switch (spec.kind) {
    case 'per-share': {
      const rate = amount(spec.rate, moneyDecimals, 'rate');
      const minimum = spec.minimum === undefined ? ZERO : amount(spec.minimum, moneyDecimals, 'minimum');
      const maximum = spec.maximum === undefined ? undefined : amount(spec.maximum, moneyDecimals, 'maximum');
      return new ExactCommission(
        `${spec.rate} per share${spec.minimum ? ` (min ${spec.minimum})` : ''}${spec.maximum ? ` (max ${spec.maximum})` : ''}`,
        (fill) => multiplyFractions(rate, fraction(BigInt(fill.lots))),
        minimum,
        maximum === undefined ? undefined : () => maximum,
      );
    }
    case 'per-order': {
      const fixed = amount(spec.amount, moneyDecimals, 'amount');
      return new ExactCommission(`${spec.amount} per order`, (_fill, first) => (first ? fixed : ZERO));
    }
    case 'percent': {
      const percent = amount(spec.percent, 0, 'percent');
      const rate = multiplyFractions(percent, fraction(1n, 100n));
      const minimum = spec.minimum === undefined ? ZERO : amount(spec.minimum, moneyDecimals, 'minimum');
      return new ExactCommission(`${spec.percent}%${spec.minimum ? ` (min ${spec.minimum})` : ''}`, (fill) => multiplyFractions(rate, fraction(BigInt(fill.notionalMinor))), minimum);
    }
    case 'tiered': {
      if (spec.tiers.length === 0) throw new BacktestError('BACKTEST_INVALID_CONFIG', 'a tiered commission needs at least one tier');
      let previous = 0;
      const tiers = spec.tiers.map((tier, index) => {
        const last = index === spec.tiers.length - 1;
        const upTo = tier.upToLots ?? Number.MAX_SAFE_INTEGER;
        if ((tier.upToLots === null) !== last || !Number.isSafeInteger(upTo) || upTo <= previous) {
          throw new BacktestError('BACKTEST_INVALID_CONFIG', 'commission tiers need increasing whole upToLots bounds and an unbounded last tier');
        }
        previous = upTo;
        return { upTo, rate: amount(tier.rate, moneyDecimals, 'tier rate') };
      });
      const minimum = spec.minimum === undefined ? ZERO : amount(spec.minimum, moneyDecimals, 'minimum');
      const name = spec.tiers.map((tier) => `${tier.rate}${tier.upToLots === null ? '' : ` up to ${tier.upToLots}`}`).join(', ');
      return new ExactCommission(`tiered per share (${name})${spec.minimum ? ` (min ${spec.minimum})` : ''}`, tieredFee(tiers), minimum);
    }
    default:
      throw new BacktestError('BACKTEST_INVALID_CONFIG', `unknown commission kind ${String((spec as { kind: unknown }).kind)}`);
  }
}

/** The sum of several models (none = free). */
export function createCommissionModel(specs: readonly CommissionSpec[], moneyDecimals: number): CommissionModel {
  const models = specs.map((spec) => createOne(spec, moneyDecimals));
  if (models.length === 1) return models[0]!;
  return {
    name: models.length === 0 ? 'none' : models.map((model) => model.name).join(' + '),
    fee: (fill) => {
      let total = 0;
      for (const model of models) total += model.fee(fill);
      return total;
    },
    release: (orderSeq) => {
      for (const model of models) model.release(orderSeq);
    },
  };
}
