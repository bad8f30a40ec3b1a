// TypeBox schemas of the order service's requests and of the responses that are not shared
// trading contracts (those come from shared/src/trading). Objects are closed.
import { Type, type TSchema } from '@sinclair/typebox';
import {
  ExecutionSchema,
  KILL_SWITCH_MODES,
  KILL_SWITCH_SCOPES,
  ORDER_STATUSES,
  OrderSchema,
  PARENT_ORDER_STATUSES,
  PARENT_ORDER_TYPES,
  ParentOrderSchema,
  PriceTicksSchema,
  QuantityLotsSchema,
  RISK_LIMIT_SCOPES,
  RiskLimitsSchema,
  SideSchema,
  SymbolSchema,
  TimestampSchema,
  UuidSchema,
  literalUnion,
} from '@kestrel/shared';

/** A closed object. */
const Obj = <T extends Record<string, TSchema>>(properties: T, options: Record<string, unknown> = {}) =>
  Type.Object(properties, { additionalProperties: false, ...options });

const CursorSchema = Type.String({ pattern: '^[A-Za-z0-9_-]{1,512}$', description: 'nextCursor of the previous page' });
const LimitSchema = Type.Integer({ minimum: 1, maximum: 1000, description: 'Page size (capped by KESTREL_ORDER_MAX_PAGE_SIZE; default 50)' });
const NextCursor = Type.Union([Type.String(), Type.Null()], { description: 'Pass as `cursor` for the next page; null on the last page' });

export const IdParams = Obj({ id: UuidSchema });
export const AccountParams = Obj({ accountId: UuidSchema });

/** An order as this service shows it: the shared Order plus what is pending on it. */
export const OrderViewSchema = Obj(
  {
    ...OrderSchema.properties,
    /** The child's part in its parent order (`entry`, `take-profit`, `slice-3`...). */
    parentRole: Type.Union([Type.String(), Type.Null()]),
    /** A cancel was sent to execution and not answered yet. */
    cancelPending: Type.Boolean(),
    /** A modification sent to execution and not answered yet. */
    pendingModification: Type.Union([
      Obj({
        quantityLots: QuantityLotsSchema,
        limitPriceTicks: Type.Union([PriceTicksSchema, Type.Null()]),
        stopPriceTicks: Type.Union([PriceTicksSchema, Type.Null()]),
        requestedAt: TimestampSchema,
      }),
      Type.Null(),
    ]),
  },
  { title: 'OrderView' },
);

export const OrderListQuery = Obj({
  accountId: Type.Optional(UuidSchema),
  symbol: Type.Optional(SymbolSchema),
  side: Type.Optional(SideSchema),
  status: Type.Optional(Type.Array(literalUnion(ORDER_STATUSES), { minItems: 1, maxItems: 7, description: 'One or more statuses (repeat the parameter)' })),
  open: Type.Optional(Type.Boolean({ description: 'true: only working orders (new, accepted, partially_filled); false: only ended ones (history)' })),
  parentOrderId: Type.Optional(UuidSchema),
  from: Type.Optional(TimestampSchema),
  to: Type.Optional(TimestampSchema),
  cursor: Type.Optional(CursorSchema),
  limit: Type.Optional(LimitSchema),
});
export const OrderListResponse = Obj({ orders: Type.Array(OrderViewSchema), nextCursor: NextCursor });

export const ModifyBody = Obj(
  {
    quantityLots: Type.Optional(QuantityLotsSchema),
    limitPriceTicks: Type.Optional(PriceTicksSchema),
    stopPriceTicks: Type.Optional(PriceTicksSchema),
  },
  { minProperties: 1, description: 'New total quantity and/or prices' },
);

export const CancelAllQuery = Obj({ accountId: Type.Optional(UuidSchema), symbol: Type.Optional(SymbolSchema) });
export const CancelAllResponse = Obj({ orderIds: Type.Array(UuidSchema), parentOrderIds: Type.Array(UuidSchema) });

export const ExecutionListQuery = Obj({
  accountId: Type.Optional(UuidSchema),
  orderId: Type.Optional(UuidSchema),
  symbol: Type.Optional(SymbolSchema),
  side: Type.Optional(SideSchema),
  from: Type.Optional(TimestampSchema),
  to: Type.Optional(TimestampSchema),
  cursor: Type.Optional(CursorSchema),
  limit: Type.Optional(LimitSchema),
});
export const ExecutionListResponse = Obj({ executions: Type.Array(ExecutionSchema), nextCursor: NextCursor });

export const ParentListQuery = Obj({
  accountId: Type.Optional(UuidSchema),
  symbol: Type.Optional(SymbolSchema),
  type: Type.Optional(literalUnion(PARENT_ORDER_TYPES)),
  status: Type.Optional(Type.Array(literalUnion(PARENT_ORDER_STATUSES), { minItems: 1, maxItems: 4 })),
  cursor: Type.Optional(CursorSchema),
  limit: Type.Optional(LimitSchema),
});
export const ParentListResponse = Obj({ parentOrders: Type.Array(ParentOrderSchema), nextCursor: NextCursor });

const SettingFields = {
  commandId: UuidSchema,
  updatedBy: UuidSchema,
  updatedAt: TimestampSchema,
  /** Execution's answer: null until it arrives. */
  applied: Type.Union([Type.Boolean(), Type.Null()]),
  appliedReason: Type.Union([Type.String(), Type.Null()]),
  appliedAt: Type.Union([TimestampSchema, Type.Null()]),
};

export const RiskLimitsSettingSchema = Obj(
  { scope: literalUnion(RISK_LIMIT_SCOPES), accountId: Type.Union([UuidSchema, Type.Null()]), limits: Type.Union([RiskLimitsSchema, Type.Null()]), ...SettingFields },
  { title: 'RiskLimitsSetting' },
);
export const RiskLimitsListResponse = Obj({ limits: Type.Array(RiskLimitsSettingSchema) });

export const KillSwitchBody = Obj({
  scope: literalUnion(KILL_SWITCH_SCOPES),
  accountId: Type.Optional(UuidSchema),
  mode: literalUnion(KILL_SWITCH_MODES),
  reason: Type.String({ minLength: 1, maxLength: 500 }),
});
export const KillSwitchSettingSchema = Obj(
  {
    scope: literalUnion(KILL_SWITCH_SCOPES),
    accountId: Type.Union([UuidSchema, Type.Null()]),
    mode: literalUnion(KILL_SWITCH_MODES),
    reason: Type.String(),
    ...SettingFields,
  },
  { title: 'KillSwitchSetting' },
);
export const KillSwitchResponse = Obj({ killSwitch: KillSwitchSettingSchema, cancelledParentOrderIds: Type.Array(UuidSchema) });
export const KillSwitchListResponse = Obj({ killSwitches: Type.Array(KillSwitchSettingSchema) });

/** GET /v1/internal/risk-settings: the account whose settings another service applies. */
export const InternalRiskSettingsQuery = Obj({ accountId: UuidSchema });
export const InternalRiskSettingsResponse = Obj(
  {
    accountId: UuidSchema,
    limits: Type.Union([RiskLimitsSchema, Type.Null()], { description: "The account's override, else the default limits; null when neither is set" }),
    limitsSource: Type.Union([Type.Literal('account'), Type.Literal('default'), Type.Null()], { description: 'Where `limits` comes from' }),
    accountKill: literalUnion(KILL_SWITCH_MODES),
    globalKill: literalUnion(KILL_SWITCH_MODES),
  },
  { title: 'AccountRiskSettings' },
);

export const RiskAuditQuery = Obj({ cursor: Type.Optional(CursorSchema), limit: Type.Optional(LimitSchema) });
export const RiskAuditResponse = Obj({
  entries: Type.Array(
    Obj({
      id: Type.Integer({ minimum: 1 }),
      at: TimestampSchema,
      actorUserId: UuidSchema,
      target: Type.String(),
      action: Type.String(),
      before: Type.Unknown(),
      after: Type.Unknown(),
      reason: Type.Union([Type.String(), Type.Null()]),
      commandId: UuidSchema,
      requestId: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  nextCursor: NextCursor,
});
