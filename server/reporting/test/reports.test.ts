// Reports end to end on real PostgreSQL and the real S3 server: the Form 8949 CSV against figures
// worked out by hand AND against a recomputation from the lots table, trade-history and custom
// CSVs, versions (each regeneration a new object), the retention sweeper, ownership (another
// user's report and account are 404) and the documented 4xx answers.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { sweepExpiredVersions, sweepOrphanObjects } from '../src/jobs/retention-sweeper.js';
import { startHarness, type Harness, type TestUser } from './support/harness.js';
import { bookScenario, SCENARIO_FILLS } from './support/scenario.js';
import type { PortfolioLedger } from './support/portfolio-ledger.js';

let h: Harness;
let alice: TestUser;
let bob: TestUser;
let ledger: PortfolioLedger;

const PERIOD = { from: '2023-01-01T00:00:00Z', to: '2025-01-01T00:00:00Z' };

before(async () => {
  h = await startHarness();
  alice = h.user('trader');
  bob = h.user('trader');
  ledger = await bookScenario(h.pool, alice.id);
});
after(() => h?.close());

async function createReport(as: TestUser, definition: Record<string, unknown>) {
  const response = await h.call('POST', '/v1/reports', { as, body: { definition: { accountId: ledger.accountId, period: PERIOD, ...definition } } });
  assert.equal(response.statusCode, 201, response.body);
  return response.json();
}

function csvRows(body: Buffer): string[][] {
  assert.deepEqual([...body.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte order mark');
  return parse(body.subarray(3).toString('utf8'), { relaxColumnCount: false }) as string[][];
}

/** Cents as the CSV writes them, computed without the service's formatter. */
function dollars(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

describe('tax report (Form 8949 CSV)', () => {
  it('matches the gains worked out by hand, short-term before long-term', async () => {
    const report = await createReport(alice, { kind: 'tax', format: 'csv' });
    const download = await h.call('GET', `/v1/reports/${report.id}/download`, { as: alice });
    assert.equal(download.statusCode, 200);
    assert.match(String(download.headers['content-type']), /^text\/csv/);
    assert.match(String(download.headers['content-disposition']), /attachment; filename="kestrel-tax-2023-01-01-2025-01-01-v1\.csv"/);
    const [header, ...rows] = csvRows(download.rawPayload);
    assert.deepEqual(header, [
      '(a) Description of property',
      '(b) Date acquired',
      '(c) Date sold or disposed of',
      '(d) Proceeds (sales price)',
      '(e) Cost or other basis',
      '(f) Code(s) from instructions',
      '(g) Amount of adjustment',
      '(h) Gain or (loss)',
      'Term',
    ]);
    // FIFO by hand: the June sale closes 100 of the January lot and 20 of the February lot; the
    // MSFT short is covered a month later; the March 2024 sale closes the last 30 of the February
    // lot (held more than a year: long-term) and 30 of the July lot. Every fill pays 1.00, shared
    // by units: the June sale's 1.00 over 120 units is 0.83 on the first 100 and 0.17 on the last
    // 20; the February buy's 1.00 over 50 units is 0.40 on the first 20 and 0.60 on the last 30.
    // Buying commissions go into (e), selling commissions into (g) with code E.
    assert.deepEqual(rows, [
      ['100 sh. GOOG', '01/03/2023', '06/01/2023', '10000.00', '9001.00', 'E', '-0.83', '998.17', 'short-term'],
      ['20 sh. GOOG', '02/01/2023', '06/01/2023', '2000.00', '1900.40', 'E', '-0.17', '99.43', 'short-term'],
      ['10 sh. MSFT (short sale)', '09/01/2023', '08/01/2023', '3000.00', '2801.00', 'E', '-1.00', '198.00', 'short-term'],
      ['30 sh. GOOG', '07/03/2023', '03/01/2024', '3300.00', '2401.00', 'E', '-0.50', '898.50', 'short-term'],
      ['30 sh. GOOG', '02/01/2023', '03/01/2024', '3300.00', '2850.60', 'E', '-0.50', '448.90', 'long-term'],
    ]);
  });

  it('agrees with a recomputation from the lots table and the fills', async () => {
    const report = await createReport(alice, { kind: 'tax', format: 'csv' });
    const [, ...rows] = csvRows((await h.call('GET', `/v1/reports/${report.id}/download`, { as: alice })).rawPayload);
    const { rows: lots } = await h.pool.query(
      `SELECT l.symbol, l.side, l.opened_at, l.open_price_ticks::int AS open_price, f.price_ticks::int AS close_price, f.executed_at, d.quantity_lots::int AS qty,
              o.fee_minor::int AS open_fee, f.fee_minor::int AS close_fee
         FROM portfolio_lot_disposals d JOIN portfolio_tax_lots l ON l.id = d.lot_id JOIN portfolio_fills_applied f ON f.execution_id = d.execution_id
         JOIN portfolio_fills_applied o ON o.execution_id = l.open_execution_id
        WHERE l.account_id = $1`,
      [ledger.accountId],
    );
    assert.equal(rows.length, lots.length);
    const cents = (text: string) => Math.round(Number(text) * 100);
    for (const lot of lots) {
      const short = lot.side === 'short';
      const acquired: Date = short ? lot.executed_at : lot.opened_at;
      const sold: Date = short ? lot.opened_at : lot.executed_at;
      const mdY = (d: Date) => `${String(d.getUTCMonth() + 1).padStart(2, '0')}/${String(d.getUTCDate()).padStart(2, '0')}/${d.getUTCFullYear()}`;
      const proceeds = lot.qty * (short ? lot.open_price : lot.close_price);
      const grossBasis = lot.qty * (short ? lot.close_price : lot.open_price);
      const heldDays = (sold.getTime() - acquired.getTime()) / 86_400_000;
      const term = !short && heldDays > 366 ? 'long-term' : 'short-term';
      const row = rows.find((r) => r[0] === `${lot.qty} sh. ${lot.symbol}${short ? ' (short sale)' : ''}` && r[1] === mdY(acquired) && r[2] === mdY(sold));
      assert.ok(row, `a line for ${lot.qty} ${lot.symbol} acquired ${mdY(acquired)} sold ${mdY(sold)}`);
      assert.equal(row[3], dollars(proceeds));
      assert.equal(row[8], term);
      // The basis carries part of the buying fill's fee, (g) part of the selling fill's fee, never more.
      const buyingFee = short ? lot.close_fee : lot.open_fee;
      const sellingFee = short ? lot.open_fee : lot.close_fee;
      const inBasis = cents(row[4]!) - grossBasis;
      assert.ok(inBasis >= 0 && inBasis <= buyingFee, `basis commission ${inBasis}`);
      assert.ok(-cents(row[6]!) >= 0 && -cents(row[6]!) <= sellingFee, `selling commission ${row[6]}`);
      assert.equal(cents(row[7]!), proceeds - cents(row[4]!) + cents(row[6]!), '(h) = (d) - (e) + (g)');
    }
    // Every lot of the scenario is closed, so the gains add up to the portfolio's realised P&L
    // minus every fee the account paid.
    const { rows: totals } = await h.pool.query(
      'SELECT sum(realised_pnl_minor)::int AS realised, sum(fee_minor)::int AS fees FROM portfolio_fills_applied WHERE account_id = $1',
      [ledger.accountId],
    );
    assert.equal(rows.reduce((sum, row) => sum + cents(row[7]!), 0), totals[0].realised - totals[0].fees);
    assert.equal(totals[0].realised - totals[0].fees, 264_300);
  });

  it('leaves out disposals outside the period', async () => {
    const report = await createReport(alice, { kind: 'tax', format: 'csv', period: { from: '2024-01-01T00:00:00Z', to: '2025-01-01T00:00:00Z' } });
    const [, ...rows] = csvRows((await h.call('GET', `/v1/reports/${report.id}/download`, { as: alice })).rawPayload);
    // The February lot's earlier 20-unit disposal (June 2023, outside the period) still counts
    // when its buying fee is shared: 0.60 of the 1.00 falls on its last 30 units.
    assert.deepEqual(rows.map((row) => [row[0], row[4], row[7], row[8]]), [
      ['30 sh. GOOG', '2401.00', '898.50', 'short-term'],
      ['30 sh. GOOG', '2850.60', '448.90', 'long-term'],
    ]);
  });
});

describe('trade history and custom reports', () => {
  it('lists every fill of the period with exact prices and amounts', async () => {
    const report = await createReport(alice, { kind: 'trade-history', format: 'csv' });
    assert.equal(report.versions[0].rows, SCENARIO_FILLS);
    const [header, ...rows] = csvRows((await h.call('GET', `/v1/reports/${report.id}/download`, { as: alice })).rawPayload);
    assert.deepEqual(header!.slice(0, 8), ['Executed at (UTC)', 'Symbol', 'Side', 'Quantity', 'Price', 'Notional', 'Fee', 'Realised P&L']);
    assert.equal(rows.length, SCENARIO_FILLS);
    assert.deepEqual(rows[0]!.slice(0, 9), ['2023-01-03T15:00:00.000Z', 'GOOG', 'buy', '100', '90.00', '9000.00', '1.00', '0.00', '-9001.00']);
    assert.deepEqual(rows[2]!.slice(0, 8), ['2023-06-01T15:00:00.000Z', 'GOOG', 'sell', '120', '100.00', '12000.00', '1.00', '1100.00']);
  });

  it('shows the chosen columns of the filtered fills only', async () => {
    const report = await createReport(alice, { kind: 'custom', format: 'csv', columns: ['symbol', 'quantity', 'price'], filters: { side: 'sell', symbols: ['GOOG'] } });
    const rows = csvRows((await h.call('GET', `/v1/reports/${report.id}/download`, { as: alice })).rawPayload);
    assert.deepEqual(rows, [
      ['Symbol', 'Quantity', 'Price'],
      ['GOOG', '120', '100.00'],
      ['GOOG', '60', '110.00'],
    ]);
  });
});

describe('versions and retention', () => {
  it('stores every regeneration as a new version and object, and the sweeper deletes expired ones', async () => {
    const report = await createReport(alice, { kind: 'trade-history', format: 'pdf' });
    const second = await h.call('POST', `/v1/reports/${report.id}/versions`, { as: alice });
    assert.equal(second.statusCode, 201, second.body);
    assert.equal(second.json().version, 2);
    const listed = (await h.call('GET', `/v1/reports/${report.id}`, { as: alice })).json();
    assert.deepEqual(listed.versions.map((v: { version: number }) => v.version), [2, 1]);
    assert.equal(listed.latestVersion, 2);
    const { rows: keys } = await h.pool.query('SELECT object_key FROM reporting_versions WHERE report_id = $1 ORDER BY version', [report.id]);
    assert.equal(new Set(keys.map((row) => row.object_key)).size, 2);
    for (const { object_key: key } of keys) assert.ok(await h.storage.head(key), `object ${key} is in S3`);
    for (const version of [1, 2]) {
      const download = await h.call('GET', `/v1/reports/${report.id}/download?version=${version}`, { as: alice });
      assert.equal(download.statusCode, 200);
      assert.equal(download.rawPayload.subarray(0, 5).toString(), '%PDF-');
    }
    // Nothing has expired yet (365 days by default) ...
    assert.equal(await sweepExpiredVersions(h.pool, h.storage, new Date()), 0);
    // ... and a year and a day later every version made now has.
    const deleted = await sweepExpiredVersions(h.pool, h.storage, new Date(Date.now() + 366 * 86_400_000));
    assert.ok(deleted >= 2, `deleted ${deleted}`);
    for (const { object_key: key } of keys) assert.equal(await h.storage.head(key), undefined, `object ${key} was deleted`);
    const gone = await h.call('GET', `/v1/reports/${report.id}/download?version=1`, { as: alice });
    assert.equal(gone.statusCode, 404);
    assert.equal(gone.json().error.code, 'REPORT_NOT_FOUND');
    assert.deepEqual((await h.call('GET', `/v1/reports/${report.id}`, { as: alice })).json().versions, []);
  });

  it('removes objects no version records once they are older than the grace period', async () => {
    const report = await createReport(alice, { kind: 'trade-history', format: 'csv' });
    const { rows } = await h.pool.query('SELECT object_key FROM reporting_versions WHERE report_id = $1', [report.id]);
    const recorded = rows[0].object_key as string;
    // What a crash between storing an object and recording its version leaves behind.
    const orphan = `reports/${alice.id}/${report.id}/v2-crashed.csv`;
    await h.storage.put(orphan, 'half a report');
    // Within the grace period nothing goes (a generation may still be recording it).
    assert.equal(await sweepOrphanObjects(h.pool, h.storage, new Date(), 3_600_000), 0);
    assert.ok(await h.storage.head(orphan));
    const later = new Date(Date.now() + 2 * 3_600_000);
    assert.ok((await sweepOrphanObjects(h.pool, h.storage, later, 3_600_000)) >= 1);
    assert.equal(await h.storage.head(orphan), undefined);
    assert.ok(await h.storage.head(recorded), 'a recorded version is never an orphan');
    assert.equal((await h.call('GET', `/v1/reports/${report.id}/download`, { as: alice })).statusCode, 200);
  });

  it('deletes a report with its objects', async () => {
    const report = await createReport(alice, { kind: 'tax', format: 'csv' });
    const { rows } = await h.pool.query('SELECT object_key FROM reporting_versions WHERE report_id = $1', [report.id]);
    assert.equal((await h.call('DELETE', `/v1/reports/${report.id}`, { as: alice })).statusCode, 204);
    assert.equal(await h.storage.head(rows[0].object_key), undefined);
    assert.equal((await h.call('GET', `/v1/reports/${report.id}`, { as: alice })).statusCode, 404);
  });
});

describe('ownership and errors', () => {
  it('answers 404 for another user\'s report, version download and account', async () => {
    const report = await createReport(alice, { kind: 'tax', format: 'csv' });
    for (const [method, url] of [
      ['GET', `/v1/reports/${report.id}`],
      ['GET', `/v1/reports/${report.id}/download`],
      ['GET', `/v1/reports/${report.id}/download?version=1`],
      ['POST', `/v1/reports/${report.id}/versions`],
      ['DELETE', `/v1/reports/${report.id}`],
    ] as const) {
      const response = await h.call(method, url, { as: bob });
      assert.equal(response.statusCode, 404, `${method} ${url}`);
      assert.equal(response.json().error.code, 'REPORT_NOT_FOUND');
      assert.ok(!response.body.includes(ledger.accountId));
    }
    assert.ok(!(await h.call('GET', '/v1/reports', { as: bob })).body.includes(report.id));
    const foreign = await h.call('POST', '/v1/reports', { as: bob, body: { definition: { kind: 'tax', format: 'csv', accountId: ledger.accountId, period: PERIOD } } });
    assert.equal(foreign.statusCode, 404);
    assert.equal(foreign.json().error.code, 'REPORT_ACCOUNT_NOT_FOUND');
    // A risk officer may report on any account; the report is then theirs alone.
    const risk = h.user('risk');
    const audited = await h.call('POST', '/v1/reports', { as: risk, body: { definition: { kind: 'tax', format: 'csv', accountId: ledger.accountId, period: PERIOD } } });
    assert.equal(audited.statusCode, 201, audited.body);
    assert.equal((await h.call('GET', `/v1/reports/${audited.json().id}`, { as: alice })).statusCode, 404);
  });

  it('answers documented 4xx codes, never 5xx', async () => {
    const bad = async (body: unknown, status: number, code: string) => {
      const response = await h.call('POST', '/v1/reports', { as: alice, body });
      assert.equal(response.statusCode, status, response.body);
      assert.equal(response.json().error.code, code);
    };
    const definition = { kind: 'tax', format: 'csv', accountId: ledger.accountId, period: PERIOD };
    await bad({ definition: { ...definition, period: { from: PERIOD.to, to: PERIOD.from } } }, 422, 'REPORT_INVALID_PERIOD');
    await bad({ definition: { ...definition, period: { from: PERIOD.from, lookbackDays: 3 } } }, 422, 'REPORT_INVALID_PERIOD');
    await bad({ definition: { ...definition, period: {} } }, 422, 'REPORT_INVALID_PERIOD');
    await bad({ definition: { ...definition, period: { from: '1960-01-01T00:00:00Z' } } }, 422, 'REPORT_INVALID_PERIOD');
    await bad({ definition: { ...definition, kind: 'astrology' } }, 400, 'REQUEST_INVALID');
    await bad({ definition: { ...definition, columns: ['symbol', 'symbol'] } }, 400, 'REQUEST_INVALID');
    assert.equal((await h.call('GET', '/v1/reports')).json().error.code, 'REPORT_UNAUTHENTICATED');
    const none = await h.call('GET', '/v1/reports/00000000-0000-4000-8000-000000000000/download?version=7', { as: alice });
    assert.equal(none.statusCode, 404);
  });

  it('refuses a report with more rows than allowed', async () => {
    const small = await startHarness({ env: { KESTREL_REPORTING_MAX_ROWS: '3' }, smtp: false });
    try {
      const owner = small.user();
      const book = await bookScenario(small.pool, owner.id);
      const response = await small.call('POST', '/v1/reports', { as: owner, body: { definition: { kind: 'trade-history', format: 'csv', accountId: book.accountId, period: PERIOD } } });
      assert.equal(response.statusCode, 422, response.body);
      assert.equal(response.json().error.code, 'REPORT_TOO_LARGE');
      assert.deepEqual((await small.call('GET', '/v1/reports', { as: owner })).json().reports, [], 'a failed first generation keeps no report');
    } finally {
      await small.close();
    }
  });
});
