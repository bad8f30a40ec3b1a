// Exposure and value-at-risk reports of one account, as the portfolio computes them and the
// desktop shows them. All amounts are minor units of the account currency. VaR is reported as a
// positive loss (0 when no scenario loses money); see docs/portfolio.md for the method.
import { Type, type Static } from '@sinclair/typebox';
import {
  BasisPointsSchema,
  CurrencyCodeSchema,
  DaySchema,
  MinorUnitsSchema,
  PriceTicksSchema,
  SignedLotsSchema,
  SymbolSchema,
  TimestampSchema,
  UuidSchema,
} from './primitives.js';

/** One symbol's share of the exposure. */
export const SymbolExposureSchema = Type.Object(
  {
    symbol: SymbolSchema,
    quantityLots: SignedLotsSchema,
    markPriceTicks: PriceTicksSchema,
    /** Whether the mark is a last trade price or, lacking one, the position's average open price. */
    markSource: Type.Union([Type.Literal('last-trade'), Type.Literal('average-cost')]),
    /** Signed market value: long +, short −. */
    marketValueMinor: MinorUnitsSchema,
    /** |market value| / gross exposure, in basis points (rounded down). */
    shareOfGrossBps: BasisPointsSchema,
  },
  { additionalProperties: false },
);

/** Gross, net, long and short exposure, in total and per symbol. */
export const ExposureSchema = Type.Object(
  {
    accountId: UuidSchema,
    currency: CurrencyCodeSchema,
    asOf: TimestampSchema,
    grossMinor: MinorUnitsSchema,
    netMinor: MinorUnitsSchema,
    longMinor: MinorUnitsSchema,
    shortMinor: MinorUnitsSchema,
    /** Gross exposure / equity in basis points; null when equity <= 0. */
    leverageBps: Type.Union([Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }), Type.Null()]),
    bySymbol: Type.Array(SymbolExposureSchema),
  },
  { additionalProperties: false },
);
/** Gross, net, long and short exposure. */
export type Exposure = Static<typeof ExposureSchema>;

/** One historical scenario: the current positions revalued with one day's returns. */
export const VarScenarioSchema = Type.Object(
  { day: DaySchema, pnlMinor: MinorUnitsSchema },
  { additionalProperties: false },
);

/** Historical-simulation value at risk. */
export const ValueAtRiskSchema = Type.Object(
  {
    accountId: UuidSchema,
    currency: CurrencyCodeSchema,
    asOf: TimestampSchema,
    method: Type.Literal('historical-simulation'),
    horizonDays: Type.Literal(1),
    confidenceBps: BasisPointsSchema,
    /** Scenarios used (daily returns in the window). */
    scenarioCount: Type.Integer({ minimum: 0 }),
    firstDay: Type.Union([DaySchema, Type.Null()]),
    lastDay: Type.Union([DaySchema, Type.Null()]),
    /** Loss not exceeded with the given confidence; positive = loss. */
    valueAtRiskMinor: MinorUnitsSchema,
    /** Mean loss of the scenarios at or beyond the VaR scenario (expected shortfall), rounded up. */
    expectedShortfallMinor: MinorUnitsSchema,
    symbols: Type.Array(SymbolSchema),
    /** The worst scenarios, worst first (at most as many as define the tail). */
    worstScenarios: Type.Array(VarScenarioSchema),
  },
  { additionalProperties: false },
);
/** Historical-simulation value at risk. */
export type ValueAtRisk = Static<typeof ValueAtRiskSchema>;
