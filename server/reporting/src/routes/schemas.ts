// Request and response schemas of the /v1/reports and /v1/report-schedules routes (TypeBox, so
// they validate requests and feed the OpenAPI document).
import { Type } from '@sinclair/typebox';
import { TimestampSchema, UuidSchema } from '@kestrel/shared';
import { ReportDefinitionSchema } from '../domain/definition.js';

/** Path parameter `id`. */
export const IdParams = Type.Object({ id: UuidSchema }, { additionalProperties: false });

/** Paging of list routes. */
export const ListQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000, default: 0 })),
  },
  { additionalProperties: false },
);

/** Query of the download route. */
export const DownloadQuery = Type.Object(
  { version: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647, description: 'Version to download; default the newest kept one.' })) },
  { additionalProperties: false },
);

const NameSchema = Type.String({ minLength: 1, maxLength: 200, description: 'Display name; default derived from the kind.' });

/** Body of POST /v1/reports. */
export const CreateReportBody = Type.Object({ name: Type.Optional(NameSchema), definition: ReportDefinitionSchema }, { additionalProperties: false });

/** One generated version. */
export const VersionSchema = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    contentType: Type.String(),
    sizeBytes: Type.Integer({ minimum: 0 }),
    periodFrom: TimestampSchema,
    periodTo: TimestampSchema,
    rows: Type.Integer({ minimum: 0, description: 'Fills, lots or days in the report.' }),
    trigger: Type.Union([Type.Literal('request'), Type.Literal('schedule')]),
    createdAt: TimestampSchema,
    expiresAt: TimestampSchema,
    downloadPath: Type.String({ description: 'GET this path (through the gateway) to download the file.' }),
  },
  { additionalProperties: false },
);

/** A report and its kept versions, newest first. */
export const ReportSchema = Type.Object(
  {
    id: UuidSchema,
    name: Type.String(),
    accountId: UuidSchema,
    definition: ReportDefinitionSchema,
    latestVersion: Type.Integer({ minimum: 0 }),
    createdAt: TimestampSchema,
    versions: Type.Array(VersionSchema),
  },
  { additionalProperties: false },
);

/** GET /v1/reports. */
export const ReportListResponse = Type.Object({ reports: Type.Array(ReportSchema) }, { additionalProperties: false });

/** Body of POST /v1/report-schedules. */
export const CreateScheduleBody = Type.Object(
  {
    name: Type.Optional(NameSchema),
    definition: ReportDefinitionSchema,
    cron: Type.String({ minLength: 9, maxLength: 120, description: 'Cron expression: 5 fields (minute hour day month weekday) or 6 with seconds first.' }),
    timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64, default: 'UTC', description: 'IANA time zone the expression is read in.' })),
    emailTo: Type.Optional(
      Type.Array(Type.String({ format: 'email', maxLength: 254 }), { maxItems: 10, uniqueItems: true, description: 'Recipients; empty: store only.' }),
    ),
  },
  { additionalProperties: false },
);

/** A schedule. */
export const ScheduleSchema = Type.Object(
  {
    id: UuidSchema,
    reportId: UuidSchema,
    name: Type.String(),
    definition: ReportDefinitionSchema,
    cron: Type.String(),
    timeZone: Type.String(),
    emailTo: Type.Array(Type.String()),
    enabled: Type.Boolean({ description: 'False once the expression has no further occurrence.' }),
    nextRunAt: TimestampSchema,
    lastRunAt: Type.Union([TimestampSchema, Type.Null()]),
    lastError: Type.Union([Type.String(), Type.Null()]),
    createdAt: TimestampSchema,
  },
  { additionalProperties: false },
);

/** GET /v1/report-schedules. */
export const ScheduleListResponse = Type.Object({ schedules: Type.Array(ScheduleSchema) }, { additionalProperties: false });

/** The bytes of a download, as OpenAPI describes them. */
export const DownloadResponse = {
  description: 'The report file (CSV or PDF), as an attachment.',
  content: {
    'application/pdf': { schema: { type: 'string', format: 'binary' } },
    'text/csv': { schema: { type: 'string' } },
  },
} as const;
