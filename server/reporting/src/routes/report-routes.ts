// /v1/reports: create (generates version 1), list, read, regenerate (a new version), download and
// delete. Every route answers REPORT_NOT_FOUND for a report the caller does not own.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type pg from 'pg';
import { KestrelError, type ObjectStorage } from '@kestrel/server-common';
import { requireCaller, seesAllAccounts } from '../access.js';
import { reportError } from '../errors.js';
import { checkPeriod, fileName, type ReportGenerator } from '../services/generator.js';
import { deleteReport, findOwnedReport, findVersion, insertReport, listReports, listVersions } from '../store/reports-store.js';
import { CreateReportBody, DownloadQuery, DownloadResponse, IdParams, ListQuery, ReportListResponse, ReportSchema, VersionSchema } from './schemas.js';
import { reportView, versionView } from './views.js';

/** What the report routes need. */
export interface ReportRouteOptions {
  db: pg.Pool;
  storage: ObjectStorage;
  generator: ReportGenerator;
}

const KIND_NAMES = { 'trade-history': 'Trade history', performance: 'Performance', tax: 'Realised gains (Form 8949)', custom: 'Custom report' } as const;

/** Registers the report routes. */
export async function reportRoutes(app: FastifyInstance, options: ReportRouteOptions): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { db, storage, generator } = options;

  api.post(
    '/v1/reports',
    {
      config: { permission: 'trading:read' },
      schema: {
        tags: ['reporting'],
        summary: 'Create a report and generate its first version',
        body: CreateReportBody,
        response: { 201: ReportSchema },
      },
    },
    async (request, reply) => {
      const caller = requireCaller(request, 'trading:read');
      const { definition } = request.body;
      checkPeriod(definition, Date.now());
      const account = await options.generator.reportableAccount(definition.accountId, caller.userId, seesAllAccounts(caller.permissions));
      const report = await insertReport(db, {
        id: randomUUID(),
        ownerUserId: caller.userId,
        accountId: account.id,
        name: request.body.name ?? KIND_NAMES[definition.kind],
        definition,
        crossAccount: account.ownerUserId !== caller.userId,
      });
      try {
        const generated = await generator.generate(report, 'request');
        return reply.code(201).send(reportView({ ...report, latestVersion: generated.version.version }, [generated.version]));
      } catch (error) {
        // A report whose first generation failed is not kept (nothing was stored for it).
        await deleteReport(db, report.id);
        throw error;
      }
    },
  );

  api.get(
    '/v1/reports',
    {
      config: { permission: 'trading:read' },
      schema: { tags: ['reporting'], summary: 'The caller\'s reports, newest first', querystring: ListQuery, response: { 200: ReportListResponse } },
    },
    async (request) => {
      const caller = requireCaller(request, 'trading:read');
      const reports = await listReports(db, caller.userId, request.query.limit ?? 50, request.query.offset ?? 0);
      return { reports: await Promise.all(reports.map(async (report) => reportView(report, await listVersions(db, report.id)))) };
    },
  );

  api.get(
    '/v1/reports/:id',
    {
      config: { permission: 'trading:read', ownership: { resource: 'report', param: 'id' } },
      schema: { tags: ['reporting'], summary: 'A report and its kept versions', params: IdParams, response: { 200: ReportSchema } },
    },
    async (request) => {
      const caller = requireCaller(request, 'trading:read');
      const report = await findOwnedReport(db, request.params.id, caller.userId);
      if (!report) throw reportError('REPORT_NOT_FOUND', 'No such report');
      return reportView(report, await listVersions(db, report.id));
    },
  );

  api.post(
    '/v1/reports/:id/versions',
    {
      config: { permission: 'trading:read', ownership: { resource: 'report', param: 'id' } },
      schema: {
        tags: ['reporting'],
        summary: 'Generate a new version of a report (its period re-resolved now)',
        params: IdParams,
        response: { 201: VersionSchema },
      },
    },
    async (request, reply) => {
      const caller = requireCaller(request, 'trading:read');
      const report = await findOwnedReport(db, request.params.id, caller.userId);
      if (!report) throw reportError('REPORT_NOT_FOUND', 'No such report');
      const generated = await generator.generate(report, 'request');
      return reply.code(201).send(versionView(generated.version));
    },
  );

  api.get(
    '/v1/reports/:id/download',
    {
      config: { permission: 'trading:read', ownership: { resource: 'report', param: 'id' } },
      schema: {
        tags: ['reporting'],
        summary: 'Download a version of a report (default: the newest kept one)',
        params: IdParams,
        querystring: DownloadQuery,
        response: { 200: DownloadResponse },
      },
    },
    async (request, reply) => {
      const caller = requireCaller(request, 'trading:read');
      const report = await findOwnedReport(db, request.params.id, caller.userId);
      if (!report) throw reportError('REPORT_NOT_FOUND', 'No such report');
      const version = await findVersion(db, report.id, request.query.version);
      if (!version) throw reportError('REPORT_NOT_FOUND', 'No such version (it may have expired)');
      let body: Buffer;
      try {
        body = (await storage.getBuffer(version.objectKey)).body;
      } catch (error) {
        // The sweeper removed the object between the lookup and the read.
        if (error instanceof KestrelError && error.code === 'STORAGE_NOT_FOUND') throw reportError('REPORT_NOT_FOUND', 'No such version (it has expired)');
        throw error;
      }
      // The body is bytes, which the JSON type provider's reply type does not model.
      return (reply as FastifyReply)
        .header('content-type', version.contentType)
        .header('content-disposition', `attachment; filename="${fileName(report, version)}"`)
        .header('cache-control', 'private, no-store')
        .header('x-content-type-options', 'nosniff')
        .send(body);
    },
  );

  api.delete(
    '/v1/reports/:id',
    {
      config: { permission: 'trading:read', ownership: { resource: 'report', param: 'id' } },
      schema: { tags: ['reporting'], summary: 'Delete a report, every version and its schedules', params: IdParams, response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      const caller = requireCaller(request, 'trading:read');
      const report = await findOwnedReport(db, request.params.id, caller.userId);
      if (!report) throw reportError('REPORT_NOT_FOUND', 'No such report');
      for (const version of await listVersions(db, report.id)) await storage.delete(version.objectKey);
      await deleteReport(db, report.id);
      return reply.code(204).send(null);
    },
  );
}
