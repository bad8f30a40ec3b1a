// Positions and the tax lots they are made of. Invariants: the open lots of a position are all on
// the position's side, their quantities add up to |quantityLots| and their costs to costBasisMinor;
// averageCost = costBasisMinor / |quantityLots| minor units per lot, kept as an exact ratio;
// for a short position "cost" is the proceeds received when it was opened. Market value is signed
// (long +, short −) and unrealised P&L = long: MV − cost, short: cost − |MV|.
import { Type, type Static } from '@sinclair/typebox';
import {
  CurrencyCodeSchema,
  MinorUnitsSchema,
  NonNegativeLotsSchema,
  PriceTicksSchema,
  QuantityLotsSchema,
  SignedLotsSchema,
  SymbolSchema,
  TimestampSchema,
  UuidSchema,
  literalUnion,
} from './primitives.js';
import { RatioSchema } from './ratio.js';

/** Long or short. */
export const POSITION_SIDES = ['long', 'short'] as const;
/** Long or short. */
export type PositionSide = (typeof POSITION_SIDES)[number];

/** One tax lot: the part of a position opened by one fill, reduced as it is disposed of. */
export const TaxLotSchema = Type.Object(
  {
    id: UuidSchema,
    accountId: UuidSchema,
    symbol: SymbolSchema,
    side: literalUnion(POSITION_SIDES),
    openExecutionId: UuidSchema,
    openPriceTicks: PriceTicksSchema,
    openedAt: TimestampSchema,
    originalQuantityLots: QuantityLotsSchema,
    /** Still open (0 once closed). */
    quantityLots: NonNegativeLotsSchema,
    /** Cost (proceeds for a short lot) of the open quantity, in minor units. */
    costMinor: MinorUnitsSchema,
    closedAt: Type.Union([TimestampSchema, Type.Null()]),
  },
  { additionalProperties: false },
);
/** One tax lot. */
export type TaxLot = Static<typeof TaxLotSchema>;

/** A position in one symbol of one account. */
export const PositionSchema = Type.Object(
  {
    accountId: UuidSchema,
    symbol: SymbolSchema,
    currency: CurrencyCodeSchema,
    /** Signed: long > 0, short < 0, 0 when flat (a flat position still reports realised P&L). */
    quantityLots: SignedLotsSchema,
    costBasisMinor: MinorUnitsSchema,
    /** costBasisMinor / |quantityLots| in minor units per lot; null when flat. */
    averageCost: Type.Union([RatioSchema, Type.Null()]),
    /** Σ(open price × open qty) / |quantityLots| over the open lots, in ticks; null when flat. */
    averagePrice: Type.Union([RatioSchema, Type.Null()]),
    /** Last trade price used to value the position; null when none is known. */
    markPriceTicks: Type.Union([PriceTicksSchema, Type.Null()]),
    markedAt: Type.Union([TimestampSchema, Type.Null()]),
    marketValueMinor: Type.Union([MinorUnitsSchema, Type.Null()]),
    unrealisedPnlMinor: Type.Union([MinorUnitsSchema, Type.Null()]),
    /** Realised P&L of this symbol since the account opened (before fees). */
    realisedPnlMinor: MinorUnitsSchema,
    feesMinor: MinorUnitsSchema,
    updatedAt: TimestampSchema,
    /** The open lots, oldest first, when the request asked for them. */
    lots: Type.Optional(Type.Array(TaxLotSchema)),
  },
  { additionalProperties: false },
);
/** A position in one symbol of one account. */
export type Position = Static<typeof PositionSchema>;
