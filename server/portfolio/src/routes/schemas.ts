// TypeBox schemas of the portfolio routes' requests and of the few responses that are not shared
// trading contracts (those come from shared/src/trading). Objects are closed.
import { Type, type TSchema } from '@sinclair/typebox';
import {
  ACCOUNT_TYPES,
  AccountSchema,
  BuyingPowerCheckRequestSchema,
  BuyingPowerCheckResultSchema,
  CurrencyCodeSchema,
  DaySchema,
  InstrumentSchema,
  LotMethodSchema,
  MAX_SAFE_AMOUNT,
  MarginPolicySchema,
  MinorUnitsSchema,
  PNL_INTERVALS,
  PnlPointSchema,
  PositionSchema,
  PriceTicksSchema,
  SymbolSchema,
  TimestampSchema,
  UuidSchema,
  literalUnion,
} from '@kestrel/shared';
import { CHECKS_BATCH, DAILY_CLOSES_BATCH, INSTRUMENTS_BATCH, MARKS_BATCH } from './batch-limits.js';

/** A closed object. */
const Obj = <T extends Record<string, TSchema>>(properties: T) => Type.Object(properties, { additionalProperties: false });

export const AccountIdParams = Obj({ id: UuidSchema });
export const AccountQuery = Obj({ accountId: UuidSchema });

export const ListAccountsQuery = Obj({
  ownerUserId: Type.Optional(Type.Union([UuidSchema, Type.Literal('all')], { description: 'risk/admin only: another owner, or `all`' })),
});
export const AccountListResponse = Obj({ accounts: Type.Array(AccountSchema) });

export const OpenAccountBody = Obj({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  currency: CurrencyCodeSchema,
  type: literalUnion(ACCOUNT_TYPES, { description: '`margin` is admin-only' }),
  lotMethod: Type.Optional(LotMethodSchema),
  marginPolicy: Type.Optional(MarginPolicySchema),
  ownerUserId: Type.Optional(UuidSchema),
});

export const DepositBody = Obj({
  amountMinor: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'Amount in minor units of the account currency' }),
  reference: Type.String({ pattern: '^[A-Za-z0-9._:/-]{1,128}$', description: 'Idempotency key: a repeated reference with the same amount changes nothing' }),
});
export const DepositResponse = Obj({
  deposit: Obj({
    id: UuidSchema,
    accountId: UuidSchema,
    amountMinor: MinorUnitsSchema,
    reference: Type.String(),
    createdBy: UuidSchema,
    createdAt: TimestampSchema,
  }),
  account: AccountSchema,
});

/** Funding by another service (the simulation service's paper accounts), on behalf of `createdBy`. */
export const InternalDepositBody = Obj({ accountId: UuidSchema, ...DepositBody.properties, createdBy: UuidSchema });

export const PositionsQuery = Obj({
  accountId: Type.Optional(UuidSchema),
  includeLots: Type.Optional(Type.Boolean({ default: false })),
  includeFlat: Type.Optional(Type.Boolean({ default: false, description: 'also positions closed to zero (they carry realised P&L)' })),
});
export const PositionsResponse = Obj({ positions: Type.Array(PositionSchema) });

export const PnlQuery = Obj({
  accountId: UuidSchema,
  from: Type.Optional(TimestampSchema),
  to: Type.Optional(TimestampSchema),
  interval: Type.Optional(literalUnion(PNL_INTERVALS, { default: '1h' })),
});
export const PnlResponse = Obj({
  accountId: UuidSchema,
  currency: CurrencyCodeSchema,
  from: TimestampSchema,
  to: TimestampSchema,
  interval: literalUnion(PNL_INTERVALS),
  current: PnlPointSchema,
  points: Type.Array(PnlPointSchema),
});

export const ReleaseBody = Obj({ orderId: UuidSchema });
/** A batch of buying-power checks, decided in this order. */
export const ChecksBody = Obj({ checks: Type.Array(BuyingPowerCheckRequestSchema, { minItems: 1, maxItems: CHECKS_BATCH.maxItems }) });
/** One answer per check, in the same order: the result, or the error that check alone would have answered. */
export const ChecksResponse = Obj({
  outcomes: Type.Array(Type.Union([Obj({ result: BuyingPowerCheckResultSchema }), Obj({ error: Obj({ code: Type.String(), status: Type.Integer(), message: Type.String() }) })])),
});

export const ReleaseResponse = Obj({ orderId: UuidSchema, releasedMinor: MinorUnitsSchema });

export const InstrumentsBody = Obj({
  instruments: Type.Array(InstrumentSchema, {
    minItems: 1,
    maxItems: INSTRUMENTS_BATCH.maxItems,
    description: 'A symbol given twice: the later definition wins',
  }),
});
export const MarksBody = Obj({
  marks: Type.Array(Obj({ symbol: SymbolSchema, priceTicks: PriceTicksSchema, asOf: TimestampSchema }), {
    minItems: 1,
    maxItems: MARKS_BATCH.maxItems,
    description: 'A symbol given twice: the newer asOf wins (the later entry on a tie), as for separate requests',
  }),
});
export const MarksResponse = Obj({ updatedSymbols: Type.Array(SymbolSchema), revaluedAccounts: Type.Integer({ minimum: 0 }) });
export const DailyClosesBody = Obj({
  closes: Type.Array(Obj({ symbol: SymbolSchema, day: DaySchema, closeTicks: Type.Integer({ minimum: 1, maximum: MAX_SAFE_AMOUNT }) }), {
    minItems: 1,
    maxItems: DAILY_CLOSES_BATCH.maxItems,
    description: 'A symbol and day given twice: the later close wins',
  }),
});
export const CountResponse = Obj({ stored: Type.Integer({ minimum: 0, description: 'Distinct entries written (symbols, or symbol and day pairs)' }) });
