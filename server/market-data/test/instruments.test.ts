// Instrument management: everyone authenticated reads, admins write; every change goes to the
// outbox as an instruments.updated event with a growing revision in the same transaction; demo
// instruments are seeded once (24/7 hours of the simulation venue); the ingest sink sees a new
// instrument at once.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ALWAYS_OPEN, type Instrument } from '@kestrel/shared';
import { seedDemoInstruments, upgradeDemoTradingHours } from '../src/store/instruments-store.js';
import { startHarness, type Harness } from './support/harness.js';

const ETH: Instrument = {
  symbol: 'ETHUSDT',
  name: 'Ether / Tether (lots of 0.0001 ETH)',
  assetClass: 'crypto',
  status: 'active',
  currency: 'USD',
  tickSize: '0.01',
  lotSize: 1,
  contractMultiplier: 1,
  minQuantityLots: 1,
  maxQuantityLots: 1_000_000,
  minPriceTicks: 1,
  maxPriceTicks: 10_000_000,
  tradingHours: ALWAYS_OPEN,
};

describe('instruments', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h?.close());

  it('seeds the demo instruments once, readable by any authenticated user', async () => {
    const list = await h.call('GET', '/v1/market-data/instruments', { as: h.viewer });
    assert.deepEqual(list.json().instruments.map((i: Instrument) => i.symbol), ['AAPL', 'AMZN', 'GOOG', 'MSFT', 'SPY']);
    assert.deepEqual(await seedDemoInstruments(h.pool), [], 'never again');
    const one = await h.call('GET', '/v1/market-data/instruments?symbol=AAPL', { as: h.viewer });
    assert.deepEqual(one.json().instruments[0].tradingHours, ALWAYS_OPEN, 'demo instruments trade on the simulation venue, 24 h on 7 days');
    assert.equal((await h.call('GET', '/v1/market-data/instruments')).statusCode, 401);
  });

  it('lets only admins create, replace and delete, validating each definition', async () => {
    const denied = await h.call('POST', '/v1/admin/market-data/instruments', { as: h.viewer, body: ETH });
    assert.equal(denied.statusCode, 403);
    assert.equal(denied.json().error.code, 'MARKET_FORBIDDEN');
    const created = await h.call('POST', '/v1/admin/market-data/instruments', { as: h.admin, body: ETH });
    assert.equal(created.statusCode, 201, created.body);
    assert.deepEqual(created.json(), ETH);
    assert.equal((await h.call('POST', '/v1/admin/market-data/instruments', { as: h.admin, body: ETH })).json().error.code, 'MARKET_INSTRUMENT_EXISTS');
    const unknownCurrency = await h.call('POST', '/v1/admin/market-data/instruments', { as: h.admin, body: { ...ETH, symbol: 'ETHXXX', currency: 'XXX' } });
    assert.equal(unknownCurrency.statusCode, 422);
    assert.equal(unknownCurrency.json().error.code, 'MARKET_INSTRUMENT_INVALID');
    const limits = await h.call('POST', '/v1/admin/market-data/instruments', { as: h.admin, body: { ...ETH, symbol: 'ETHBAD', minPriceTicks: 10, maxPriceTicks: 5 } });
    assert.equal(limits.json().error.code, 'MARKET_INSTRUMENT_INVALID');
    const badTick = await h.call('POST', '/v1/admin/market-data/instruments', { as: h.admin, body: { ...ETH, symbol: 'ETHBAD', tickSize: '0.0.1' } });
    assert.equal(badTick.statusCode, 400);

    const renamed = await h.call('PUT', '/v1/admin/market-data/instruments/ETHUSDT', { as: h.admin, body: { ...ETH, symbol: 'ETHUSD' } });
    assert.equal(renamed.json().error.code, 'MARKET_INSTRUMENT_INVALID');
    const halted = await h.call('PUT', '/v1/admin/market-data/instruments/ETHUSDT', { as: h.admin, body: { ...ETH, status: 'halted' } });
    assert.equal(halted.statusCode, 200);
    const list = await h.call('GET', '/v1/market-data/instruments?status=halted', { as: h.viewer });
    assert.deepEqual(list.json().instruments.map((i: Instrument) => i.symbol), ['ETHUSDT']);
    assert.equal((await h.call('PUT', '/v1/admin/market-data/instruments/NOPE', { as: h.admin, body: { ...ETH, symbol: 'NOPE' } })).json().error.code, 'MARKET_INSTRUMENT_NOT_FOUND');
  });

  it('feeds the sink at once, and refuses to delete an instrument with stored data', async () => {
    const trade = { kind: 'trade', symbol: 'ETHUSDT', source: 'sim', timeMicros: Date.now() * 1000, priceTicks: 300_000, quantityLots: 10, aggressor: null, tradeId: 'eth-1' };
    assert.equal((await h.sink.ingest([trade])).accepted, 1);
    const inUse = await h.call('DELETE', '/v1/admin/market-data/instruments/ETHUSDT', { as: h.admin });
    assert.equal(inUse.statusCode, 409);
    assert.equal(inUse.json().error.code, 'MARKET_INSTRUMENT_HAS_DATA');
    const created = await h.call('POST', '/v1/admin/market-data/instruments', { as: h.admin, body: { ...ETH, symbol: 'SOLUSDT', name: 'Solana' } });
    assert.equal(created.statusCode, 201);
    assert.equal((await h.call('DELETE', '/v1/admin/market-data/instruments/SOLUSDT', { as: h.admin })).statusCode, 204);
    assert.equal((await h.call('DELETE', '/v1/admin/market-data/instruments/SOLUSDT', { as: h.admin })).json().error.code, 'MARKET_INSTRUMENT_NOT_FOUND');
    assert.equal((await h.sink.ingest([{ ...trade, symbol: 'SOLUSDT', tradeId: 'sol-1' }])).rejected[0]!.code, 'MARKET_INSTRUMENT_NOT_FOUND');
  });

  it('writes every change to the outbox as an instruments.updated event keyed by symbol, revisions growing', async () => {
    const { rows } = await h.pool.query<{ key: string; change: string; revision: number }>(
      "SELECT key, payload->>'change' AS change, (payload->>'revision')::int AS revision FROM outbox WHERE topic = 'instruments.updated' AND key IN ('ETHUSDT', 'SOLUSDT', 'AAPL') ORDER BY seq",
    );
    assert.deepEqual(
      rows.map((row) => `${row.key} ${row.change}`),
      ['AAPL created', 'AAPL snapshot', 'ETHUSDT created', 'ETHUSDT updated', 'SOLUSDT created', 'SOLUSDT deleted'],
    );
    const changes = rows.filter((row) => row.change !== 'snapshot').map((row) => row.revision);
    assert.deepEqual(changes, [...changes].sort((a, b) => a - b), 'every change has a higher revision than the one before');
    assert.equal(new Set(changes).size, changes.length);
    assert.equal(rows[1]!.revision, rows[0]!.revision, 'the start-up snapshot re-announces the stored revision');
    const legacy = await h.pool.query("SELECT 1 FROM outbox WHERE topic = 'market.data' AND payload->>'kind' = 'instrument'");
    assert.equal(legacy.rowCount, 0, 'instrument changes travel only on instruments.updated');
  });

  it('moves demo instruments still on the hours an earlier version seeded to 24/7, once, leaving changed hours alone', async () => {
    const nasdaq = { timeZone: 'America/New_York', sessions: [{ days: [1, 2, 3, 4, 5], open: '09:30', close: '16:00' }], holidays: [] };
    const custom = { ...nasdaq, holidays: ['2026-12-25'] };
    await h.pool.query("UPDATE md_instruments SET trading_hours = $2::jsonb WHERE symbol = $1", ['AMZN', JSON.stringify(nasdaq)]);
    await h.pool.query("UPDATE md_instruments SET trading_hours = $2::jsonb WHERE symbol = $1", ['GOOG', JSON.stringify(custom)]);
    await h.pool.query("DELETE FROM md_service_state WHERE key = 'demo-instruments-24x7'");
    assert.deepEqual(await upgradeDemoTradingHours(h.pool), ['AMZN']);
    assert.deepEqual(await upgradeDemoTradingHours(h.pool), [], 'once per database');
    const hours = async (symbol: string) => (await h.call('GET', `/v1/market-data/instruments?symbol=${symbol}`, { as: h.viewer })).json().instruments[0].tradingHours;
    assert.deepEqual(await hours('AMZN'), ALWAYS_OPEN);
    assert.deepEqual(await hours('GOOG'), custom, 'hours an admin changed stay');
    const { rows } = await h.pool.query("SELECT payload->>'change' AS change FROM outbox WHERE topic = 'instruments.updated' AND key = 'AMZN' ORDER BY seq DESC LIMIT 1");
    assert.equal(rows[0]!.change, 'updated', 'the change is announced');
  });
});
