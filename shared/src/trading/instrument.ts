// What can be traded and how its integers map to money. A price is an integer number of ticks, a
// quantity an integer number of lots; one tick on one lot is worth
//   valuePerTickLot = tickSize × lotSize × contractMultiplier × 10^minorDigits(currency)
// minor units, an exact rational (1 for a USD stock with a 0.01 tick and lots of one share; 1/100
// for a 0.0001 sub-penny tick). The notional of a fill is price_ticks × lots × valuePerTickLot,
// rounded half-even to whole minor units once per fill. Invariants of a valid instrument: the
// tick size is a positive decimal, the largest allowed order (maxPriceTicks × maxQuantityLots)
// has a notional inside 2^53 - 1 minor units, and its trading hours are consistent.
import { Type, type Static } from '@sinclair/typebox';
import { parseTickSize, priceToTicks, ticksToPrice } from '../market-data/decimal-ticks.js';
import { minorDigits } from './money.js';
import {
  CurrencyCodeSchema,
  DecimalStringSchema,
  PriceTicksSchema,
  QuantityLotsSchema,
  SymbolSchema,
  literalUnion,
} from './primitives.js';
import { divideRounded, fraction, roundFraction, toSafeNumber, type Fraction, type RoundingMode } from './ratio.js';
import { TradingError } from './trading-error.js';
import { TradingHoursSchema, assertTradingHours } from './trading-hours.js';

/** Kinds of instrument. */
export const ASSET_CLASSES = ['equity', 'etf', 'future', 'fx', 'crypto', 'index'] as const;
/** One kind of instrument. */
export type AssetClass = (typeof ASSET_CLASSES)[number];

/** Whether an instrument accepts orders. */
export const INSTRUMENT_STATUSES = ['active', 'halted', 'delisted'] as const;

/** The fields that turn ticks and lots into money: all a ledger needs to know about an instrument. */
export const InstrumentEconomicsSchema = Type.Object(
  {
    symbol: SymbolSchema,
    currency: CurrencyCodeSchema,
    /** Price increment as decimal text in currency units, e.g. "0.01". */
    tickSize: DecimalStringSchema,
    /** Units (shares, coins, contracts) per lot. */
    lotSize: QuantityLotsSchema,
    /** Currency units per unit of price per unit (1 for cash equities; e.g. 50 for an index future). */
    contractMultiplier: QuantityLotsSchema,
  },
  { additionalProperties: false },
);
/** The fields that turn ticks and lots into money. */
export type InstrumentEconomics = Static<typeof InstrumentEconomicsSchema>;

/** A tradable instrument. */
export const InstrumentSchema = Type.Object(
  {
    ...InstrumentEconomicsSchema.properties,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    assetClass: literalUnion(ASSET_CLASSES),
    status: literalUnion(INSTRUMENT_STATUSES),
    minQuantityLots: QuantityLotsSchema,
    maxQuantityLots: QuantityLotsSchema,
    /** Lowest accepted limit/stop price in ticks (1 for most instruments; negative for some futures). */
    minPriceTicks: PriceTicksSchema,
    maxPriceTicks: PriceTicksSchema,
    tradingHours: TradingHoursSchema,
  },
  { additionalProperties: false },
);
/** A tradable instrument. */
export type Instrument = Static<typeof InstrumentSchema>;

/** Minor units of the instrument's currency that one tick on one lot is worth, exactly. */
export function valuePerTickLot(instrument: InstrumentEconomics): Fraction {
  const tick = parseTickSize(instrument.tickSize);
  const digits = BigInt(minorDigits(instrument.currency));
  return fraction(
    tick.coefficient * BigInt(instrument.lotSize) * BigInt(instrument.contractMultiplier) * 10n ** digits,
    10n ** BigInt(tick.scale),
  );
}

/** price × lots × valuePerTickLot as an exact fraction of minor units (signed like price × lots). */
export function notionalFraction(instrument: InstrumentEconomics, priceTicks: number, lots: number): Fraction {
  const value = valuePerTickLot(instrument);
  return fraction(BigInt(priceTicks) * BigInt(lots) * value.numerator, value.denominator);
}

/** The notional in whole minor units, rounded once with `mode` (half-even by default). */
export function notionalMinor(
  instrument: InstrumentEconomics,
  priceTicks: number,
  lots: number,
  mode: RoundingMode = 'half-even',
): number {
  return toSafeNumber(roundFraction(notionalFraction(instrument, priceTicks, lots), mode), `notional of ${lots} lots at ${priceTicks} ticks`);
}

/** The notional of `value` (a fraction of ticks × lots, e.g. Σ price × qty) in minor units. */
export function tickLotsToMinor(instrument: InstrumentEconomics, tickLots: bigint, mode: RoundingMode = 'half-even'): bigint {
  const value = valuePerTickLot(instrument);
  return divideRounded(tickLots * value.numerator, value.denominator, mode);
}

/** Decimal price text of `ticks` for this instrument: "100.34" for 10034 ticks of 0.01. */
export function priceText(instrument: Pick<InstrumentEconomics, 'tickSize'>, ticks: number): string {
  return ticksToPrice(ticks, instrument.tickSize);
}

/** Exact ticks of decimal price text; throws (DATA_PRICE_OFF_TICK) when it is not a whole number of ticks. */
export function priceTicksOf(instrument: Pick<InstrumentEconomics, 'tickSize'>, price: string): number {
  return priceToTicks(price, instrument.tickSize);
}

/** Throws TRADING_INVALID_INSTRUMENT when the definition is inconsistent (see the module invariants). */
export function assertInstrument(instrument: Instrument): void {
  const fail = (reason: string): never => {
    throw new TradingError('TRADING_INVALID_INSTRUMENT', `instrument ${instrument.symbol}: ${reason}`);
  };
  try {
    parseTickSize(instrument.tickSize);
    minorDigits(instrument.currency);
  } catch (error) {
    fail((error as Error).message);
  }
  if (instrument.minQuantityLots > instrument.maxQuantityLots) fail('minQuantityLots exceeds maxQuantityLots');
  if (instrument.minPriceTicks > instrument.maxPriceTicks) fail('minPriceTicks exceeds maxPriceTicks');
  const extreme = Math.max(Math.abs(instrument.minPriceTicks), Math.abs(instrument.maxPriceTicks));
  const largest = roundFraction(notionalFraction(instrument, extreme, instrument.maxQuantityLots), 'ceil');
  if (largest > BigInt(Number.MAX_SAFE_INTEGER)) {
    fail('the largest order (max price × max quantity) has a notional beyond 2^53 - 1 minor units');
  }
  assertTradingHours(instrument.tradingHours);
}
