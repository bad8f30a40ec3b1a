// Scheduled delivery end to end: a schedule firing every second (6-field cron), the scheduler job
// running on its 1 s interval, the report stored in S3 as a new version and e-mailed over SMTP to a
// LOCAL SMTP server (npm smtp-server) started by the harness — the message must arrive with the
// same bytes as the stored version attached. Also: validation of cron and time zone, e-mail without
// SMTP configured, ownership of schedules, and no run after a schedule is deleted.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, type Harness, type TestUser } from './support/harness.js';
import { bookScenario } from './support/scenario.js';
import type { PortfolioLedger } from './support/portfolio-ledger.js';

let h: Harness;
let alice: TestUser;
let ledger: PortfolioLedger;

before(async () => {
  h = await startHarness({ env: { KESTREL_REPORTING_SCHEDULER_INTERVAL_SECONDS: '1', KESTREL_REPORTING_MIN_SCHEDULE_INTERVAL_SECONDS: '1' } });
  alice = h.user();
  ledger = await bookScenario(h.pool, alice.id);
});
after(() => h?.close());

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function definition(extra: Record<string, unknown> = {}) {
  // A relative period (the last 1,500 days), as schedules use: it covers the 2023-2024 history.
  return { kind: 'tax', format: 'csv', accountId: ledger.accountId, period: { lookbackDays: 1500 }, ...extra };
}

describe('report schedules', () => {
  it('delivers a scheduled report to object storage and by e-mail to the local SMTP server', async () => {
    const created = await h.call('POST', '/v1/report-schedules', {
      as: alice,
      body: { name: 'Weekly gains', definition: definition(), cron: '* * * * * *', timeZone: 'Europe/London', emailTo: ['alice@example.test'] },
    });
    assert.equal(created.statusCode, 201, created.body);
    const schedule = created.json();
    assert.equal(schedule.enabled, true);
    assert.ok(Date.parse(schedule.nextRunAt) > Date.now() - 1000);

    const mail = await until(async () => h.mails.find((m) => m.subject?.includes('Weekly gains')), 60_000, 'the scheduled e-mail');
    assert.deepEqual(
      (Array.isArray(mail.to) ? mail.to : [mail.to]).flatMap((address) => address?.value.map((v) => v.address) ?? []),
      ['alice@example.test'],
    );
    assert.equal(mail.from?.value[0]?.address, 'reports@kestrel.test');
    assert.equal(mail.attachments.length, 1);
    const attachment = mail.attachments[0]!;
    assert.match(attachment.filename ?? '', /^kestrel-tax-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}-v\d+\.csv$/);
    const version = Number(/-v(\d+)\.csv$/.exec(attachment.filename!)![1]);
    const stored = await h.call('GET', `/v1/reports/${schedule.reportId}/download?version=${version}`, { as: alice });
    assert.equal(stored.statusCode, 200);
    assert.ok(attachment.content.equals(stored.rawPayload), 'the e-mailed file is the stored version');
    assert.ok(attachment.content.toString('utf8').includes('30 sh. GOOG'));

    const report = (await h.call('GET', `/v1/reports/${schedule.reportId}`, { as: alice })).json();
    assert.ok(report.versions.length >= 1);
    assert.ok(report.versions.every((v: { trigger: string }) => v.trigger === 'schedule'));
    const after = (await h.call('GET', `/v1/report-schedules/${schedule.id}`, { as: alice })).json();
    assert.equal(after.lastError, null);
    assert.ok(after.lastRunAt !== null);
    const runs = await h.deps.metrics.registry.getSingleMetric('kestrel_report_schedule_runs_total')!.get();
    assert.ok(runs.values.some((value) => value.labels.outcome === 'delivered' && value.value >= 1), 'the delivery is counted');

    // Deleted: no further runs (the report and its versions stay). A run the scheduler claimed
    // before the DELETE answered may still store its version (however long a loaded machine takes
    // to finish it); nothing claimed afterwards may. Runs are serialised, so that is at most one
    // version more, whereas a schedule still firing every second would add one per tick.
    assert.equal((await h.call('DELETE', `/v1/report-schedules/${schedule.id}`, { as: alice })).statusCode, 204);
    const atDelete = (await h.call('GET', `/v1/reports/${schedule.reportId}`, { as: alice })).json().latestVersion;
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const latest = (await h.call('GET', `/v1/reports/${schedule.reportId}`, { as: alice })).json().latestVersion;
    assert.ok(latest <= atDelete + 1, `version ${atDelete} when the schedule was deleted, ${latest} five seconds later`);
  });

  it('runs a schedule on demand and stores-only without recipients', async () => {
    const created = await h.call('POST', '/v1/report-schedules', { as: alice, body: { definition: definition({ format: 'pdf' }), cron: '0 6 1 1 *' } });
    assert.equal(created.statusCode, 201, created.body);
    const mailsBefore = h.mails.length;
    const run = await h.call('POST', `/v1/report-schedules/${created.json().id}/run`, { as: alice });
    assert.equal(run.statusCode, 201, run.body);
    assert.equal(run.json().version, 1);
    assert.equal(run.json().trigger, 'schedule');
    assert.equal(h.mails.length, mailsBefore);
    assert.ok((await h.call('GET', '/v1/report-schedules', { as: alice })).json().schedules.some((s: { id: string }) => s.id === created.json().id));
  });

  it('refuses invalid cron expressions and time zones, and hides schedules from other users', async () => {
    for (const [cron, timeZone] of [
      ['61 * * * *', 'UTC'],
      ['0 0 30 2 *', 'UTC'],
      ['0 6 * * *', 'Mars/Olympus_Mons'],
    ]) {
      const response = await h.call('POST', '/v1/report-schedules', { as: alice, body: { definition: definition(), cron, timeZone } });
      assert.equal(response.statusCode, 422, `${cron} ${timeZone}: ${response.body}`);
      assert.equal(response.json().error.code, 'REPORT_SCHEDULE_INVALID');
    }
    const created = (await h.call('POST', '/v1/report-schedules', { as: alice, body: { definition: definition(), cron: '0 6 * * 1' } })).json();
    const bob = h.user();
    for (const [method, url] of [
      ['GET', `/v1/report-schedules/${created.id}`],
      ['POST', `/v1/report-schedules/${created.id}/run`],
      ['DELETE', `/v1/report-schedules/${created.id}`],
    ] as const) {
      const response = await h.call(method, url, { as: bob });
      assert.equal(response.statusCode, 404, `${method} ${url}`);
      assert.equal(response.json().error.code, 'REPORT_NOT_FOUND');
    }
    assert.equal((await h.call('GET', `/v1/reports/${created.reportId}`, { as: bob })).statusCode, 404);
    const foreign = await h.call('POST', '/v1/report-schedules', { as: bob, body: { definition: definition(), cron: '0 6 * * 1' } });
    assert.equal(foreign.json().error.code, 'REPORT_ACCOUNT_NOT_FOUND');
  });

  it('refuses e-mail delivery when no SMTP server is configured', async () => {
    const plain = await startHarness({ smtp: false });
    try {
      const owner = plain.user();
      const book = await bookScenario(plain.pool, owner.id);
      const response = await plain.call('POST', '/v1/report-schedules', {
        as: owner,
        body: { definition: { ...definition(), accountId: book.accountId }, cron: '0 6 * * 1', emailTo: ['a@example.test'] },
      });
      assert.equal(response.statusCode, 422, response.body);
      assert.equal(response.json().error.code, 'REPORT_EMAIL_UNAVAILABLE');
      // With the default minimum interval (300 s), a schedule firing every second or minute is refused.
      for (const cron of ['* * * * * *', '*/1 * * * *']) {
        const frequent = await plain.call('POST', '/v1/report-schedules', { as: owner, body: { definition: { ...definition(), accountId: book.accountId }, cron } });
        assert.equal(frequent.statusCode, 422, frequent.body);
        assert.equal(frequent.json().error.code, 'REPORT_SCHEDULE_INVALID');
        assert.match(frequent.json().error.message, /more often than every 300 seconds/);
      }
      const hourly = await plain.call('POST', '/v1/report-schedules', { as: owner, body: { definition: { ...definition(), accountId: book.accountId }, cron: '0 * * * *' } });
      assert.equal(hourly.statusCode, 201, hourly.body);
    } finally {
      await plain.close();
    }
  });
});
