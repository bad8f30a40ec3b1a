// Request and response schemas of the strategy service's routes (complete, so the OpenAPI document
// and Schemathesis see every field).
import { BAR_INTERVALS, TimestampSchema } from '@kestrel/shared';
import { Type } from '@sinclair/typebox';
import { OBJECTIVES } from '../domain/optimise/objective.js';

const Obj = <T extends Parameters<typeof Type.Object>[0]>(properties: T) => Type.Object(properties, { additionalProperties: false });
const Uuid = Type.String({ format: 'uuid' });
const Symbol = Type.String({ pattern: '^[A-Z0-9][A-Z0-9._/-]{0,31}$', description: 'Instrument symbol' });
const Params = Type.Record(Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]{0,63}$' }), Type.Union([Type.Number(), Type.Boolean(), Type.String({ maxLength: 200 })]), {
  maxProperties: 64,
  description: 'Parameter values by name (numbers, booleans or text)',
});
/** An instant in the platform's checked form (years 0001-9999, offsets up to ±15:59). */
const Timestamp = TimestampSchema;

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

const Decimal = Type.String({ pattern: '^[0-9]{1,15}(\\.[0-9]{1,10})?$' });
const JobStrategySchema = Type.Union([
  Obj({ builtin: Type.String({ pattern: '^[a-z][a-z0-9-]{0,63}$' }) }),
  Obj({ strategyId: Uuid, version: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })) }),
]);
const DataSchema = Type.Union([
  Obj({ source: Type.Literal('history'), symbol: Symbol, interval: Type.Union(BAR_INTERVALS.map((interval) => Type.Literal(interval))), from: Timestamp, to: Timestamp }),
  Obj({
    source: Type.Literal('csv'),
    csv: Type.String({ minLength: 1, maxLength: 50_000_000, description: 'OHLCV CSV text (Date/Open/High/Low/Close/Volume header in any case)' }),
    symbol: Type.Optional(Symbol),
    tickSize: Type.Optional(Type.String({ pattern: '^(0|[1-9][0-9]{0,8})(\\.[0-9]{1,10})?$' })),
  }),
]);
const CommissionSchema = Type.Union([
  Obj({ kind: Type.Literal('per-share'), rate: Decimal, minimum: Type.Optional(Decimal), maximum: Type.Optional(Decimal) }),
  Obj({ kind: Type.Literal('per-order'), amount: Decimal }),
  Obj({ kind: Type.Literal('percent'), percent: Decimal, minimum: Type.Optional(Decimal) }),
  Obj({ kind: Type.Literal('tiered'), tiers: Type.Array(Obj({ upToLots: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]), rate: Decimal }), { minItems: 1, maxItems: 20 }), minimum: Type.Optional(Decimal) }),
]);
const SlippageSchema = Type.Union([
  Obj({ kind: Type.Literal('none') }),
  Obj({ kind: Type.Literal('ticks'), ticks: Type.Integer({ minimum: 0, maximum: 1_000_000 }) }),
  Obj({ kind: Type.Literal('percent'), percent: Type.Number({ minimum: 0, maximum: 100 }) }),
  Obj({ kind: Type.Literal('volume'), coefficient: Type.Number({ minimum: 0, maximum: 1000 }), maxFraction: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })) }),
]);
const RunFields = {
  strategy: JobStrategySchema,
  params: Type.Optional(Params),
  data: DataSchema,
  cash: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,14}(\\.[0-9]{1,8})?$', default: '10000', description: 'Initial cash as decimal text in the price currency' })),
  fill: Type.Optional(
    Obj({
      market: Type.Optional(Type.Union([Type.Literal('next-open'), Type.Literal('close')])),
      limit: Type.Optional(Type.Union([Type.Literal('touch'), Type.Literal('through')])),
      maxParticipation: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1 })),
    }),
  ),
  commission: Type.Optional(Type.Array(CommissionSchema, { maxItems: 5 })),
  slippage: Type.Optional(SlippageSchema),
  seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 4294967295 })),
  allowShort: Type.Optional(Type.Boolean()),
  cashCheck: Type.Optional(Type.Boolean()),
};
/** POST /v1/backtests. */
export const BacktestBody = Obj(RunFields);
const RangeSchema = Type.Union([
  Obj({ values: Type.Array(Type.Union([Type.Number(), Type.Boolean(), Type.String({ maxLength: 100 })]), { minItems: 1, maxItems: 1000 }) }),
  Obj({ min: Type.Number(), max: Type.Number(), step: Type.Optional(Type.Number({ exclusiveMinimum: 0 })) }),
]);
/** POST /v1/optimisations. */
export const OptimisationBody = Obj({
  ...RunFields,
  space: Type.Record(Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]{0,63}$' }), RangeSchema, { minProperties: 1, maxProperties: 16 }),
  method: Type.Optional(Type.Union([Type.Literal('grid'), Type.Literal('random')], { default: 'grid' })),
  samples: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
  objective: Type.Optional(
    Type.Union(OBJECTIVES.map((name) => Type.Literal(name)), { default: 'sharpe' }),
  ),
  walkForward: Type.Optional(
    Obj({
      inSampleBars: Type.Integer({ minimum: 2, maximum: 100_000_000 }),
      outOfSampleBars: Type.Integer({ minimum: 1, maximum: 100_000_000 }),
      stepBars: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000_000 })),
      anchored: Type.Optional(Type.Boolean()),
    }),
  ),
});
const JobStatus = Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('completed'), Type.Literal('failed'), Type.Literal('cancelled')]);
/** A job. */
export const JobView = Obj({
  id: Uuid,
  ownerUserId: Uuid,
  kind: Type.Union([Type.Literal('backtest'), Type.Literal('optimisation'), Type.Literal('walk-forward')]),
  status: JobStatus,
  progress: Obj({ completed: Type.Integer({ minimum: 0 }), total: Type.Integer({ minimum: 0 }) }),
  request: Type.Record(Type.String(), Type.Unknown()),
  result: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()], { description: 'The run summary (backtest: the `kestrel backtest --json` object with trades and equity curve; optimisation: best and top 20 trials; walk-forward: windows and the combined out-of-sample result)' }),
  error: Type.Union([Obj({ code: Type.String(), message: Type.String() }), Type.Null()]),
  createdAt: Timestamp,
  finishedAt: Type.Union([Timestamp, Type.Null()]),
});
/** A job list. */
export const JobList = Obj({ jobs: Type.Array(JobView) });

/** GET /v1/optimisations/:id/curve. */
export const CurveQuery = Obj({
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 2_147_483_647, default: 0, description: 'Index of the first point of the range' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'Points in the range (default: to the end of the curve)' })),
  maxPoints: Type.Optional(
    Type.Integer({ minimum: 10, maximum: 10_000, default: 5000, description: 'Most points returned: a longer range is decimated (per bucket its lowest and highest point, plus window boundaries); page with limit <= maxPoints for every exact point' }),
  ),
});
const Integers = Type.Array(Type.Integer());
/** A range of a walk-forward's combined out-of-sample equity curve, as parallel arrays. */
export const CurveView = Obj({
  jobId: Uuid,
  points: Type.Integer({ minimum: 0, description: 'Points in the whole curve (one per out-of-sample bar)' }),
  offset: Type.Integer({ minimum: 0, description: 'First index of the range' }),
  end: Type.Integer({ minimum: 0, description: 'Index after the range' }),
  decimated: Type.Boolean({ description: 'True when the range held more than maxPoints points and only some are returned' }),
  nextOffset: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], { description: 'offset of the next range, null at the end' }),
  moneyDecimals: Type.Integer({ minimum: 0, description: 'Decimals of a minor unit' }),
  initialValue: Type.Number({ description: 'Initial cash (exact decimal)' }),
  finalValue: Type.Number({ description: 'Value at the last point (exact decimal)' }),
  windows: Type.Array(
    Obj({ index: Type.Integer({ minimum: 0 }), firstPoint: Type.Integer({ minimum: 0 }), lastPoint: Type.Integer({ minimum: 0 }), from: Timestamp, to: Timestamp }),
    { description: 'Every window\'s out-of-sample segment: its points and times' },
  ),
  indices: Type.Array(Type.Integer({ minimum: 0 }), { description: 'Index of each returned point in the whole curve' }),
  timesMs: Type.Array(Type.Number(), { description: 'Bar time of each point, ms since the epoch' }),
  values: Type.Array(Type.Number(), { description: 'Account value (exact decimal)' }),
  valuesMinor: Integers,
  drawdowns: Type.Array(Type.Number({ minimum: 0 }), { description: '1 - value / running peak of the chain (initial cash included)' }),
});
