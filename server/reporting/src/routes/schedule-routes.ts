// /v1/report-schedules: create (with its own report), list, read, run now, delete. A schedule's
// report keeps every version its runs generate; deleting the schedule keeps the report.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type pg from 'pg';
import { withTransaction } from '@kestrel/server-common';
import { requireCaller, seesAllAccounts } from '../access.js';
import { CronScheduleError, firstOccurrence, shortestInterval } from '../domain/cron-schedule.js';
import { reportError } from '../errors.js';
import { runSchedule, type ScheduleRunnerOptions } from '../jobs/schedule-runner.js';
import { checkPeriod } from '../services/generator.js';
import {
  countSchedules,
  deleteSchedule,
  findOwnedSchedule,
  findReport,
  insertReport,
  insertSchedule,
  listSchedules,
  recordRunOutcome,
} from '../store/reports-store.js';
import { CreateScheduleBody, IdParams, ListQuery, ScheduleListResponse, ScheduleSchema, VersionSchema } from './schemas.js';
import { scheduleView, versionView } from './views.js';

/** What the schedule routes need. */
export interface ScheduleRouteOptions extends ScheduleRunnerOptions {
  db: pg.Pool;
  maxSchedulesPerUser: number;
  minIntervalSeconds: number;
}

/** Registers the schedule routes. */
export async function scheduleRoutes(app: FastifyInstance, options: ScheduleRouteOptions): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = options;

  async function ownedSchedule(id: string, userId: string) {
    const schedule = await findOwnedSchedule(db, id, userId);
    const report = schedule ? await findReport(db, schedule.reportId) : null;
    if (!schedule || !report) throw reportError('REPORT_NOT_FOUND', 'No such schedule');
    return { schedule, report };
  }

  api.post(
    '/v1/report-schedules',
    {
      config: { permission: 'trading:read' },
      schema: {
        tags: ['reporting'],
        summary: 'Schedule a report on a cron expression, delivered to storage and optionally by e-mail',
        body: CreateScheduleBody,
        response: { 201: ScheduleSchema },
      },
    },
    async (request, reply) => {
      const caller = requireCaller(request, 'trading:read');
      const { definition, cron } = request.body;
      const timeZone = request.body.timeZone ?? 'UTC';
      const emailTo = request.body.emailTo ?? [];
      const now = new Date();
      checkPeriod(definition, now.getTime());
      let nextRunAt: Date;
      try {
        nextRunAt = firstOccurrence(cron, timeZone, now);
        if (shortestInterval(cron, timeZone, now) < options.minIntervalSeconds * 1000) {
          throw new CronScheduleError(`the schedule fires more often than every ${options.minIntervalSeconds} seconds`);
        }
      } catch (error) {
        if (error instanceof CronScheduleError) throw reportError('REPORT_SCHEDULE_INVALID', error.message);
        throw error;
      }
      if (emailTo.length > 0 && !options.mailer) throw reportError('REPORT_EMAIL_UNAVAILABLE', 'No SMTP server is configured, so schedules cannot e-mail');
      const account = await options.generator.reportableAccount(definition.accountId, caller.userId, seesAllAccounts(caller.permissions));
      if ((await countSchedules(db, caller.userId)) >= options.maxSchedulesPerUser) {
        throw reportError('REPORT_SCHEDULE_LIMIT', `At most ${options.maxSchedulesPerUser} schedules per user`);
      }
      const { schedule, report } = await withTransaction(db, async (client) => {
        const created = await insertReport(client, {
          id: randomUUID(),
          ownerUserId: caller.userId,
          accountId: account.id,
          name: request.body.name ?? `Scheduled ${definition.kind} report`,
          definition,
          crossAccount: account.ownerUserId !== caller.userId,
        });
        const stored = await insertSchedule(client, { id: randomUUID(), ownerUserId: caller.userId, reportId: created.id, cron, timeZone, emailTo, nextRunAt });
        return { schedule: stored, report: created };
      });
      return reply.code(201).send(scheduleView(schedule, report));
    },
  );

  api.get(
    '/v1/report-schedules',
    {
      config: { permission: 'trading:read' },
      schema: { tags: ['reporting'], summary: 'The caller\'s schedules, newest first', querystring: ListQuery, response: { 200: ScheduleListResponse } },
    },
    async (request) => {
      const caller = requireCaller(request, 'trading:read');
      const schedules = await listSchedules(db, caller.userId, request.query.limit ?? 50, request.query.offset ?? 0);
      const views = [];
      for (const schedule of schedules) {
        const report = await findReport(db, schedule.reportId);
        if (report) views.push(scheduleView(schedule, report));
      }
      return { schedules: views };
    },
  );

  api.get(
    '/v1/report-schedules/:id',
    {
      config: { permission: 'trading:read', ownership: { resource: 'report-schedule', param: 'id' } },
      schema: { tags: ['reporting'], summary: 'One schedule', params: IdParams, response: { 200: ScheduleSchema } },
    },
    async (request) => {
      const caller = requireCaller(request, 'trading:read');
      const { schedule, report } = await ownedSchedule(request.params.id, caller.userId);
      return scheduleView(schedule, report);
    },
  );

  api.post(
    '/v1/report-schedules/:id/run',
    {
      config: { permission: 'trading:read', ownership: { resource: 'report-schedule', param: 'id' } },
      schema: {
        tags: ['reporting'],
        summary: 'Run a schedule now (a new version, e-mailed to its recipients); its cron is unchanged',
        params: IdParams,
        response: { 201: VersionSchema },
      },
    },
    async (request, reply) => {
      const caller = requireCaller(request, 'trading:read');
      const { schedule } = await ownedSchedule(request.params.id, caller.userId);
      try {
        const generated = await runSchedule(options, schedule);
        await recordRunOutcome(db, schedule.id, null);
        return reply.code(201).send(versionView(generated.version));
      } catch (error) {
        await recordRunOutcome(db, schedule.id, (error instanceof Error ? error.message : String(error)).slice(0, 1000));
        throw error;
      }
    },
  );

  api.delete(
    '/v1/report-schedules/:id',
    {
      config: { permission: 'trading:read', ownership: { resource: 'report-schedule', param: 'id' } },
      schema: { tags: ['reporting'], summary: 'Delete a schedule (its report and versions are kept)', params: IdParams, response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      const caller = requireCaller(request, 'trading:read');
      const { schedule } = await ownedSchedule(request.params.id, caller.userId);
      await deleteSchedule(db, schedule.id);
      return reply.code(204).send(null);
    },
  );
}
