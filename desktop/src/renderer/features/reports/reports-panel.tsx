// Reports panel: generate a report of one of the trader's accounts (trade history, performance,
// tax / Form 8949, or custom columns and filters; CSV or PDF; a period of whole days), see each
// report's status and kept versions, generate a new version, download any version (fetched with
// the session's token, then saved from an object URL), delete; and cron schedules (list, create
// from the same form with a lookback period, delete). All of it is the reporting service's
// (/v1/reports, /v1/report-schedules); when the suite has none the panel says so and sends nothing.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { FILL_COLUMNS, REPORT_FORMATS, REPORT_KINDS, ReportsApi, type FillColumn, type Report, type ReportFormat, type ReportKind, type ReportSchedule, type ReportVersion } from '../../api/reports-api.js';
import { useServices } from '../../app/services-context.js';
import { notify } from '../../app/toasts.js';
import { messageOf } from '../auth/session-controller.js';
import { AccountSelect } from '../trading/account-select.js';
import { useAccounts } from '../trading/use-trading.js';
import { KIND_LABELS, describeVersion, downloadFileName, initialReportForm, reportRequestOf, reportStatus, scheduleRequestOf, type ReportForm } from './report-model.js';
import { saveBlob } from './save-blob.js';

/** The reports panel. */
export function ReportsPanel() {
  const { http, capabilities } = useServices();
  const api = useMemo(() => new ReportsApi(http), [http]);
  const available = capabilities?.has('post', '/v1/reports') ?? false;
  const schedulesAvailable = capabilities?.has('post', '/v1/report-schedules') ?? false;
  const accountsResult = useAccounts();
  const accounts = accountsResult?.ok ? accountsResult.value : null;
  const [form, setForm] = useState<ReportForm>(() => initialReportForm(''));
  const [reports, setReports] = useState<Report[]>([]);
  const [schedules, setSchedules] = useState<ReportSchedule[]>([]);
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [schedule, setSchedule] = useState({ cron: '0 6 * * 1', lookbackDays: '7', emailTo: '' });
  const accountId = form.accountId || accounts?.[0]?.id || '';

  const reload = useCallback(async () => {
    try {
      setReports(await api.list());
      if (schedulesAvailable) setSchedules(await api.schedules());
    } catch (error) {
      notify('error', `Reports: ${messageOf(error)}`);
    }
  }, [api, schedulesAvailable]);
  useEffect(() => {
    if (available) void reload();
  }, [available, reload]);

  const set = (change: Partial<ReportForm>) => setForm((current) => ({ ...current, ...change }));
  const act = async (what: string, action: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await action();
    } catch (error) {
      notify('error', `${what}: ${messageOf(error)}`);
    } finally {
      setBusy(false);
    }
  };

  const generate = () => {
    const checked = reportRequestOf({ ...form, accountId });
    setProblems(checked.ok ? [] : checked.problems);
    if (!checked.ok) return;
    void act('Report not generated', async () => {
      const created = await api.create(checked.body);
      setReports((list) => [created, ...list.filter((each) => each.id !== created.id)]);
      notify('success', `Report "${created.name}" generated`);
    });
  };
  const createSchedule = () => {
    const checked = scheduleRequestOf({ ...form, accountId }, schedule.cron, schedule.lookbackDays, schedule.emailTo, Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
    setProblems(checked.ok ? [] : checked.problems);
    if (!checked.ok) return;
    void act('Schedule refused', async () => {
      const created = await api.createSchedule(checked.body);
      setSchedules((list) => [created, ...list]);
      await reload();
    });
  };
  const download = (report: Report, version: ReportVersion) =>
    void act('Download failed', async () => saveBlob(await api.download(report.id, version.version), downloadFileName(report, version)));
  const regenerate = (report: Report) =>
    void act('New version refused', async () => {
      await api.regenerate(report.id);
      const fresh = await api.report(report.id);
      setReports((list) => list.map((each) => (each.id === fresh.id ? fresh : each)));
    });
  const remove = (report: Report) =>
    void act('Delete refused', async () => {
      await api.remove(report.id);
      await reload();
    });
  const removeSchedule = (id: string) =>
    void act('Delete refused', async () => {
      await api.removeSchedule(id);
      setSchedules((list) => list.filter((each) => each.id !== id));
    });

  if (!available) {
    return (
      <div className="panel">
        <div className="panel-empty" data-testid="reports-unavailable">
          This Kestrel server has no reporting service (POST /v1/reports is not in its API)
        </div>
      </div>
    );
  }
  const toggleColumn = (column: FillColumn) =>
    set({ columns: form.columns.includes(column) ? form.columns.filter((each) => each !== column) : FILL_COLUMNS.filter((each) => each === column || form.columns.includes(each)) });
  return (
    <div className="panel" data-testid="reports">
      <div className="panel-toolbar">
        <select className="input" aria-label="Report kind" data-testid="report-kind" value={form.kind} onChange={(event) => set({ kind: event.target.value as ReportKind })}>
          {REPORT_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {KIND_LABELS[kind]}
            </option>
          ))}
        </select>
        <AccountSelect accounts={accounts} value={accountId || null} onChange={(id) => set({ accountId: id })} />
        <input className="input" type="date" aria-label="From" data-testid="report-from" value={form.from} onChange={(event) => set({ from: event.target.value })} />
        <input className="input" type="date" aria-label="To (included)" data-testid="report-to" value={form.to} onChange={(event) => set({ to: event.target.value })} />
        <select className="input" aria-label="Format" data-testid="report-format" value={form.format} onChange={(event) => set({ format: event.target.value as ReportFormat })}>
          {REPORT_FORMATS.map((format) => (
            <option key={format} value={format}>
              {format.toUpperCase()}
            </option>
          ))}
        </select>
        <input className="input" placeholder="Name (optional)" aria-label="Report name" data-testid="report-name" value={form.name} onChange={(event) => set({ name: event.target.value })} />
        <button className="btn btn-small btn-primary" data-testid="generate-report" disabled={busy} onClick={generate}>
          Generate
        </button>
      </div>
      {form.kind === 'custom' && (
        <div className="panel-toolbar" data-testid="report-custom">
          {FILL_COLUMNS.map((column) => (
            <label key={column} className="check">
              <input type="checkbox" checked={form.columns.includes(column)} onChange={() => toggleColumn(column)} />
              {column}
            </label>
          ))}
          <input className="input" placeholder="Symbols (all)" aria-label="Symbols" value={form.symbols} onChange={(event) => set({ symbols: event.target.value })} />
          <select className="input" aria-label="Side" value={form.side} onChange={(event) => set({ side: event.target.value as ReportForm['side'] })}>
            <option value="">Both sides</option>
            <option value="buy">Buys</option>
            <option value="sell">Sells</option>
          </select>
        </div>
      )}
      {form.kind === 'performance' && (
        <div className="panel-toolbar">
          <input className="input narrow" placeholder="0" aria-label="Risk-free rate (bps)" value={form.riskFreeRateBps} onChange={(event) => set({ riskFreeRateBps: event.target.value })} />
          <span className="muted">risk-free rate, basis points a year</span>
        </div>
      )}
      {problems.length > 0 && (
        <ul className="alert-log error-text" data-testid="report-problems">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
      <div className="panel-body">
        {reports.length === 0 && <div className="panel-empty">No reports yet</div>}
        <ul className="alert-log" data-testid="report-list">
          {reports.map((report) => (
            <li key={report.id} data-testid="report-row" data-report-id={report.id} data-versions={String(report.versions.length)}>
              <strong>{report.name}</strong> <span className="muted">{KIND_LABELS[report.definition.kind]}</span> · <span data-testid="report-status">{reportStatus(report)}</span>{' '}
              <button className="btn btn-small" data-testid="report-regenerate" disabled={busy} onClick={() => regenerate(report)}>
                New version
              </button>{' '}
              <button className="btn btn-small btn-ghost" disabled={busy} onClick={() => remove(report)}>
                Delete
              </button>
              <ul>
                {report.versions.map((version) => (
                  <li key={version.version} className="num">
                    {describeVersion(version)}{' '}
                    <button className="btn btn-small" data-testid="report-download" disabled={busy} onClick={() => download(report, version)}>
                      Download
                    </button>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
        {schedulesAvailable && (
          <div data-testid="report-schedules">
            <div className="panel-toolbar">
              <strong>Schedules</strong>
              <input className="input" aria-label="Cron expression" title="minute hour day month weekday (or seconds first)" data-testid="schedule-cron" value={schedule.cron} onChange={(event) => setSchedule({ ...schedule, cron: event.target.value })} />
              <input className="input narrow" aria-label="Lookback days" title="Each run covers this many days up to the run" value={schedule.lookbackDays} onChange={(event) => setSchedule({ ...schedule, lookbackDays: event.target.value })} />
              <span className="muted">days</span>
              <input className="input" placeholder="E-mail to (optional)" aria-label="E-mail recipients" value={schedule.emailTo} onChange={(event) => setSchedule({ ...schedule, emailTo: event.target.value })} />
              <button className="btn btn-small" data-testid="create-schedule" disabled={busy} onClick={createSchedule}>
                Schedule this report
              </button>
            </div>
            <ul className="alert-log">
              {schedules.map((each) => (
                <li key={each.id} data-testid="schedule-row">
                  <strong>{each.name}</strong> <code>{each.cron}</code> ({each.timeZone}) · next {new Date(each.nextRunAt).toLocaleString()}
                  {each.lastRunAt && ` · last ${new Date(each.lastRunAt).toLocaleString()}`}
                  {each.lastError && <span className="error-text"> · {each.lastError}</span>}
                  {!each.enabled && <span className="muted"> · finished</span>}{' '}
                  <button className="btn btn-small btn-ghost" data-testid="schedule-delete" disabled={busy} onClick={() => removeSchedule(each.id)}>
                    Delete
                  </button>
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </div>
  );
}
