// The Reports panel's pure logic: the form a trader fills in (kind, account, period as calendar
// days, format, custom columns and filters) checked and turned into the reporting service's
// request body, a schedule's cron expression checked for shape, and versions described for the
// list and named for the download. Invariants: the period is whole UTC days and the chosen end
// day is included (the service's period is [from, to), so `to` is the midnight after it); a form
// with any problem produces no body at all. Known limit: cron expressions are checked only for
// their field count here — the service (croner) is the judge of their meaning.
import { SymbolSchema } from '@kestrel/shared';
import { FILL_COLUMNS, type CreateReportRequest, type CreateScheduleRequest, type FillColumn, type Report, type ReportFormat, type ReportKind, type ReportVersion } from '../../api/reports-api.js';

/** What the form holds (text as typed). */
export interface ReportForm {
  name: string;
  kind: ReportKind;
  format: ReportFormat;
  accountId: string;
  /** First day, YYYY-MM-DD (UTC). */
  from: string;
  /** Last day included, YYYY-MM-DD (UTC). */
  to: string;
  /** Custom reports: the columns, in order. */
  columns: FillColumn[];
  /** Custom reports: comma- or space-separated symbols; empty for all. */
  symbols: string;
  /** Custom reports: only buys or sells; empty for both. */
  side: '' | 'buy' | 'sell';
  /** Performance reports: annual risk-free rate in basis points; empty for none. */
  riskFreeRateBps: string;
}

/** The outcome of checking a form. */
export type Checked<T> = { ok: true; body: T } | { ok: false; problems: string[] };

/** Kind labels for the picker. */
export const KIND_LABELS: Readonly<Record<ReportKind, string>> = {
  'trade-history': 'Trade history',
  performance: 'Performance',
  tax: 'Tax (Form 8949)',
  custom: 'Custom',
};

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;
const SYMBOL_PATTERN = new RegExp(SymbolSchema.pattern ?? '^[A-Z0-9.]+$');

/** A new form: this calendar year up to today, trade history as CSV. */
export function initialReportForm(accountId: string, now = new Date()): ReportForm {
  const today = now.toISOString().slice(0, 10);
  return { name: '', kind: 'trade-history', format: 'csv', accountId, from: `${today.slice(0, 4)}-01-01`, to: today, columns: [...FILL_COLUMNS.slice(0, 5)], symbols: '', side: '', riskFreeRateBps: '' };
}

/** Midnight UTC of a YYYY-MM-DD day, in epoch ms, or null when it is not a real day. */
export function dayStartMs(day: string): number | null {
  const match = DAY.exec(day.trim());
  if (!match) return null;
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return new Date(ms).toISOString().slice(0, 10) === day.trim() ? ms : null;
}

/** Checks the definition part shared by reports and schedules (without the period). */
function definitionOf(form: ReportForm, problems: string[]): CreateReportRequest['definition'] {
  if (!form.accountId) problems.push('Choose an account');
  const definition: CreateReportRequest['definition'] = { kind: form.kind, format: form.format, accountId: form.accountId, period: {} };
  if (form.kind === 'custom') {
    if (form.columns.length === 0) problems.push('Choose at least one column');
    definition.columns = [...form.columns];
    const symbols = [...new Set(form.symbols.split(/[\s,]+/).filter(Boolean).map((symbol) => symbol.toUpperCase()))];
    const bad = symbols.filter((symbol) => !SYMBOL_PATTERN.test(symbol));
    if (bad.length > 0) problems.push(`Not a symbol: ${bad.join(', ')}`);
    const filters: NonNullable<CreateReportRequest['definition']['filters']> = {};
    if (symbols.length > 0) filters.symbols = symbols;
    if (form.side) filters.side = form.side;
    if (Object.keys(filters).length > 0) definition.filters = filters;
  }
  if (form.kind === 'performance' && form.riskFreeRateBps.trim() !== '') {
    const bps = Number(form.riskFreeRateBps.trim());
    if (!Number.isInteger(bps) || bps < 0 || bps > 10_000) problems.push('Risk-free rate must be whole basis points from 0 to 10000');
    else definition.riskFreeRateBps = bps;
  }
  return definition;
}

/** The POST /v1/reports body of a form, or what is wrong with it. */
export function reportRequestOf(form: ReportForm): Checked<CreateReportRequest> {
  const problems: string[] = [];
  const definition = definitionOf(form, problems);
  const fromMs = dayStartMs(form.from);
  const lastMs = dayStartMs(form.to);
  if (fromMs === null) problems.push('From must be a date (YYYY-MM-DD)');
  if (lastMs === null) problems.push('To must be a date (YYYY-MM-DD)');
  if (fromMs !== null && lastMs !== null && lastMs < fromMs) problems.push('To must not be before From');
  if (problems.length > 0) return { ok: false, problems };
  definition.period = { from: new Date(fromMs!).toISOString(), to: new Date(lastMs! + DAY_MS).toISOString() };
  const name = form.name.trim();
  return { ok: true, body: name ? { name, definition } : { definition } };
}

/** Whether a cron expression has the 5 or 6 fields the service reads; null when it has. */
export function cronProblem(cron: string): string | null {
  const fields = cron.trim().split(/\s+/).filter(Boolean);
  return fields.length === 5 || fields.length === 6 ? null : 'A cron expression has 5 fields (minute hour day month weekday) or 6 with seconds first';
}

/** The POST /v1/report-schedules body: the form's definition over the last `lookbackDays` days. */
export function scheduleRequestOf(form: ReportForm, cron: string, lookbackDays: string, emailTo: string, timeZone = 'UTC'): Checked<CreateScheduleRequest> {
  const problems: string[] = [];
  const definition = definitionOf(form, problems);
  const days = Number(lookbackDays.trim());
  if (!Number.isInteger(days) || days < 1 || days > 36_500) problems.push('Lookback must be a whole number of days from 1 to 36500');
  const cronIssue = cronProblem(cron);
  if (cronIssue) problems.push(cronIssue);
  const recipients = [...new Set(emailTo.split(/[\s,;]+/).filter(Boolean))];
  const badRecipients = recipients.filter((address) => !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address));
  if (badRecipients.length > 0) problems.push(`Not an e-mail address: ${badRecipients.join(', ')}`);
  if (recipients.length > 10) problems.push('At most 10 recipients');
  if (problems.length > 0) return { ok: false, problems };
  definition.period = { lookbackDays: days };
  const body: CreateScheduleRequest = { definition, cron: cron.trim().split(/\s+/).join(' '), timeZone };
  const name = form.name.trim();
  if (name) body.name = name;
  if (recipients.length > 0) body.emailTo = recipients;
  return { ok: true, body };
}

/** "1.5 KB" style sizes (1024-based, one decimal above bytes). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** The format a version was written in, from its content type. */
export function versionFormat(version: Pick<ReportVersion, 'contentType'>): ReportFormat {
  return version.contentType.startsWith('application/pdf') ? 'pdf' : 'csv';
}

/** One line describing a version: "v2 · 2024-01-01 → 2024-12-31 · 12 rows · 1.5 KB · CSV · scheduled". */
export function describeVersion(version: ReportVersion): string {
  const lastDay = new Date(Date.parse(version.periodTo) - 1).toISOString().slice(0, 10);
  const parts = [`v${version.version}`, `${version.periodFrom.slice(0, 10)} → ${lastDay}`, `${version.rows} row${version.rows === 1 ? '' : 's'}`, formatBytes(version.sizeBytes), versionFormat(version).toUpperCase()];
  if (version.trigger === 'schedule') parts.push('scheduled');
  return parts.join(' · ');
}

/** The status of a report for the list: its newest kept version, or why there is none. */
export function reportStatus(report: Report): string {
  const newest = report.versions[0];
  if (!newest) return report.latestVersion > 0 ? 'versions expired' : 'no version yet';
  return `ready · v${newest.version} · ${new Date(newest.createdAt).toISOString().replace('T', ' ').slice(0, 16)} UTC`;
}

/** A safe file name for a version's download: "2024-gains-v3.csv". */
export function downloadFileName(report: Pick<Report, 'name'>, version: ReportVersion): string {
  const base = report.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'report';
  return `${base}-v${version.version}.${versionFormat(version)}`;
}
