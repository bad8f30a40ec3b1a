// Maps stored records to their API shapes.
import type { Static } from '@sinclair/typebox';
import type { ReportRecord, ScheduleRecord, VersionRecord } from '../store/reports-store.js';
import type { ReportSchema, ScheduleSchema, VersionSchema } from './schemas.js';

/** The API shape of a version. */
export function versionView(version: VersionRecord): Static<typeof VersionSchema> {
  return {
    version: version.version,
    contentType: version.contentType,
    sizeBytes: version.sizeBytes,
    periodFrom: version.periodFrom.toISOString(),
    periodTo: version.periodTo.toISOString(),
    rows: version.rows,
    trigger: version.trigger,
    createdAt: version.createdAt.toISOString(),
    expiresAt: version.expiresAt.toISOString(),
    downloadPath: `/v1/reports/${version.reportId}/download?version=${version.version}`,
  };
}

/** The API shape of a report. */
export function reportView(report: ReportRecord, versions: readonly VersionRecord[]): Static<typeof ReportSchema> {
  return {
    id: report.id,
    name: report.name,
    accountId: report.accountId,
    definition: report.definition,
    latestVersion: report.latestVersion,
    createdAt: report.createdAt.toISOString(),
    versions: versions.map(versionView),
  };
}

/** The API shape of a schedule. */
export function scheduleView(schedule: ScheduleRecord, report: ReportRecord): Static<typeof ScheduleSchema> {
  return {
    id: schedule.id,
    reportId: schedule.reportId,
    name: report.name,
    definition: report.definition,
    cron: schedule.cron,
    timeZone: schedule.timeZone,
    emailTo: schedule.emailTo,
    enabled: schedule.enabled,
    nextRunAt: schedule.nextRunAt.toISOString(),
    lastRunAt: schedule.lastRunAt?.toISOString() ?? null,
    lastError: schedule.lastError,
    createdAt: schedule.createdAt.toISOString(),
  };
}
