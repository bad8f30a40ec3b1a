// Exposure and VaR through the API, on the real GOOG daily closes from shared/data (pushed through
// the internal daily-closes route as the market-data service would).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readOhlcvCsv } from '@kestrel/shared';
import { deliver, executedEvent, fundedAccount, GOOG } from './support/fixtures.js';
import { SERVICE_TOKEN, startHarness, type Harness } from './support/harness.js';

let h: Harness;
let closes: { symbol: string; day: string; closeTicks: number }[];
before(async () => {
  h = await startHarness();
  const text = readFileSync(fileURLToPath(new URL('../../../../shared/data/ohlcv/GOOG.csv', import.meta.url)), 'utf8');
  closes = readOhlcvCsv(text, { tickSize: '0.01' }).bars.map((bar) => ({
    symbol: 'GOOG',
    day: new Date(bar.timestamp).toISOString().slice(0, 10),
    closeTicks: bar.ticks!.close,
  }));
});
after(() => h?.close());

test('VaR needs enough shared history, then matches a reference computed from the raw closes', async () => {
  const owner = h.user('trader');
  const accountId = await fundedAccount(h, owner, 100_000_000);
  await deliver(h.pool, executedEvent({ accountId, side: 'buy', quantityLots: 100, priceTicks: 80_619 }));

  const early = await h.call('PUT', '/v1/internal/daily-closes', { token: SERVICE_TOKEN, body: { closes: closes.slice(0, 50) } });
  assert.deepEqual(early.json(), { stored: 50 });
  const insufficient = await h.call('GET', `/v1/var?accountId=${accountId}`, { as: owner });
  assert.equal(insufficient.statusCode, 422);
  assert.equal(insufficient.json().error.code, 'PORTFOLIO_VAR_INSUFFICIENT_HISTORY');
  assert.equal(insufficient.json().error.details.scenarios, 49);

  const all = await h.call('PUT', '/v1/internal/daily-closes', { token: SERVICE_TOKEN, body: { closes } });
  assert.equal(all.json().stored, closes.length);
  const response = await h.call('GET', `/v1/var?accountId=${accountId}`, { as: owner });
  assert.equal(response.statusCode, 200, response.body);
  const report = response.json();
  assert.equal(report.scenarioCount, 250);
  assert.equal(report.confidenceBps, 9900);
  assert.equal(report.lastDay, '2013-03-01');
  assert.deepEqual(report.symbols, ['GOOG']);

  // Reference: the last 251 closes, returns applied to 100 lots at the mark (the fill price).
  const window = closes.slice(-251);
  const pnl = window.slice(1).map((close, index) => (100 * 80_619 * (close.closeTicks - window[index]!.closeTicks)) / window[index]!.closeTicks);
  const sorted = [...pnl].sort((x, y) => x - y);
  assert.ok(Math.abs(report.valueAtRiskMinor - -sorted[2]!) <= 0.5 + 1e-6, `${report.valueAtRiskMinor} vs ${-sorted[2]!}`);
  assert.equal(report.worstScenarios.length, 3);
  assert.ok(report.expectedShortfallMinor >= report.valueAtRiskMinor);
});

test('exposure of a long and a short position', async () => {
  const owner = h.user('trader');
  const accountId = await fundedAccount(h, owner, 10_000_000);
  const ibm = { ...GOOG, symbol: 'IBM' };
  await deliver(h.pool, executedEvent({ accountId, side: 'buy', quantityLots: 10, priceTicks: 10_000 }));
  await deliver(h.pool, executedEvent({ accountId, side: 'sell', quantityLots: 5, priceTicks: 20_000, instrument: ibm }));
  const response = await h.call('GET', `/v1/exposure?accountId=${accountId}`, { as: owner });
  assert.equal(response.statusCode, 200, response.body);
  const exposure = response.json();
  assert.deepEqual([exposure.grossMinor, exposure.netMinor, exposure.longMinor, exposure.shortMinor], [200_000, 0, 100_000, -100_000]);
  assert.deepEqual(exposure.bySymbol.map((entry: { symbol: string; shareOfGrossBps: number }) => [entry.symbol, entry.shareOfGrossBps]), [['GOOG', 5000], ['IBM', 5000]]);
  assert.equal(exposure.leverageBps, 200); // gross 200 000 / equity 10 000 000 = 2 %
  const account = (await h.call('GET', `/v1/accounts/${accountId}`, { as: owner })).json();
  // Cash account: long fully paid, short collateralised 100 % on top of its proceeds.
  assert.equal(account.requiredMarginMinor, 200_000);
  assert.equal(account.buyingPowerMinor, 10_000_000 - 200_000);
});
