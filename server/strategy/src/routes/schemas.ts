// Request and response schemas of the strategy service's routes (complete, so the OpenAPI document
// and Schemathesis see every field).
import { BAR_INTERVALS } from '@kestrel/shared';
import { Type } from '@sinclair/typebox';

const Obj = <T extends Parameters<typeof Type.Object>[0]>(properties: T) => Type.Object(properties, { additionalProperties: false });
const Uuid = Type.String({ format: 'uuid' });
const Symbol = Type.String({ pattern: '^[A-Za-z0-9._:/-]{1,32}$' });
const Params = Type.Record(Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]{0,63}$' }), Type.Union([Type.Number(), Type.Boolean(), Type.String({ maxLength: 200 })]), {
  maxProperties: 64,
  description: 'Parameter values by name (numbers, booleans or text)',
});
const Timestamp = Type.String({ format: 'date-time' });

/** `:id` of a strategy, deployment or job. */
export const IdParams = Obj({ id: Uuid });
/** `:id/versions/:version`. */
export const VersionParams = Obj({ id: Uuid, version: Type.Integer({ minimum: 1, maximum: 1_000_000 }) });
/** A list's `limit`. */
export const LimitQuery = Obj({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })) });

const VersionFields = {
  builtin: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9-]{0,63}$', description: 'A built-in strategy id (sma-cross, rsi-mean-reversion, donchian-breakout, market-maker)' })),
  source: Type.Optional(Type.String({ minLength: 1, maxLength: 4_194_304, description: 'TypeScript or JavaScript module whose default export is defineStrategy({...}); may import only @kestrel/shared' })),
  language: Type.Optional(Type.Union([Type.Literal('typescript'), Type.Literal('javascript')], { default: 'typescript' })),
  params: Type.Optional(Params),
  note: Type.Optional(Type.String({ maxLength: 500 })),
};

/** POST /v1/strategies. */
export const CreateStrategyBody = Obj({
  name: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}$' }),
  description: Type.Optional(Type.String({ maxLength: 500 })),
  ...VersionFields,
});
/** POST /v1/strategies/:id/versions. */
export const NewVersionBody = Obj(VersionFields);

const ParamSpecView = Type.Record(Type.String(), Type.Object({}, { additionalProperties: true }), { description: 'The strategy\'s parameter declarations (defineParams)' });

/** A stored strategy. */
export const StrategyView = Obj({
  id: Uuid,
  ownerUserId: Uuid,
  name: Type.String(),
  description: Type.String(),
  latestVersion: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
/** A stored version. */
export const VersionView = Obj({
  strategyId: Uuid,
  version: Type.Integer(),
  kind: Type.Union([Type.Literal('builtin'), Type.Literal('source')]),
  builtin: Type.Union([Type.String(), Type.Null()]),
  language: Type.Union([Type.Literal('typescript'), Type.Literal('javascript'), Type.Null()]),
  source: Type.Union([Type.String(), Type.Null()]),
  strategyName: Type.String(),
  paramSpecs: ParamSpecView,
  params: Type.Record(Type.String(), Type.Unknown()),
  note: Type.String(),
  createdAt: Timestamp,
});
/** A strategy with its latest version. */
export const StrategyWithVersion = Obj({ strategy: StrategyView, version: VersionView });
/** GET /v1/strategies. */
export const StrategyList = Obj({ strategies: Type.Array(StrategyView) });
/** GET /v1/strategies/:id/versions. */
export const VersionList = Obj({ versions: Type.Array(VersionView) });

const Status = Type.Union([Type.Literal('running'), Type.Literal('paused'), Type.Literal('stopped'), Type.Literal('failed')]);

/** POST /v1/strategy-deployments. */
export const StartBody = Obj({
  strategyId: Uuid,
  version: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'Default: the latest version' })),
  accountId: Uuid,
  symbols: Type.Array(Symbol, { minItems: 1, maxItems: 20, uniqueItems: true }),
  barInterval: Type.Union(BAR_INTERVALS.map((interval) => Type.Literal(interval)), { default: '1m' }),
  params: Type.Optional(Params),
});
/** GET /v1/strategy-deployments. */
export const DeploymentListQuery = Obj({
  status: Type.Optional(Status),
  strategyId: Type.Optional(Uuid),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
});
/** A deployment. */
export const DeploymentView = Obj({
  id: Uuid,
  ownerUserId: Uuid,
  strategyId: Uuid,
  version: Type.Integer(),
  accountId: Uuid,
  mode: Type.Union([Type.Literal('paper'), Type.Literal('live')]),
  symbols: Type.Array(Type.String()),
  barInterval: Type.String(),
  params: Type.Record(Type.String(), Type.Unknown()),
  status: Status,
  error: Type.Union([Obj({ code: Type.String(), message: Type.String() }), Type.Null()]),
  startedAt: Timestamp,
  stoppedAt: Type.Union([Timestamp, Type.Null()]),
  updatedAt: Timestamp,
});
/** GET /v1/strategy-deployments. */
export const DeploymentList = Obj({ deployments: Type.Array(DeploymentView) });
/** GET /v1/strategy-deployments/:id/performance. */
export const PerformanceView = Obj({
  deploymentId: Uuid,
  status: Status,
  pnlMinor: Type.Integer({ description: 'Realised + unrealised P&L of the deployment\'s own fills at the latest mark, minus fees' }),
  currentDrawdownMinor: Type.Integer(),
  maxDrawdownMinor: Type.Integer(),
  positions: Type.Record(Type.String(), Type.Integer()),
  orders: Type.Record(Type.String(), Type.Integer(), { description: 'Order count by status' }),
  fills: Type.Integer(),
  feesMinor: Type.Integer(),
  errors: Type.Integer({ description: 'Warnings and errors recorded' }),
  error: Type.Union([Obj({ code: Type.String(), message: Type.String() }), Type.Null()]),
});
/** GET /v1/strategy-deployments/:id/events. */
export const EventList = Obj({
  events: Type.Array(Obj({ id: Type.Integer(), level: Type.String(), code: Type.Union([Type.String(), Type.Null()]), message: Type.String(), at: Timestamp })),
});
/** GET /v1/strategy-deployments/:id/orders. */
export const DeploymentOrderList = Obj({
  orders: Type.Array(
    Obj({
      clientOrderId: Type.String(),
      orderId: Type.Union([Uuid, Type.Null()]),
      symbol: Type.String(),
      side: Type.String(),
      type: Type.String(),
      quantityLots: Type.Integer(),
      status: Type.String(),
      rejectReason: Type.Union([Type.String(), Type.Null()]),
      filledLots: Type.Integer(),
      createdAt: Timestamp,
      updatedAt: Timestamp,
    }),
  ),
});
