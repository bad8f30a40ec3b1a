import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Report, ReportVersion } from '../../api/reports-api.js';
import { cronProblem, dayStartMs, describeVersion, downloadFileName, formatBytes, initialReportForm, reportRequestOf, reportStatus, scheduleRequestOf } from './report-model.js';

const ACCOUNT = '0b9f2c1e-6a43-4f5e-9d2a-6f1d2f3a4b5c';
const version = (change: Partial<ReportVersion> = {}): ReportVersion => ({
  version: 3,
  contentType: 'text/csv; charset=utf-8',
  sizeBytes: 1536,
  periodFrom: '2024-01-01T00:00:00.000Z',
  periodTo: '2025-01-01T00:00:00.000Z',
  rows: 12,
  trigger: 'request',
  createdAt: '2025-02-03T04:05:06.000Z',
  expiresAt: '2025-05-03T04:05:06.000Z',
  downloadPath: '/v1/reports/x/download?version=3',
  ...change,
});

describe('report form → request', () => {
  it('turns the chosen days into [first midnight, midnight after the last day)', () => {
    const form = { ...initialReportForm(ACCOUNT), name: ' 2024 gains ', kind: 'tax' as const, from: '2024-01-01', to: '2024-12-31' };
    assert.deepEqual(reportRequestOf(form), {
      ok: true,
      body: { name: '2024 gains', definition: { kind: 'tax', format: 'csv', accountId: ACCOUNT, period: { from: '2024-01-01T00:00:00.000Z', to: '2025-01-01T00:00:00.000Z' } } },
    });
  });

  it('keeps custom columns in order and normalises the symbol and side filters', () => {
    const form = { ...initialReportForm(ACCOUNT), kind: 'custom' as const, format: 'pdf' as const, from: '2024-02-28', to: '2024-02-29', columns: ['price' as const, 'symbol' as const], symbols: 'goog, aapl goog', side: 'sell' as const };
    const result = reportRequestOf(form);
    assert.ok(result.ok);
    assert.deepEqual(result.body.definition, {
      kind: 'custom',
      format: 'pdf',
      accountId: ACCOUNT,
      period: { from: '2024-02-28T00:00:00.000Z', to: '2024-03-01T00:00:00.000Z' },
      columns: ['price', 'symbol'],
      filters: { symbols: ['GOOG', 'AAPL'], side: 'sell' },
    });
    assert.equal('name' in result.body, false);
  });

  it('sends no custom fields for other kinds and the risk-free rate only for performance', () => {
    const base = { ...initialReportForm(ACCOUNT), from: '2024-01-01', to: '2024-01-31', symbols: 'GOOG', side: 'buy' as const, riskFreeRateBps: '200' };
    const trades = reportRequestOf(base);
    assert.ok(trades.ok);
    assert.deepEqual(Object.keys(trades.body.definition).sort(), ['accountId', 'format', 'kind', 'period']);
    const performance = reportRequestOf({ ...base, kind: 'performance' });
    assert.ok(performance.ok);
    assert.equal(performance.body.definition.riskFreeRateBps, 200);
  });

  it('refuses a form with problems and produces no body', () => {
    const form = { ...initialReportForm(''), kind: 'custom' as const, from: '2024-02-30', to: '2023-01-01', columns: [], symbols: 'ok bad$', riskFreeRateBps: '' };
    const result = reportRequestOf(form);
    assert.equal(result.ok, false);
    assert.ok(!result.ok);
    assert.deepEqual(result.problems, ['Choose an account', 'Choose at least one column', 'Not a symbol: BAD$', 'From must be a date (YYYY-MM-DD)']);
    const reversed = reportRequestOf({ ...initialReportForm(ACCOUNT), from: '2024-05-02', to: '2024-05-01' });
    assert.deepEqual(reversed, { ok: false, problems: ['To must not be before From'] });
    const rate = reportRequestOf({ ...initialReportForm(ACCOUNT), kind: 'performance', riskFreeRateBps: '2.5' });
    assert.deepEqual(rate, { ok: false, problems: ['Risk-free rate must be whole basis points from 0 to 10000'] });
  });

  it('reads only real calendar days', () => {
    assert.equal(dayStartMs('2024-02-29'), Date.UTC(2024, 1, 29));
    assert.equal(dayStartMs('2023-02-29'), null);
    assert.equal(dayStartMs('2024-1-01'), null);
  });
});

describe('schedule form → request', () => {
  it('uses a lookback period, a normalised cron expression and unique recipients', () => {
    const result = scheduleRequestOf({ ...initialReportForm(ACCOUNT), name: 'Weekly' }, ' 0  6 * * 1 ', '7', 'a@x.io, b@x.io;a@x.io', 'Europe/Paris');
    assert.deepEqual(result, {
      ok: true,
      body: { name: 'Weekly', definition: { kind: 'trade-history', format: 'csv', accountId: ACCOUNT, period: { lookbackDays: 7 } }, cron: '0 6 * * 1', timeZone: 'Europe/Paris', emailTo: ['a@x.io', 'b@x.io'] },
    });
  });

  it('refuses a wrong field count, a bad lookback and bad addresses', () => {
    assert.equal(cronProblem('0 6 * * 1'), null);
    assert.equal(cronProblem('*/10 0 6 * * 1'), null);
    assert.notEqual(cronProblem('0 6 * *'), null);
    const result = scheduleRequestOf(initialReportForm(ACCOUNT), 'daily', '0', 'nobody');
    assert.ok(!result.ok);
    assert.equal(result.problems.length, 3);
    assert.match(result.problems.join('\n'), /Lookback/);
    assert.match(result.problems.join('\n'), /cron expression/);
    assert.match(result.problems.join('\n'), /Not an e-mail address: nobody/);
  });
});

describe('versions', () => {
  it('describes a version with its inclusive last day, size and format', () => {
    assert.equal(describeVersion(version()), 'v3 · 2024-01-01 → 2024-12-31 · 12 rows · 1.5 KB · CSV');
    assert.equal(describeVersion(version({ rows: 1, sizeBytes: 900, contentType: 'application/pdf', trigger: 'schedule' })), 'v3 · 2024-01-01 → 2024-12-31 · 1 row · 900 B · PDF · scheduled');
    assert.equal(formatBytes(5 * 1024 * 1024), '5.0 MB');
  });

  it('names downloads safely and states a report without versions', () => {
    assert.equal(downloadFileName({ name: '2024 Gains / Form 8949!' }, version()), '2024-gains-form-8949-v3.csv');
    assert.equal(downloadFileName({ name: '***' }, version({ contentType: 'application/pdf' })), 'report-v3.pdf');
    const report: Report = { id: 'r', name: 'n', accountId: ACCOUNT, definition: { kind: 'tax', format: 'csv', accountId: ACCOUNT, period: {} }, latestVersion: 2, createdAt: '2025-01-01T00:00:00Z', versions: [] };
    assert.equal(reportStatus(report), 'versions expired');
    assert.equal(reportStatus({ ...report, latestVersion: 0 }), 'no version yet');
    assert.equal(reportStatus({ ...report, versions: [version()] }), 'ready · v3 · 2025-02-03 04:05 UTC');
  });
});
