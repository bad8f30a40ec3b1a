// The internal history routes against real PostgreSQL: guarded like every internal route, keyset
// pages that concatenate to exactly the one-page answer (fills, lot disposals, daily valuations),
// disposals counted over history before the period, and refusals of reversed ranges and foreign
// cursors as 4xx.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { deliver, executedEvent, fundedAccount, instrumentDefinition } from './support/fixtures.js';
import { SERVICE_TOKEN, startHarness, type Harness } from './support/harness.js';

let h: Harness;
let accountId: string;
const DAY = 86_400_000;
const T0 = Date.UTC(2024, 2, 4, 15);
const FROM = new Date(T0 - DAY).toISOString();
const TO = new Date(T0 + 10 * DAY).toISOString();

before(async () => {
  h = await startHarness();
  const stored = await h.call('PUT', '/v1/internal/instruments', { token: SERVICE_TOKEN, body: { instruments: [instrumentDefinition()] } });
  assert.equal(stored.statusCode, 200, stored.body);
  accountId = await fundedAccount(h, h.user('trader'), 10_000_000);
  // Three buys (three lots), then sells that relieve them FIFO across days; two fills share an instant.
  const fills: [string, number, number, number][] = [
    ['buy', 5, 10_000, 0],
    ['buy', 5, 10_100, 0],
    ['buy', 5, 10_200, 1],
    ['sell', 7, 10_300, 2],
    ['sell', 4, 10_050, 3],
    ['sell', 2, 10_400, 5],
  ];
  for (const [side, quantityLots, priceTicks, day] of fills) {
    const booked = await deliver(h.pool, executedEvent({ accountId, side: side as 'buy' | 'sell', quantityLots, priceTicks, feeMinor: 10, executedAt: new Date(T0 + day * DAY).toISOString() }));
    assert.notEqual(booked, 'skipped');
  }
});
after(() => h?.close());

async function page(path: string, query: Record<string, string | number>) {
  const search = new URLSearchParams(Object.entries(query).map(([key, value]): [string, string] => [key, String(value)]));
  return h.call('GET', `/v1/internal/accounts/${accountId}/${path}?${search}`, { token: SERVICE_TOKEN });
}

/** Every row of a list read `limit` at a time, and the number of pages. */
async function readAll(path: string, field: string, limit: number): Promise<{ rows: unknown[]; pages: number }> {
  const rows: unknown[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const response = await page(path, { from: FROM, to: TO, limit, ...(cursor === null ? {} : { cursor }) });
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    rows.push(...body[field]);
    cursor = body.nextCursor;
    pages++;
  } while (cursor !== null);
  return { rows, pages };
}

test('fills: pages of one concatenate to the whole list, oldest first, with the instrument economics', async () => {
  const whole = await readAll('fills', 'fills', 1000);
  assert.equal(whole.pages, 1);
  assert.equal(whole.rows.length, 6);
  const fills = whole.rows as { side: string; quantityLots: number; executedAt: string; tickSize: string; lotSize: number; realisedPnlMinor: number }[];
  assert.deepEqual(fills.map((fill) => [fill.side, fill.quantityLots]), [['buy', 5], ['buy', 5], ['buy', 5], ['sell', 7], ['sell', 4], ['sell', 2]]);
  assert.equal(fills[0]!.tickSize, '0.01');
  // FIFO: 5 lots at 10,000 and 2 at 10,100 sold at 10,300 = 5 x 300 + 2 x 200 ticks of one cent.
  assert.equal(fills[3]!.realisedPnlMinor, 1_900);
  const paged = await readAll('fills', 'fills', 1);
  assert.equal(paged.pages, 6);
  assert.deepEqual(paged.rows, whole.rows);
  const later = await page('fills', { from: new Date(T0 + 2 * DAY).toISOString(), to: TO });
  assert.equal(later.json().fills.length, 3);
});

test('lot disposals: pages concatenate to the whole list, positions counted over earlier history', async () => {
  const whole = await readAll('lot-disposals', 'disposals', 1000);
  const disposals = whole.rows as { quantityLots: number; lotBeforeLots: number; closeBeforeLots: number; lotOriginalQuantityLots: number }[];
  // sell 7: lot 1 (5) + lot 2 (2); sell 4: lot 2 (3) + lot 3 (1); sell 2: lot 3 (2).
  assert.deepEqual(disposals.map((row) => [row.quantityLots, row.closeBeforeLots, row.lotBeforeLots]), [[5, 0, 0], [2, 5, 0], [3, 0, 2], [1, 3, 0], [2, 0, 1]]);
  assert.deepEqual((await readAll('lot-disposals', 'disposals', 2)).rows, whole.rows);
  const lastOnly = await page('lot-disposals', { from: new Date(T0 + 4 * DAY).toISOString(), to: TO });
  assert.deepEqual(lastOnly.json().disposals.map((row: { lotBeforeLots: number }) => row.lotBeforeLots), [1], 'the lot\'s earlier relief is counted though it lies before the period');
});

test('daily valuations: the last before the period, then one per day with one, paged', async () => {
  const whole = await readAll('daily-valuations', 'valuations', 1000);
  const days = (whole.rows as { at: string }[]).map((row) => row.at.slice(0, 10));
  assert.deepEqual(new Set(days).size, days.length, 'one valuation a day');
  assert.ok(days.includes('2024-03-04') && days.includes('2024-03-09'));
  assert.deepEqual((await readAll('daily-valuations', 'valuations', 1)).rows, whole.rows);
});

test('the internal account read answers any account to the service, 404 for none', async () => {
  const account = await h.call('GET', `/v1/internal/accounts/${accountId}`, { token: SERVICE_TOKEN });
  assert.equal(account.statusCode, 200, account.body);
  assert.equal(account.json().id, accountId);
  const none = await h.call('GET', `/v1/internal/accounts/${randomUUID()}`, { token: SERVICE_TOKEN });
  assert.equal(none.json().error.code, 'PORTFOLIO_ACCOUNT_NOT_FOUND');
});

test('refusals: no token, a trader, a reversed range, a foreign or forged cursor, a page too large', async () => {
  const path = `/v1/internal/accounts/${accountId}/fills?from=${FROM}&to=${TO}`;
  assert.equal((await h.call('GET', path)).json().error.code, 'PORTFOLIO_SERVICE_TOKEN_INVALID');
  assert.equal((await h.call('GET', path, { as: h.user('trader') })).statusCode, 401);
  assert.equal((await h.call('GET', path, { as: h.user('admin') })).statusCode, 200);
  const reversed = await page('fills', { from: TO, to: FROM });
  assert.equal(reversed.statusCode, 422);
  assert.equal(reversed.json().error.code, 'PORTFOLIO_INVALID_RANGE');
  const fillsCursor = (await page('fills', { from: FROM, to: TO, limit: 1 })).json().nextCursor as string;
  const foreign = await page('daily-valuations', { from: FROM, to: TO, cursor: fillsCursor });
  assert.equal(foreign.statusCode, 422);
  assert.equal(foreign.json().error.code, 'PORTFOLIO_CURSOR_INVALID');
  const forged = Buffer.from(JSON.stringify(['fills', '99999999999999999999', '0', randomUUID()])).toString('base64url');
  assert.equal((await page('fills', { from: FROM, to: TO, cursor: forged })).statusCode, 422);
  assert.equal((await page('fills', { from: FROM, to: TO, limit: 1001 })).statusCode, 400);
  assert.equal((await page('fills', { from: 'yesterday', to: TO })).statusCode, 400);
});
