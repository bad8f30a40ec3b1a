// Reporting reads account history only through the portfolio's internal routes: a portfolio that
// refuses reporting's service token makes report creation a 503 REPORT_UPSTREAM_UNAVAILABLE that
// keeps nothing (never a 500, never a report built from nothing), and with the right token a
// trade history longer than one page arrives whole (maxRows above the portfolio's page size).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HISTORY_PAGE_MAX } from '@kestrel/shared';
import { startHarness } from './support/harness.js';
import { PortfolioLedger } from './support/portfolio-ledger.js';
import { bookScenario } from './support/scenario.js';

const PERIOD = { from: '2020-01-01T00:00:00Z', to: '2030-01-01T00:00:00Z' };

describe('the portfolio as reporting\'s source', () => {
  it('a refused service token is 503 REPORT_UPSTREAM_UNAVAILABLE and keeps no report', async () => {
    const h = await startHarness({ env: { KESTREL_REPORTING_PORTFOLIO_SERVICE_TOKEN: 'not-the-portfolio-token-0123456789abcdef' }, smtp: false });
    try {
      const owner = h.user();
      const book = await bookScenario(h.pool, owner.id);
      const response = await h.call('POST', '/v1/reports', { as: owner, body: { definition: { kind: 'trade-history', format: 'csv', accountId: book.accountId, period: PERIOD } } });
      assert.equal(response.statusCode, 503, response.body);
      assert.equal(response.json().error.code, 'REPORT_UPSTREAM_UNAVAILABLE');
      assert.deepEqual((await h.call('GET', '/v1/reports', { as: owner })).json().reports, []);
    } finally {
      await h.close();
    }
  });

  it('reads a history longer than one portfolio page whole', async () => {
    const h = await startHarness({ smtp: false });
    try {
      const owner = h.user();
      const ledger = await new PortfolioLedger(h.pool, owner.id).open('Busy account', ['AAPL']);
      await ledger.deposit(1_000_000_000, '2024-01-01T00:00:00Z');
      const fills = HISTORY_PAGE_MAX + 5;
      for (let i = 0; i < fills; i++) await ledger.fill('AAPL', i % 2 === 0 ? 'buy' : 'sell', 1, 10_000 + (i % 7), new Date(Date.UTC(2024, 0, 2) + i * 60_000).toISOString());
      const response = await h.call('POST', '/v1/reports', { as: owner, body: { definition: { kind: 'trade-history', format: 'csv', accountId: ledger.accountId, period: PERIOD } } });
      assert.equal(response.statusCode, 201, response.body);
      assert.equal(response.json().versions[0].rows, fills);
    } finally {
      await h.close();
    }
  });
});
