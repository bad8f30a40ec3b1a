// The reporting service's configuration section (`reporting` in the config file,
// KESTREL_REPORTING_* in the environment); docs/configuration.md lists each key.
import { Type, type Static } from '@sinclair/typebox';

/** Schema of the `reporting` config section. */
export const ReportingConfigSchema = Type.Object(
  {
    retentionDays: Type.Integer({
      minimum: 1,
      maximum: 36500,
      default: 365,
      description: 'Days a generated report version is kept; the sweeper then deletes its object and its record. Applies to versions generated after a change.',
    }),
    sweepIntervalSeconds: Type.Integer({ minimum: 1, maximum: 86400, default: 3600, description: 'How often the retention sweeper looks for expired versions.' }),
    schedulerIntervalSeconds: Type.Integer({ minimum: 1, maximum: 3600, default: 30, description: 'How often due schedules are looked for (the resolution of cron delivery).' }),
    minScheduleIntervalSeconds: Type.Integer({
      minimum: 1,
      maximum: 86400,
      default: 300,
      description: 'Schedules may not fire more often than this (checked over their next 24 occurrences; more often: REPORT_SCHEDULE_INVALID).',
    }),
    maxRows: Type.Integer({ minimum: 1, maximum: 1000000, default: 100000, description: 'Most rows (fills or lots) one report may hold (more: REPORT_TOO_LARGE).' }),
    maxSchedulesPerUser: Type.Integer({ minimum: 1, maximum: 10000, default: 50, description: 'Most schedules one user may hold (more: REPORT_SCHEDULE_LIMIT).' }),
    smtpHost: Type.Optional(Type.String({ minLength: 1, maxLength: 255, description: 'SMTP server for e-mailed schedules. Unset: schedules can only deliver to object storage.' })),
    smtpPort: Type.Integer({ minimum: 1, maximum: 65535, default: 587, description: 'SMTP port.' }),
    smtpSecure: Type.Boolean({ default: false, description: 'true: TLS from the first byte (port 465); false: STARTTLS when the server offers it.' }),
    smtpUser: Type.Optional(Type.String({ minLength: 1, maxLength: 255, description: 'SMTP user name (with smtpPassword); unset: no authentication.' })),
    smtpPassword: Type.Optional(Type.String({ minLength: 1, maxLength: 1024, description: 'SMTP password.' })),
    portfolioUrl: Type.Optional(
      Type.String({ format: 'uri', description: 'Base URL of the portfolio service (suite shape). Absent: the portfolio mounted in this process, called in-process.' }),
    ),
    portfolioServiceToken: Type.Optional(
      Type.String({
        minLength: 32,
        maxLength: 256,
        description: 'The portfolio\'s service token, for its internal account-history routes. Absent: portfolio.serviceToken of the same process.',
      }),
    ),
    requestTimeoutMs: Type.Integer({ minimum: 100, maximum: 60000, default: 10000, description: 'Bound of each call to the portfolio (one page of history).' }),
    mailFrom: Type.String({ minLength: 3, maxLength: 320, default: 'Kestrel reports <reports@localhost>', description: 'From address of report e-mails.' }),
  },
  { additionalProperties: false },
);

/** The validated `reporting` section. */
export type ReportingConfig = Static<typeof ReportingConfigSchema>;
