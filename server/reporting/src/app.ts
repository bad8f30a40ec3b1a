// The reporting service as a Kestrel ServiceModule: /v1/reports and /v1/report-schedules, its
// migrations, its config section, and two background jobs — the schedule runner (cron delivery to
// object storage and e-mail) and the retention sweeper. Data comes from the portfolio's internal
// account-history routes (clients/portfolio-client.ts), never from its tables or its package.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineService } from '@kestrel/server-common';
import { PortfolioClient, httpTransport, injectTransport } from './clients/portfolio-client.js';
import { ReportingConfigSchema } from './config.js';
import { startPeriodic } from './jobs/periodic.js';
import { sweepExpiredVersions, sweepOrphanObjects } from './jobs/retention-sweeper.js';
import { runDueSchedules } from './jobs/schedule-runner.js';
import { createReportingMetrics } from './reporting-metrics.js';
import { reportRoutes } from './routes/report-routes.js';
import { scheduleRoutes } from './routes/schedule-routes.js';
import { ReportGenerator } from './services/generator.js';
import { createMailer } from './services/mailer.js';

/** Objects younger than this are never orphans: their generation may still be recording them. */
const ORPHAN_GRACE_MS = 24 * 3_600_000;

/** The reporting service. */
export const reportingService = defineService({
  name: 'reporting',
  migrationsDir: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../migrations'),
  config: ReportingConfigSchema,
  async plugin(app, deps) {
    const config = deps.serviceConfig;
    const logger = deps.logger.child({ service: 'reporting' });
    const metrics = createReportingMetrics(deps.metrics.registry);
    const token = config.portfolioServiceToken ?? (deps.config.sections['portfolio']?.serviceToken as string | undefined);
    if (token === undefined) logger.warn('no portfolio service token (KESTREL_REPORTING_PORTFOLIO_SERVICE_TOKEN or KESTREL_PORTFOLIO_SERVICE_TOKEN): reports cannot be generated');
    const transport = config.portfolioUrl ? httpTransport(config.portfolioUrl, config.requestTimeoutMs) : injectTransport(app, config.requestTimeoutMs);
    const portfolio = new PortfolioClient(transport, token);
    const generator = new ReportGenerator({ db: deps.db, portfolio, storage: deps.storage, retentionDays: config.retentionDays, maxRows: config.maxRows, metrics });
    const mailer = createMailer(config);
    const runner = { db: deps.db, generator, mailer, logger, metrics };
    await app.register(reportRoutes, { db: deps.db, storage: deps.storage, generator });
    await app.register(scheduleRoutes, { ...runner, maxSchedulesPerUser: config.maxSchedulesPerUser, minIntervalSeconds: config.minScheduleIntervalSeconds });

    const scheduler = startPeriodic('schedules', config.schedulerIntervalSeconds * 1000, async () => {
      await runDueSchedules(runner, new Date());
    }, logger);
    const sweeper = startPeriodic('retention', config.sweepIntervalSeconds * 1000, async () => {
      const now = new Date();
      const deleted = await sweepExpiredVersions(deps.db, deps.storage, now);
      const orphans = await sweepOrphanObjects(deps.db, deps.storage, now, ORPHAN_GRACE_MS);
      metrics.swept.inc({ reason: 'expired' }, deleted);
      metrics.swept.inc({ reason: 'orphan' }, orphans);
      if (deleted + orphans > 0) logger.info({ deleted, orphans }, 'expired report versions and orphan objects deleted');
    }, logger);
    deps.lifecycle.onClose('reporting jobs', async () => {
      await scheduler.stop();
      await sweeper.stop();
      mailer?.close();
    });
  },
});
