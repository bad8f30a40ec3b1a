// Instrument definitions flow from their owner, the market-data service, to the order and
// portfolio services through `instruments.updated` only (no test pushes them here): the seeded
// demo instruments, an admin's create/change/delete, a restart that finds the copies missing (the
// start-up re-announcement restores them), and a stale revision that must not win. Also the
// trading hours that follow: the simulation venue's demo instruments trade 24/7, an admin's
// real-exchange instrument keeps its exchange hours (ORDER_MARKET_CLOSED outside them).
// Runs the whole registry (as `kestrel serve --all`) on real PostgreSQL with the in-process bus.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createEnvelope } from '@kestrel/server-common';
import type { Instrument } from '@kestrel/shared';
import { OrderHarness, stock, type TestUser } from '../orders/support/harness.js';

const DEMO = ['AAPL', 'AMZN', 'GOOG', 'MSFT', 'SPY'];
/** Sunday 2026-03-08 03:00 UTC: outside any US exchange session. */
const SUNDAY_NIGHT = Date.parse('2026-03-08T03:00:00.000Z');
const NYSE_HOURS: Instrument['tradingHours'] = {
  timeZone: 'America/New_York',
  sessions: [{ days: [1, 2, 3, 4, 5], open: '09:30', close: '16:00' }],
  holidays: [],
};

let h: OrderHarness;
let trader: TestUser;
let account: string;
let serial = 0;

async function orderCopy(symbol: string): Promise<{ definition: Instrument; revision: number } | null> {
  const { rows } = await h.deps.db.query<{ definition: Instrument; revision: string }>('SELECT definition, revision FROM order_instruments WHERE symbol = $1', [symbol]);
  return rows[0] ? { definition: rows[0].definition, revision: Number(rows[0].revision) } : null;
}

async function portfolioCopy(symbol: string): Promise<{ lotSize: number; revision: number } | null> {
  const { rows } = await h.deps.db.query<{ lot_size: string; revision: string }>('SELECT lot_size, revision FROM portfolio_instruments WHERE symbol = $1', [symbol]);
  return rows[0] ? { lotSize: Number(rows[0].lot_size), revision: Number(rows[0].revision) } : null;
}

async function bothKnow(symbols: readonly string[]): Promise<boolean> {
  for (const symbol of symbols) {
    if ((await orderCopy(symbol)) === null || (await portfolioCopy(symbol)) === null) return false;
  }
  return true;
}

async function place(symbol: string): Promise<Record<string, unknown>> {
  const response = await h.call('POST', '/v1/orders', {
    as: trader,
    body: { clientOrderId: `sync-${++serial}`, accountId: account, symbol, side: 'buy', type: 'limit', timeInForce: 'DAY', quantityLots: 1, limitPriceTicks: 10_000 },
  });
  assert.ok([200, 201].includes(response.statusCode), response.body);
  return response.json() as Record<string, unknown>;
}

before(async () => {
  h = await OrderHarness.start({ startMs: SUNDAY_NIGHT });
  trader = await h.user('trader');
  account = await h.account(trader, 10_000_000);
});
after(() => h?.close());

describe('instrument sync', () => {
  it('the seeded demo instruments reach the order service and the portfolio with their revisions', async () => {
    await h.waitFor(() => bothKnow(DEMO), 'the demo instruments in order_instruments and portfolio_instruments');
    const { rows } = await h.deps.db.query<{ symbol: string; revision: string }>('SELECT symbol, revision FROM md_instruments ORDER BY symbol');
    for (const row of rows) {
      assert.equal((await orderCopy(row.symbol))!.revision, Number(row.revision), `order copy of ${row.symbol}`);
      assert.equal((await portfolioCopy(row.symbol))!.revision, Number(row.revision), `portfolio copy of ${row.symbol}`);
    }
  });

  it('demo instruments trade 24/7; a real-exchange instrument keeps its hours', async () => {
    // Sunday night: a demo instrument (simulation venue) is open, so the buying-power check runs.
    const demo = await place('AAPL');
    assert.notEqual(demo.rejectReason, 'ORDER_MARKET_CLOSED');
    assert.notEqual(demo.status, 'rejected', JSON.stringify(demo));
    const created = await h.call('POST', '/v1/admin/market-data/instruments', { as: h.admin, body: stock('XNYS', { tradingHours: NYSE_HOURS }) });
    assert.equal(created.statusCode, 201, created.body);
    await h.waitFor(() => bothKnow(['XNYS']), 'the admin-created instrument to reach order and portfolio');
    const closed = await place('XNYS');
    assert.deepEqual([closed.status, closed.rejectReason], ['rejected', 'ORDER_MARKET_CLOSED']);
    // Monday 09:30 New York: the same instrument is open.
    await h.time.advanceTo(Date.parse('2026-03-09T13:30:00.000Z'));
    assert.notEqual((await place('XNYS')).status, 'rejected');
  });

  it('a change reaches both copies; a stale revision is ignored; a delete removes the order copy only', async () => {
    const changed = await h.call('PUT', '/v1/admin/market-data/instruments/XNYS', { as: h.admin, body: stock('XNYS', { tradingHours: NYSE_HOURS, lotSize: 100, maxQuantityLots: 5 }) });
    assert.equal(changed.statusCode, 200, changed.body);
    await h.waitFor(async () => (await orderCopy('XNYS'))?.definition.maxQuantityLots === 5 && (await portfolioCopy('XNYS'))?.lotSize === 100, 'the change in both copies');
    const current = (await orderCopy('XNYS'))!.revision;

    // An old definition delivered late (a redelivery, a re-announcement) must not win.
    const stale = createEnvelope('instruments.updated', 'XNYS', { change: 'updated', revision: current - 1, instrument: stock('XNYS', { lotSize: 7 }) });
    await h.deps.bus.publish(stale);
    await h.waitFor(
      async () => (await h.deps.db.query('SELECT 1 FROM processed_events WHERE event_id = $1', [stale.id])).rowCount === 2,
      'both consumers to handle the stale event',
    );
    assert.equal((await orderCopy('XNYS'))!.definition.maxQuantityLots, 5);
    assert.deepEqual(await portfolioCopy('XNYS'), { lotSize: 100, revision: current });

    const created = await h.call('POST', '/v1/admin/market-data/instruments', { as: h.admin, body: stock('GONE') });
    assert.equal(created.statusCode, 201, created.body);
    await h.waitFor(() => bothKnow(['GONE']), 'GONE to arrive');
    assert.equal((await h.call('DELETE', '/v1/admin/market-data/instruments/GONE', { as: h.admin })).statusCode, 204);
    await h.waitFor(async () => (await orderCopy('GONE')) === null, 'the order service to forget GONE');
    assert.notEqual(await portfolioCopy('GONE'), null, 'the portfolio keeps the economics (positions may still need them)');
    assert.equal((await place('GONE')).rejectReason, 'ORDER_INSTRUMENT_UNKNOWN');
  });

  it('a restarted process gets back every instrument it lost (the start-up re-announcement)', async () => {
    await h.settle();
    // What a consumer that missed events looks like: its copies are gone or out of date (nothing
    // re-sends them while this process runs).
    await h.deps.db.query("DELETE FROM order_instruments WHERE symbol IN ('AAPL', 'XNYS')");
    await h.deps.db.query("DELETE FROM portfolio_instruments WHERE symbol IN ('MSFT', 'XNYS')");
    await h.deps.db.query("UPDATE order_instruments SET definition = jsonb_set(definition, '{maxQuantityLots}', '1'), revision = 0 WHERE symbol = 'SPY'");
    assert.equal(await bothKnow(['AAPL']), false);
    await h.restart();
    await h.waitFor(() => bothKnow(['AAPL', 'MSFT', 'XNYS']), 'the lost instruments to come back');
    await h.waitFor(async () => (await orderCopy('SPY'))?.definition.maxQuantityLots === 1_000_000, 'the out-of-date copy to be replaced');
    assert.equal((await orderCopy('XNYS'))!.definition.maxQuantityLots, 5, 'the latest definition, not the first');
  });
});
