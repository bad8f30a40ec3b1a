// What a report is: its kind, output format, account, period and (custom reports) columns and
// filters. Stored as JSON with the report, so a regeneration or a scheduled run produces the same
// report over a new period. Invariant: a period is either absolute (`from`/`to`) or relative
// (`lookbackDays` ending at `to` or at the moment of generation), resolved to [from, to) in UTC.
import { Type, type Static, type TString } from '@sinclair/typebox';
import { SymbolSchema, TimestampSchema, UuidSchema, instantMillis, literalUnion } from '@kestrel/shared';

/** Report kinds. */
export const REPORT_KINDS = ['trade-history', 'performance', 'tax', 'custom'] as const;
/** One report kind. */
export type ReportKind = (typeof REPORT_KINDS)[number];

/** Output formats. */
export const REPORT_FORMATS = ['csv', 'pdf'] as const;
/** One output format. */
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Columns a trade-history or custom report can show, in their default order. */
export const FILL_COLUMNS = [
  'executedAt',
  'symbol',
  'side',
  'quantity',
  'price',
  'notional',
  'fee',
  'realisedPnl',
  'cashDelta',
  'orderId',
  'executionId',
] as const;
/** One fill column. */
export type FillColumn = (typeof FILL_COLUMNS)[number];

function instantSchema(description: string): TString {
  return Type.String({ format: 'date-time', pattern: TimestampSchema.pattern, description });
}

/** Schema of a report period. */
export const PeriodSchema = Type.Object(
  {
    from: Type.Optional(instantSchema('Start (inclusive). Absent: `lookbackDays` before `to`.')),
    to: Type.Optional(instantSchema('End (exclusive). Absent: the moment of generation.')),
    lookbackDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 36500, description: 'Length of a relative period, in days (schedules use this).' })),
  },
  { additionalProperties: false },
);

/** Schema of a report definition. */
export const ReportDefinitionSchema = Type.Object(
  {
    kind: literalUnion(REPORT_KINDS),
    format: literalUnion(REPORT_FORMATS),
    accountId: UuidSchema,
    period: PeriodSchema,
    columns: Type.Optional(
      Type.Array(literalUnion(FILL_COLUMNS), { minItems: 1, maxItems: FILL_COLUMNS.length, uniqueItems: true, description: 'Custom reports: the columns, in order.' }),
    ),
    filters: Type.Optional(
      Type.Object(
        {
          symbols: Type.Optional(Type.Array(SymbolSchema, { minItems: 1, maxItems: 100, uniqueItems: true })),
          side: Type.Optional(literalUnion(['buy', 'sell'] as const)),
        },
        { additionalProperties: false },
      ),
    ),
    riskFreeRateBps: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000, description: 'Performance reports: annual risk-free rate for Sharpe and Sortino, in basis points.' })),
  },
  { additionalProperties: false },
);
/** A report definition. */
export type ReportDefinition = Static<typeof ReportDefinitionSchema>;

/** A resolved period: [from, to) in epoch milliseconds. */
export interface ResolvedPeriod {
  fromMs: number;
  toMs: number;
}

const DAY_MS = 86_400_000;
/** Reports start no earlier than the Unix epoch (no account predates it). */
const MIN_MS = 0;

/** Why a period cannot be resolved (the caller turns it into REPORT_INVALID_PERIOD). */
export class PeriodError extends Error {}

/** Resolves a period at `nowMs`; throws PeriodError when it is empty, reversed or ambiguous. */
export function resolvePeriod(period: Static<typeof PeriodSchema>, nowMs: number): ResolvedPeriod {
  if (period.from !== undefined && period.lookbackDays !== undefined) throw new PeriodError('give either `from` or `lookbackDays`, not both');
  const toMs = period.to === undefined ? nowMs : instantMillis(period.to);
  if (toMs === null) throw new PeriodError('`to` is outside the supported instants');
  let fromMs: number | null;
  if (period.from !== undefined) fromMs = instantMillis(period.from);
  else if (period.lookbackDays !== undefined) fromMs = toMs - period.lookbackDays * DAY_MS;
  else throw new PeriodError('give `from` or `lookbackDays`');
  if (fromMs === null || fromMs < MIN_MS) throw new PeriodError('the period starts before 1970-01-01');
  if (!(toMs > fromMs)) throw new PeriodError('`from` must be before `to`');
  return { fromMs, toMs };
}
