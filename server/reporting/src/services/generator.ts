// Generates one version of a report: resolves its period, reads the account's rows through the
// portfolio's internal history routes (clients/portfolio-client.ts), builds the content, renders CSV or PDF, stores the bytes under a new
// version key and records the version. Invariants: the object is written before its record, in
// the transaction that holds the report's row lock, so a version number is never reused and a
// recorded version always has its object (a crash between the two can leave an unrecorded object,
// never a record without one); the account must still be visible to the report's owner.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { withTransaction, type ObjectStorage } from '@kestrel/server-common';
import type { PortfolioClient } from '../clients/portfolio-client.js';
import {
  customContent,
  performanceContent,
  taxContent,
  tradeHistoryContent,
  type BuildContext,
} from '../domain/content-builders.js';
import { PeriodError, resolvePeriod, type ReportDefinition } from '../domain/definition.js';
import type { AccountInfo } from '../domain/portfolio-rows.js';
import type { ReportContent } from '../domain/report-content.js';
import { reportError } from '../errors.js';
import type { ReportingMetrics } from '../reporting-metrics.js';
import { renderCsv } from '../render/csv.js';
import { renderPdf } from '../render/pdf.js';
import { insertVersion, lockReport, type ReportRecord, type VersionRecord } from '../store/reports-store.js';

const DAY_MS = 86_400_000;
/** Where every version's object lives: `reports/<owner>/<report>/v<n>-<uuid>.<ext>`. */
export const REPORTS_PREFIX = 'reports/';

/** What the generator needs. */
export interface GeneratorOptions {
  db: pg.Pool;
  /** Where the account's booked history comes from. */
  portfolio: PortfolioClient;
  storage: ObjectStorage;
  retentionDays: number;
  maxRows: number;
  metrics?: ReportingMetrics;
  now?: () => number;
}

/** A generated version and its bytes (for e-mail delivery). */
export interface Generated {
  version: VersionRecord;
  body: Buffer;
  fileName: string;
}

/** The account a report may cover: owned by `ownerUserId`, or any account when `seesAll`. */
export async function reportableAccount(portfolio: PortfolioClient, accountId: string, ownerUserId: string, seesAll: boolean): Promise<AccountInfo> {
  const account = await portfolio.account(accountId);
  if (!account || (account.ownerUserId !== ownerUserId && !seesAll)) throw reportError('REPORT_ACCOUNT_NOT_FOUND', 'No such account');
  return account;
}

/** Checks that a definition's period resolves now (REPORT_INVALID_PERIOD otherwise). */
export function checkPeriod(definition: ReportDefinition, nowMs: number): { fromMs: number; toMs: number } {
  try {
    return resolvePeriod(definition.period, nowMs);
  } catch (error) {
    if (error instanceof PeriodError) throw reportError('REPORT_INVALID_PERIOD', error.message);
    throw error;
  }
}

/** The file name a version is downloaded and mailed as. */
export function fileName(report: Pick<ReportRecord, 'definition'>, version: Pick<VersionRecord, 'version' | 'periodFrom' | 'periodTo'>): string {
  const day = (date: Date): string => date.toISOString().slice(0, 10);
  return `kestrel-${report.definition.kind}-${day(version.periodFrom)}-${day(version.periodTo)}-v${version.version}.${report.definition.format}`;
}

/** Generates reports. */
export class ReportGenerator {
  readonly #options: GeneratorOptions;

  constructor(options: GeneratorOptions) {
    this.#options = options;
  }

  async #content(report: ReportRecord, account: AccountInfo, fromMs: number, toMs: number, generatedAt: Date): Promise<{ content: ReportContent; rows: number }> {
    const { portfolio, maxRows } = this.#options;
    const context: BuildContext = { account, definition: report.definition, fromMs, toMs, generatedAt };
    const from = new Date(fromMs);
    const to = new Date(toMs);
    // One row more than allowed tells "too many" apart from "exactly the limit".
    const limited = <T>(rows: T[]): T[] => {
      if (rows.length > maxRows) throw reportError('REPORT_TOO_LARGE', `the report would hold more than ${maxRows} rows`);
      return rows;
    };
    switch (report.definition.kind) {
      case 'trade-history': {
        const fills = limited(await portfolio.fills(account.id, from, to, maxRows + 1));
        return { content: tradeHistoryContent(context, fills), rows: fills.length };
      }
      case 'custom': {
        const fills = limited(await portfolio.fills(account.id, from, to, maxRows + 1));
        const content = customContent(context, fills);
        return { content, rows: content.tables[0]!.rows.length };
      }
      case 'tax': {
        const disposals = limited(await portfolio.disposals(account.id, from, to, maxRows + 1));
        return { content: taxContent(context, disposals), rows: disposals.length };
      }
      case 'performance': {
        if (Math.ceil((toMs - fromMs) / DAY_MS) > maxRows) throw reportError('REPORT_TOO_LARGE', `the period spans more than ${maxRows} days`);
        const fills = limited(await portfolio.fills(account.id, from, to, maxRows + 1));
        const closing = new Set((await portfolio.disposals(account.id, from, to, maxRows + 1)).map((disposal) => disposal.executionId));
        const valuations = await portfolio.dailyValuations(account.id, from, to, maxRows + 1);
        const content = performanceContent(context, valuations, fills.filter((fill) => closing.has(fill.executionId)));
        return { content, rows: content.tables[0]!.rows.length };
      }
    }
  }

  /** The account a report may cover (see reportableAccount). */
  reportableAccount(accountId: string, ownerUserId: string, seesAll: boolean): Promise<AccountInfo> {
    return reportableAccount(this.#options.portfolio, accountId, ownerUserId, seesAll);
  }

  /** Generates the next version of `report`. */
  async generate(report: ReportRecord, trigger: VersionRecord['trigger']): Promise<Generated> {
    const { db, storage, retentionDays, metrics } = this.#options;
    const nowMs = (this.#options.now ?? Date.now)();
    const started = performance.now();
    const { fromMs, toMs } = checkPeriod(report.definition, nowMs);
    const account = await reportableAccount(this.#options.portfolio, report.accountId, report.ownerUserId, report.crossAccount);
    const generatedAt = new Date(nowMs);
    const { content, rows } = await this.#content(report, account, fromMs, toMs, generatedAt);
    const pdf = report.definition.format === 'pdf';
    const body = pdf ? await renderPdf(content, { author: `Kestrel account ${account.name}` }) : renderCsv(content);
    const contentType = pdf ? 'application/pdf' : 'text/csv; charset=utf-8';
    const version = await withTransaction(db, async (client) => {
      const locked = await lockReport(client, report.id);
      if (!locked) throw reportError('REPORT_NOT_FOUND', 'The report was deleted');
      const number = locked.latestVersion + 1;
      // A random segment keeps a deleted-and-recreated key from ever serving old bytes.
      const objectKey = `${REPORTS_PREFIX}${report.ownerUserId}/${report.id}/v${number}-${randomUUID()}.${report.definition.format}`;
      const stored = await storage.put(objectKey, body, { contentType, metadata: { 'report-id': report.id, version: String(number) } });
      return insertVersion(client, {
        reportId: report.id,
        version: number,
        objectKey,
        contentType,
        sizeBytes: stored.size,
        etag: stored.etag,
        periodFrom: new Date(fromMs),
        periodTo: new Date(toMs),
        rows,
        trigger,
        expiresAt: new Date(nowMs + retentionDays * DAY_MS),
      });
    });
    const { kind, format } = report.definition;
    metrics?.generated.inc({ kind, format, trigger });
    metrics?.generationSeconds.observe({ kind, format }, (performance.now() - started) / 1000);
    return { version, body, fileName: fileName(report, version) };
  }
}
