// Error codes of the reporting service. Every code is AREA_REASON, has one HTTP status and is
// documented in docs/errors.md (server/cli/test/docs.test.ts checks that). Requests that match
// their schema but break a rule the schema cannot express answer 422, never 400 nor 500.
import { KestrelError, defineErrors, type ErrorCode } from '@kestrel/server-common';

/** Error codes raised by the reporting service. */
export const ReportErrors = defineErrors({
  REPORT_UNAUTHENTICATED: { status: 401, description: 'The request carries no authenticated principal (the gateway attaches one).' },
  REPORT_FORBIDDEN: { status: 403, description: 'The caller lacks the permission this route needs.' },
  REPORT_NOT_FOUND: {
    status: 404,
    description: 'No report, report version or schedule with this id is visible to the caller (other users\' reports answer the same way); an expired version is gone too.',
  },
  REPORT_ACCOUNT_NOT_FOUND: { status: 404, description: 'No account with this id is visible to the caller (other users\' accounts answer the same way).' },
  REPORT_INVALID_PERIOD: {
    status: 422,
    description: 'The report period is empty, reversed, names both a lookback and a start, or lies outside 1970-01-01 … 9999-12-31.',
  },
  REPORT_TOO_LARGE: { status: 422, description: 'The report would hold more rows than `reporting.maxRows`; choose a shorter period or narrower filters.' },
  REPORT_SCHEDULE_INVALID: { status: 422, description: 'The cron expression or the IANA time zone of a schedule is not valid, it never fires, or it fires more often than `reporting.minScheduleIntervalSeconds`.' },
  REPORT_SCHEDULE_LIMIT: { status: 422, description: 'The caller already has `reporting.maxSchedulesPerUser` schedules.' },
  REPORT_UPSTREAM_UNAVAILABLE: {
    status: 503,
    description: 'The portfolio service did not answer an account or history read usefully (down, timed out, refused the service token, malformed answer); retry later.',
  },
  REPORT_EMAIL_UNAVAILABLE: { status: 422, description: 'A schedule asks for e-mail delivery but no SMTP server is configured (`reporting.smtpHost`).' },
});

/** Codes of ReportErrors. */
export type ReportErrorCode = keyof typeof ReportErrors;

/** Builds the KestrelError for a reporting code. */
export function reportError(code: ReportErrorCode, message: string, details?: unknown): KestrelError {
  const spec: ErrorCode = ReportErrors[code];
  return new KestrelError(spec, message, details === undefined ? {} : { details });
}
