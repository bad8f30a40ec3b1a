// Runs due schedules: claims them (moving next_run_at forward first, so an occurrence runs at
// most once even with several instances), generates a new version of each schedule's report, and
// e-mails it to the schedule's recipients when it has any. A failed run is recorded on the
// schedule (last_error) and the schedule stays on its cron; it is not retried before its next
// occurrence. Known limit: an occurrence missed while no instance was running is run once when
// one starts, not once per missed occurrence.
import type pg from 'pg';
import type { CoreDeps } from '@kestrel/server-common';
import { nextOccurrence } from '../domain/cron-schedule.js';
import type { ReportingMetrics } from '../reporting-metrics.js';
import type { Mailer } from '../services/mailer.js';
import type { Generated, ReportGenerator } from '../services/generator.js';
import { claimDueSchedules, findReport, recordRunOutcome, type ScheduleRecord } from '../store/reports-store.js';

/** The process logger type. */
type Logger = CoreDeps['logger'];

/** Schedules claimed per pass. */
const BATCH = 20;

/** What a schedule run needs. */
export interface ScheduleRunnerOptions {
  db: pg.Pool;
  generator: ReportGenerator;
  mailer: Mailer | null;
  logger: Logger;
  metrics?: ReportingMetrics;
}

/** Runs one schedule now: a new version, then the e-mail if the schedule has recipients. */
export async function runSchedule(options: ScheduleRunnerOptions, schedule: ScheduleRecord): Promise<Generated> {
  const report = await findReport(options.db, schedule.reportId);
  if (!report) throw new Error('the schedule\'s report no longer exists');
  const generated = await options.generator.generate(report, 'schedule');
  if (schedule.emailTo.length > 0) {
    if (!options.mailer) throw new Error('no SMTP server is configured (reporting.smtpHost)');
    await options.mailer.send({
      to: schedule.emailTo,
      subject: `Kestrel report: ${report.name} (version ${generated.version.version})`,
      text:
        `Your scheduled ${report.definition.kind} report "${report.name}" for ` +
        `${generated.version.periodFrom.toISOString()} to ${generated.version.periodTo.toISOString()} is attached.\n` +
        `It is also kept in Kestrel as version ${generated.version.version} until ${generated.version.expiresAt.toISOString()}.\n`,
      attachment: { fileName: generated.fileName, contentType: generated.version.contentType, content: generated.body },
    });
  }
  return generated;
}

/** Claims and runs every due schedule; returns how many ran successfully. */
export async function runDueSchedules(options: ScheduleRunnerOptions, now: Date): Promise<number> {
  const due = await claimDueSchedules(options.db, now, BATCH, (schedule) => nextOccurrence(schedule.cron, schedule.timeZone, now));
  let succeeded = 0;
  for (const schedule of due) {
    try {
      const generated = await runSchedule(options, schedule);
      await recordRunOutcome(options.db, schedule.id, null);
      options.metrics?.scheduleRuns.inc({ outcome: 'delivered' });
      options.logger.info({ scheduleId: schedule.id, reportId: schedule.reportId, version: generated.version.version }, 'scheduled report delivered');
      succeeded++;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await recordRunOutcome(options.db, schedule.id, message.slice(0, 1000));
      options.metrics?.scheduleRuns.inc({ outcome: 'failed' });
      options.logger.warn({ scheduleId: schedule.id, err: error }, 'scheduled report failed');
    }
  }
  return succeeded;
}
