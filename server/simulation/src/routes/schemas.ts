// TypeBox schemas of the simulation routes. Objects are closed; money is integer minor units,
// prices integer ticks, quantities integer lots (shared primitives).
import { Type, type TSchema } from '@sinclair/typebox';
import {
  AccountSchema,
  BarIntervalSchema,
  CurrencyCodeSchema,
  DaySchema,
  MarketSourceSchema,
  MinorUnitsSchema,
  PNL_INTERVALS,
  PriceTicksSchema,
  QuantityLotsSchema,
  RiskLimitsSchema,
  SymbolSchema,
  TimestampSchema,
  UuidSchema,
  literalUnion,
} from '@kestrel/shared';

const Obj = <T extends Record<string, TSchema>>(properties: T) => Type.Object(properties, { additionalProperties: false });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Cash = Type.Integer({ minimum: 1, maximum: 1_000_000_000_000, description: 'Minor units of the account currency' });

export const IdParams = Obj({ id: UuidSchema });
// orderId is matched, not parsed: an id that names no order of the session is SIMULATION_ORDER_NOT_FOUND.
export const OrderParams = Obj({ id: UuidSchema, orderId: Type.String({ minLength: 1, maxLength: 64 }) });

export const CreatePaperAccountBody = Obj({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
  currency: Type.Optional(CurrencyCodeSchema),
  initialCashMinor: Type.Optional(Cash),
});
export const ResetBody = Obj({ initialCashMinor: Type.Optional(Cash) });
export const FundBody = Obj({
  amountMinor: Cash,
  reference: Type.String({ pattern: '^[A-Za-z0-9._:/-]{1,64}$', description: 'Idempotency key: the same reference funds once' }),
});

const GenerationSchema = Obj({ generation: Type.Integer({ minimum: 1 }), accountId: UuidSchema, openedAt: TimestampSchema, archivedAt: Nullable(TimestampSchema) });
export const PaperAccountSchema = Obj({
  id: UuidSchema,
  name: Type.String(),
  currency: CurrencyCodeSchema,
  initialCashMinor: MinorUnitsSchema,
  state: literalUnion(['opening', 'active'] as const),
  accountId: UuidSchema,
  generation: Type.Integer({ minimum: 1 }),
  createdAt: TimestampSchema,
  resetAt: Nullable(TimestampSchema),
  account: Nullable(AccountSchema),
  generations: Type.Array(GenerationSchema),
});
export const PaperAccountListResponse = Obj({ paperAccounts: Type.Array(PaperAccountSchema) });

export const PerformanceQuery = Obj({
  from: Type.Optional(TimestampSchema),
  to: Type.Optional(TimestampSchema),
  interval: Type.Optional(literalUnion(PNL_INTERVALS)),
});
const Ratio = Type.Number();
export const PerformanceResponse = Obj({
  paperAccountId: UuidSchema,
  accountId: UuidSchema,
  from: TimestampSchema,
  to: TimestampSchema,
  interval: literalUnion(PNL_INTERVALS),
  periods: Type.Integer({ minimum: 0 }),
  skippedPeriods: Type.Integer({ minimum: 0 }),
  startEquityMinor: Nullable(MinorUnitsSchema),
  endEquityMinor: Nullable(MinorUnitsSchema),
  totalPnlMinor: MinorUnitsSchema,
  totalReturn: Ratio,
  maxDrawdown: Ratio,
  volatility: Nullable(Ratio),
  sharpe: Nullable(Ratio),
  winRate: Nullable(Ratio),
  bestPeriodReturn: Nullable(Ratio),
  worstPeriodReturn: Nullable(Ratio),
});

const Speed = Type.Union([Type.Number({ exclusiveMinimum: 0, maximum: 1_000_000 }), Type.Literal('max')], { description: 'Multiple of real time, or `max`' });
export const CreateSessionBody = Obj({
  paperAccountId: UuidSchema,
  symbol: SymbolSchema,
  kind: literalUnion(['trades', 'bars'] as const),
  interval: Type.Optional(BarIntervalSchema),
  from: TimestampSchema,
  to: TimestampSchema,
  speed: Type.Optional(Speed),
  play: Type.Optional(Type.Boolean({ description: 'Start playing at once (default false)' })),
});
export const ControlBody = Obj({
  action: literalUnion(['play', 'pause', 'seek', 'speed'] as const),
  time: Type.Optional(TimestampSchema),
  speed: Type.Optional(Speed),
});
const ReplayStateSchema = Obj({
  id: Type.String(),
  state: literalUnion(['paused', 'playing', 'finished', 'closed'] as const),
  speed: Speed,
  from: TimestampSchema,
  to: TimestampSchema,
  position: TimestampSchema,
  emitted: Type.Integer({ minimum: 0 }),
});
export const SessionSchema = Obj({
  id: UuidSchema,
  paperAccountId: UuidSchema,
  accountId: UuidSchema,
  symbol: SymbolSchema,
  tradingSymbol: SymbolSchema,
  kind: literalUnion(['trades', 'bars'] as const),
  interval: Nullable(BarIntervalSchema),
  replay: Nullable(ReplayStateSchema),
  prints: Type.Integer({ minimum: 0 }),
  fills: Type.Integer({ minimum: 0 }),
  lastPriceTicks: Nullable(PriceTicksSchema),
  lastPrintAt: Nullable(TimestampSchema),
  openOrders: Type.Integer({ minimum: 0 }),
});
export const SessionListResponse = Obj({ sessions: Type.Array(SessionSchema) });

export const PlaceOrderBody = Obj({
  side: literalUnion(['buy', 'sell'] as const),
  type: literalUnion(['market', 'limit'] as const),
  quantityLots: QuantityLotsSchema,
  limitPriceTicks: Type.Optional(PriceTicksSchema),
  clientOrderId: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9._:-]{1,64}$' })),
});
export const SessionOrderSchema = Obj({
  id: UuidSchema,
  clientOrderId: Type.String(),
  side: literalUnion(['buy', 'sell'] as const),
  type: literalUnion(['market', 'limit'] as const),
  limitPriceTicks: Nullable(PriceTicksSchema),
  quantityLots: QuantityLotsSchema,
  filledLots: Type.Integer({ minimum: 0 }),
  averagePriceTicks: Nullable(Type.Number({ description: 'Σ price × quantity / filled lots (display only)' })),
  status: literalUnion(['pending', 'open', 'partially_filled', 'filled', 'cancelled', 'rejected'] as const),
  reason: Nullable(Type.String()),
  createdAt: TimestampSchema,
  placedAt: Nullable(TimestampSchema),
});
export const SessionOrderListResponse = Obj({ orders: Type.Array(SessionOrderSchema) });

export const ScenarioBody = Obj({
  accountId: UuidSchema,
  shocks: Type.Optional(
    Type.Array(Obj({ symbol: Type.Optional(SymbolSchema), shockBps: Type.Integer({ minimum: -10_000, maximum: 100_000, description: 'Price move in basis points (−1000 = −10 %)' }) }), {
      maxItems: 500,
      description: 'Without `symbol`: the move of every symbol not listed',
    }),
  ),
  stressedDay: Type.Optional(DaySchema),
  limits: Type.Optional(RiskLimitsSchema),
});
const Breach = Obj({
  limit: literalUnion(['maxDailyLossTickLots', 'maxPositionLots'] as const),
  symbol: Nullable(SymbolSchema),
  limitValue: Type.Integer(),
  scenarioValue: Type.Integer(),
});
const PositionOutcome = Obj({
  symbol: SymbolSchema,
  quantityLots: Type.Integer(),
  markPriceTicks: Nullable(Type.Integer()),
  shockedPriceTicks: Nullable(Type.Integer()),
  moveBps: Type.Integer(),
  marketValueMinor: Nullable(Type.Integer()),
  shockedMarketValueMinor: Nullable(Type.Integer()),
  pnlMinor: Nullable(Type.Integer()),
  pnlTickLots: Nullable(Type.Integer()),
});
export const ScenarioResponse = Obj({
  accountId: UuidSchema,
  currency: CurrencyCodeSchema,
  equityMinor: Type.Integer(),
  shockedEquityMinor: Type.Integer(),
  positions: Type.Array(PositionOutcome),
  totalPnlMinor: Type.Integer(),
  totalPnlTickLots: Type.Integer(),
  unpricedSymbols: Type.Array(SymbolSchema),
  limitsSource: literalUnion(['request', 'account', 'default', 'none'] as const),
  limits: Nullable(RiskLimitsSchema),
  breaches: Type.Array(Breach),
});

// The replay feed routes answer like the market-data history routes (docs/market-data.md).
export const ReplayFeedQuery = Obj({
  symbol: SymbolSchema,
  order: Type.Optional(literalUnion(['asc', 'desc'] as const, { description: 'desc: newest first (default asc)' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'The newest this many (default 100)' })),
});
export const ReplayBarsQuery = Obj({ ...ReplayFeedQuery.properties, interval: BarIntervalSchema });
const QuoteSide = Nullable(Obj({ priceTicks: PriceTicksSchema, quantityLots: QuantityLotsSchema }));
export const ReplayTradesResponse = Obj({
  symbol: SymbolSchema,
  trades: Type.Array(Obj({ time: TimestampSchema, priceTicks: PriceTicksSchema, quantityLots: QuantityLotsSchema, aggressor: Nullable(literalUnion(['buy', 'sell'] as const)), tradeId: Type.String(), source: MarketSourceSchema })),
  nextCursor: Type.Null(),
});
export const ReplayQuotesResponse = Obj({
  symbol: SymbolSchema,
  quotes: Type.Array(Obj({ time: TimestampSchema, bid: QuoteSide, ask: QuoteSide, source: MarketSourceSchema })),
  nextCursor: Type.Null(),
});
export const ReplayBarsResponse = Obj({
  symbol: SymbolSchema,
  interval: BarIntervalSchema,
  bars: Type.Array(
    Obj({
      time: TimestampSchema,
      open: PriceTicksSchema,
      high: PriceTicksSchema,
      low: PriceTicksSchema,
      close: PriceTicksSchema,
      volumeLots: Type.Integer({ minimum: 0 }),
      tradeCount: Nullable(Type.Integer({ minimum: 0 })),
      vwapNumerator: Nullable(Type.String({ pattern: '^-?[0-9]+$' })),
      origin: literalUnion(['trades', 'import'] as const),
      complete: Type.Boolean(),
    }),
  ),
  gaps: Type.Array(Obj({ from: TimestampSchema, to: TimestampSchema, missingBars: Type.Integer({ minimum: 1 }) })),
  nextCursor: Type.Null(),
});
