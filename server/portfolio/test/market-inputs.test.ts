// The internal market-input routes at their edges, against real PostgreSQL: batch sizes (the
// largest valid bodies fit the route limits, one entry too many is a 400 and never a 413),
// schema-valid data the schemas cannot fully judge (a day that does not exist, an instant pushed
// past year 9999 by its offset, an inconsistent instrument, a price that would overflow a
// holder's valuation) answers 422 with a stable code and writes nothing, and repeated keys in one
// batch store what separate requests in order would.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TradingError } from '@kestrel/shared';
import { translateTradingError } from '../src/errors.js';
import { DAILY_CLOSES_BATCH, INSTRUMENTS_BATCH, MARKS_BATCH } from '../src/routes/batch-limits.js';
import { storeDailyCloses } from '../src/services/market-inputs.js';
import { deliver, executedEvent, fundedAccount, instrumentDefinition } from './support/fixtures.js';
import { SERVICE_TOKEN, startHarness, type Harness } from './support/harness.js';

const MAX = Number.MAX_SAFE_INTEGER;

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h?.close());

/** Compact JSON with every non-ASCII UTF-16 unit \u-escaped: the longest form standard encoders write. */
function escapedJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** PUTs a raw body with the service token. */
async function put(path: string, payload: string) {
  const response = await h.app.inject({ method: 'PUT', url: path, headers: { 'content-type': 'application/json', 'x-kestrel-service-token': SERVICE_TOKEN }, payload });
  return { statusCode: response.statusCode, json: () => response.json(), body: response.body, bytes: Buffer.byteLength(payload) };
}

/** A 32-character symbol unique per index. */
const symbolOf = (index: number) => `S${String(index).padStart(31, '0')}`;

/** 1000 distinct real days starting 2000-01-01. */
const holidays = Array.from({ length: 1000 }, (_, index) => new Date(Date.UTC(2000, 0, 1 + index)).toISOString().slice(0, 10));
const sessions = Array.from({ length: 32 }, () => ({ days: [1, 2, 3, 4, 5, 6, 7], open: '00:00', close: '23:59' }));

/** The largest instrument the schema allows: every string, array and number at its longest. */
function largestInstrument(index: number) {
  return {
    symbol: symbolOf(index),
    currency: 'USD',
    tickSize: '100000000000000000.000000000000000001',
    lotSize: MAX,
    contractMultiplier: MAX,
    name: '\u{1F600}'.repeat(200),
    assetClass: 'crypto',
    status: 'delisted',
    minQuantityLots: MAX,
    maxQuantityLots: MAX,
    minPriceTicks: -MAX,
    maxPriceTicks: -MAX,
    tradingHours: { timeZone: '\u{1F600}'.repeat(64), sessions, holidays },
  };
}

/** Nearly as large, and consistent, so the portfolio stores it. */
function largeValidInstrument(index: number) {
  return {
    ...largestInstrument(index),
    tickSize: '0.000000000000000001',
    lotSize: 1,
    contractMultiplier: 1,
    maxPriceTicks: MAX,
    tradingHours: { timeZone: 'America/Argentina/ComodRivadavia', sessions, holidays },
  };
}

test('batch limits: maxItems of the largest entries fit the route body limit; one more entry is a 400, not a 413', async () => {
  const instruments = Array.from({ length: INSTRUMENTS_BATCH.maxItems }, (_, index) => largestInstrument(index));
  const largest = await put('/v1/internal/instruments', escapedJson({ instruments }));
  assert.ok(largest.bytes > 1_048_576, `the largest body (${largest.bytes} bytes) is above the default global limit`);
  // Schema-valid (past validation and the size limit) but not a consistent instrument.
  assert.equal(largest.statusCode, 422, largest.body);
  assert.equal(largest.json().error.code, 'PORTFOLIO_INVALID_INSTRUMENT');

  const valid = await put('/v1/internal/instruments', escapedJson({ instruments: instruments.map((_, index) => largeValidInstrument(index)) }));
  assert.equal(valid.statusCode, 200, valid.body);
  assert.deepEqual(valid.json(), { stored: INSTRUMENTS_BATCH.maxItems });

  const marks = Array.from({ length: MARKS_BATCH.maxItems }, (_, index) => ({ symbol: symbolOf(index), priceTicks: -MAX, asOf: '2026-01-02T14:30:00.123456789+15:59' }));
  const marked = await put('/v1/internal/marks', escapedJson({ marks }));
  assert.equal(marked.statusCode, 200, marked.body);
  assert.equal(marked.json().updatedSymbols.length, MARKS_BATCH.maxItems);

  const closes = Array.from({ length: DAILY_CLOSES_BATCH.maxItems }, (_, index) => ({ symbol: symbolOf(index), day: '9999-12-31', closeTicks: MAX }));
  const closed = await put('/v1/internal/daily-closes', escapedJson({ closes }));
  assert.equal(closed.statusCode, 200, closed.body);
  assert.deepEqual(closed.json(), { stored: DAILY_CLOSES_BATCH.maxItems });

  for (const [path, key, entry, limit] of [
    ['/v1/internal/instruments', 'instruments', instrumentDefinition(), INSTRUMENTS_BATCH],
    ['/v1/internal/marks', 'marks', { symbol: 'GOOG', priceTicks: 1, asOf: '2026-01-02T00:00:00Z' }, MARKS_BATCH],
    ['/v1/internal/daily-closes', 'closes', { symbol: 'GOOG', day: '2026-01-02', closeTicks: 1 }, DAILY_CLOSES_BATCH],
  ] as const) {
    const tooMany = await put(path, JSON.stringify({ [key]: Array.from({ length: limit.maxItems + 1 }, () => entry) }));
    assert.equal(tooMany.statusCode, 400, `${path}: ${tooMany.body}`);
    assert.equal(tooMany.json().error.code, 'REQUEST_INVALID');
  }
});

test('days and instants the schemas refuse: year 0, impossible days, leap seconds, offsets beyond ±15:59', async () => {
  for (const day of ['0000-00-00', '0000-01-01', '2023-02-29', '2024-04-31', '2024-13-01']) {
    const response = await put('/v1/internal/daily-closes', JSON.stringify({ closes: [{ symbol: 'GOOG', day, closeTicks: 1 }] }));
    assert.equal(response.statusCode, 400, day);
  }
  for (const asOf of ['0000-01-01T00:00:00Z', '2016-12-31T23:59:60Z', '0078-03-20T18:32:43+18:05', '0100-07-22T13:40:51-16:00', '2023-02-29T00:00:00Z']) {
    const response = await put('/v1/internal/marks', JSON.stringify({ marks: [{ symbol: 'GOOG', priceTicks: 1, asOf }] }));
    assert.equal(response.statusCode, 400, asOf);
  }
});

test('schema-valid data that breaks a domain rule answers 422 with a stable code and writes nothing', async () => {
  const beyond = await put('/v1/internal/marks', JSON.stringify({
    marks: [
      { symbol: 'EDGE1', priceTicks: 5, asOf: '2026-01-02T00:00:00Z' },
      { symbol: 'EDGE2', priceTicks: 5, asOf: '9999-12-31T23:59:59-00:01' },
    ],
  }));
  assert.equal(beyond.statusCode, 422, beyond.body);
  assert.equal(beyond.json().error.code, 'PORTFOLIO_TIMESTAMP_OUT_OF_RANGE');
  assert.deepEqual(beyond.json().error.details, { index: 1 });
  const early = await put('/v1/internal/marks', JSON.stringify({ marks: [{ symbol: 'EDGE1', priceTicks: 5, asOf: '0001-01-01T00:00:00+00:01' }] }));
  assert.equal(early.json().error.code, 'PORTFOLIO_TIMESTAMP_OUT_OF_RANGE');
  const { rows: edgeMarks } = await h.pool.query(`SELECT symbol FROM portfolio_marks WHERE symbol LIKE 'EDGE%'`);
  assert.deepEqual(edgeMarks, []);

  const zeroTick = { ...instrumentDefinition(), symbol: 'ZERO', tickSize: '0' };
  const inconsistent = await put('/v1/internal/instruments', JSON.stringify({ instruments: [instrumentDefinition(), zeroTick] }));
  assert.equal(inconsistent.statusCode, 422, inconsistent.body);
  assert.equal(inconsistent.json().error.code, 'PORTFOLIO_INVALID_INSTRUMENT');
  assert.deepEqual(inconsistent.json().error.details, { index: 1, symbol: 'ZERO' });
  const badZone = { ...instrumentDefinition(), symbol: 'ZONE', tradingHours: { timeZone: 'Mars/Olympus', sessions: [], holidays: [] } };
  assert.equal((await put('/v1/internal/instruments', JSON.stringify({ instruments: [badZone] }))).json().error.code, 'PORTFOLIO_INVALID_INSTRUMENT');
  const { rows: stored } = await h.pool.query(`SELECT symbol FROM portfolio_instruments WHERE symbol IN ('ZERO', 'ZONE')`);
  assert.deepEqual(stored, []);

  // The day check behind the `date` format: a caller that skips HTTP validation still cannot store 30 February.
  await assert.rejects(storeDailyCloses(h.pool, [{ symbol: 'FEB', day: '2024-02-29', closeTicks: 1 }, { symbol: 'FEB', day: '2023-02-30', closeTicks: 1 }]), {
    code: 'PORTFOLIO_INVALID_DAY',
    details: { index: 1 },
  });
  const { rows: closes } = await h.pool.query(`SELECT day FROM portfolio_daily_closes WHERE symbol = 'FEB'`);
  assert.deepEqual(closes, []);
});

test('a price that would value a holding beyond 2^53 - 1 minor units is refused whole: no mark, no snapshot', async () => {
  const instrument = await put('/v1/internal/instruments', JSON.stringify({ instruments: [instrumentDefinition()] }));
  assert.equal(instrument.statusCode, 200, instrument.body);
  const owner = h.user('trader');
  const accountId = await fundedAccount(h, owner, 10_000_000);
  await deliver(h.pool, executedEvent({ accountId, side: 'buy', quantityLots: 10, priceTicks: 10_000, executedAt: '2030-01-07T15:00:00.000Z' }));
  const snapshots = async () => Number((await h.pool.query('SELECT count(*) FROM portfolio_pnl_snapshots WHERE account_id = $1', [accountId])).rows[0].count);
  const before = await snapshots();

  const response = await put('/v1/internal/marks', JSON.stringify({
    marks: [
      { symbol: 'OTHER', priceTicks: 7, asOf: '2030-01-07T15:01:00Z' },
      { symbol: 'GOOG', priceTicks: MAX, asOf: '2030-01-07T15:01:00Z' },
    ],
  }));
  assert.equal(response.statusCode, 422, response.body);
  assert.equal(response.json().error.code, 'PORTFOLIO_AMOUNT_OUT_OF_RANGE');
  const { rows } = await h.pool.query(`SELECT symbol, price_ticks FROM portfolio_marks WHERE symbol IN ('GOOG', 'OTHER') ORDER BY symbol`);
  assert.deepEqual(rows, [{ symbol: 'GOOG', price_ticks: '10000' }]);
  assert.equal(await snapshots(), before);

  const account = await h.call('GET', `/v1/accounts/${accountId}`, { as: owner });
  assert.equal(account.statusCode, 200, account.body);
  assert.equal(account.json().marketValueMinor, 100_000);
});

test('a key repeated in one batch stores what separate requests in order would', async () => {
  const first = { ...instrumentDefinition(), symbol: 'DUP', tickSize: '0.01' };
  const second = { ...first, tickSize: '0.05' };
  const instruments = await put('/v1/internal/instruments', JSON.stringify({ instruments: [first, second] }));
  assert.deepEqual(instruments.json(), { stored: 1 });
  const { rows: economics } = await h.pool.query(`SELECT tick_size FROM portfolio_instruments WHERE symbol = 'DUP'`);
  assert.deepEqual(economics, [{ tick_size: '0.05' }]);

  const marks = await put('/v1/internal/marks', JSON.stringify({
    marks: [
      { symbol: 'DUP', priceTicks: 2, asOf: '2026-01-02T10:00:00+01:00' }, // 09:00Z, the newest
      { symbol: 'DUP', priceTicks: 1, asOf: '2026-01-02T08:00:00Z' },
    ],
  }));
  assert.deepEqual(marks.json(), { updatedSymbols: ['DUP'], revaluedAccounts: 0 });
  const { rows: mark } = await h.pool.query(`SELECT price_ticks, as_of FROM portfolio_marks WHERE symbol = 'DUP'`);
  assert.deepEqual(mark, [{ price_ticks: '2', as_of: new Date('2026-01-02T09:00:00Z') }]);

  const closes = await put('/v1/internal/daily-closes', JSON.stringify({
    closes: [
      { symbol: 'DUP', day: '2026-01-02', closeTicks: 1 },
      { symbol: 'DUP', day: '2026-01-03', closeTicks: 5 },
      { symbol: 'DUP', day: '2026-01-02', closeTicks: 3 },
    ],
  }));
  assert.deepEqual(closes.json(), { stored: 2 });
  const { rows: stored } = await h.pool.query(`SELECT to_char(day, 'YYYY-MM-DD') AS day, close_ticks FROM portfolio_daily_closes WHERE symbol = 'DUP' ORDER BY day`);
  assert.deepEqual(stored, [{ day: '2026-01-02', close_ticks: '3' }, { day: '2026-01-03', close_ticks: '5' }]);
});

test('trading errors caused by data become PORTFOLIO_* codes; the others stay internal errors', () => {
  const translated = translateTradingError(new TradingError('TRADING_AMOUNT_OUT_OF_RANGE', 'market value beyond 2^53 - 1'));
  assert.equal((translated as { code: string; status: number }).code, 'PORTFOLIO_AMOUNT_OUT_OF_RANGE');
  assert.equal((translated as { status: number }).status, 422);
  assert.equal((translateTradingError(new TradingError('TRADING_INVALID_INSTRUMENT', 'x')) as { code: string }).code, 'PORTFOLIO_INVALID_INSTRUMENT');
  const bug = new TradingError('TRADING_INVALID_RATIO', 'denominator 0');
  assert.equal(translateTradingError(bug), bug);
  const other = new Error('boom');
  assert.equal(translateTradingError(other), other);
});
