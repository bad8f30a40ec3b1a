// Reports of the reporting service (server/reporting, docs/reporting.md): create a report (which
// generates version 1), list the caller's reports with their kept versions, generate a new
// version, download a version's file (CSV or PDF) as a Blob, delete; and cron schedules that
// regenerate a report. Shapes mirror server/reporting/src/routes/schemas.ts.
import type { HttpClient } from './http-client.js';

/** Report kinds. */
export const REPORT_KINDS = ['trade-history', 'performance', 'tax', 'custom'] as const;
/** One report kind. */
export type ReportKind = (typeof REPORT_KINDS)[number];
/** Output formats. */
export const REPORT_FORMATS = ['csv', 'pdf'] as const;
/** One output format. */
export type ReportFormat = (typeof REPORT_FORMATS)[number];
/** Columns of a custom report, in the service's default order. */
export const FILL_COLUMNS = ['executedAt', 'symbol', 'side', 'quantity', 'price', 'notional', 'fee', 'realisedPnl', 'cashDelta', 'orderId', 'executionId'] as const;
/** One fill column. */
export type FillColumn = (typeof FILL_COLUMNS)[number];

/** What a report is. */
export interface ReportDefinition {
  kind: ReportKind;
  format: ReportFormat;
  accountId: string;
  period: { from?: string; to?: string; lookbackDays?: number };
  columns?: FillColumn[];
  filters?: { symbols?: string[]; side?: 'buy' | 'sell' };
  riskFreeRateBps?: number;
}

/** One generated file. */
export interface ReportVersion {
  version: number;
  contentType: string;
  sizeBytes: number;
  periodFrom: string;
  periodTo: string;
  rows: number;
  trigger: 'request' | 'schedule';
  createdAt: string;
  expiresAt: string;
  downloadPath: string;
}

/** A report and its kept versions, newest first. */
export interface Report {
  id: string;
  name: string;
  accountId: string;
  definition: ReportDefinition;
  latestVersion: number;
  createdAt: string;
  versions: ReportVersion[];
}

/** A cron schedule of a report. */
export interface ReportSchedule {
  id: string;
  reportId: string;
  name: string;
  definition: ReportDefinition;
  cron: string;
  timeZone: string;
  emailTo: string[];
  enabled: boolean;
  nextRunAt: string;
  lastRunAt: string | null;
  lastError: string | null;
  createdAt: string;
}

/** Body of POST /v1/reports. */
export interface CreateReportRequest {
  name?: string;
  definition: ReportDefinition;
}

/** Body of POST /v1/report-schedules. */
export interface CreateScheduleRequest extends CreateReportRequest {
  cron: string;
  timeZone?: string;
  emailTo?: string[];
}

const path = (id: string) => `/v1/reports/${encodeURIComponent(id)}`;

/** The reporting calls. */
export class ReportsApi {
  constructor(private readonly http: HttpClient) {}

  create(request: CreateReportRequest): Promise<Report> {
    return this.http.post('/v1/reports', request);
  }

  async list(limit = 50): Promise<Report[]> {
    return (await this.http.get<{ reports: Report[] }>('/v1/reports', { query: { limit } })).reports;
  }

  report(id: string): Promise<Report> {
    return this.http.get(path(id));
  }

  regenerate(id: string): Promise<ReportVersion> {
    return this.http.post(`${path(id)}/versions`);
  }

  /** The file of `version` (default the newest kept one). */
  download(id: string, version?: number): Promise<Blob> {
    return this.http.blob(`${path(id)}/download`, { query: { version } });
  }

  async remove(id: string): Promise<void> {
    await this.http.delete(path(id));
  }

  createSchedule(request: CreateScheduleRequest): Promise<ReportSchedule> {
    return this.http.post('/v1/report-schedules', request);
  }

  async schedules(limit = 50): Promise<ReportSchedule[]> {
    return (await this.http.get<{ schedules: ReportSchedule[] }>('/v1/report-schedules', { query: { limit } })).schedules;
  }

  async removeSchedule(id: string): Promise<void> {
    await this.http.delete(`/v1/report-schedules/${encodeURIComponent(id)}`);
  }
}
