// The simulation service in the whole server (the real service registry on a fresh PostgreSQL
// database, the real execution service with the C++ engine, the outbox relay running): one-click
// paper accounts, reset by archiving, a replay session with play/pause/seek/speed whose data is
// re-published under the session's symbol, a paper order filled against the replayed market and
// booked by the portfolio, scenarios with numbers computed here independently, and performance.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChannelMessage, MarketTicksMessage } from '@kestrel/shared';
import { OrderHarness, stock, type TestUser } from '../orders/support/harness.js';

/** A JSON answer, read field by field in assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies of many shapes
type Body = Record<string, any>;

let h: OrderHarness;
let trader: TestUser;
let other: TestUser;

const SYMBOL = 'SIMX';
const BASE_MS = Date.parse('2024-03-04T15:00:00.000Z');
/** Recorded trades one second apart: price in ticks (0.01), 5 lots each. */
const PRICES = [10_000, 10_010, 9_990, 9_980, 9_975, 10_020];
const republished: MarketTicksMessage[] = [];

async function json(method: string, url: string, as: TestUser, body?: unknown, status = 200): Promise<Body> {
  const response = await h.call(method, url, { as, ...(body === undefined ? {} : { body }) });
  assert.equal(response.statusCode, status, `${method} ${url}: ${response.body}`);
  return response.body === '' ? {} : response.json();
}

async function sessionUntil(id: string, predicate: (session: Body) => boolean, what: string): Promise<Body> {
  let last: Body = {};
  await h.waitFor(async () => {
    last = await json('GET', `/v1/replay-sessions/${id}`, trader);
    return predicate(last);
  }, () => `${what} (last: ${JSON.stringify(last)})`, 60_000);
  return last;
}

before(async () => {
  h = await OrderHarness.start({ engine: true, env: { KESTREL_SIMULATION_MAX_PAPER_ACCOUNTS: '3' } });
  trader = await h.user('trader');
  other = await h.user('trader');
  const created = await h.call('POST', '/v1/admin/market-data/instruments', { as: h.admin, body: stock(SYMBOL) });
  assert.equal(created.statusCode, 201, created.body);
  const events = PRICES.map((priceTicks, index) => ({
    kind: 'trade',
    symbol: SYMBOL,
    source: 'import',
    timeMicros: (BASE_MS + index * 1000) * 1000,
    priceTicks,
    quantityLots: 5,
    aggressor: null,
    tradeId: `t${index}`,
  }));
  const ingested = await h.call('POST', '/v1/internal/market-data/events', { as: h.admin, body: { events } });
  assert.equal(ingested.statusCode, 200, ingested.body);
  await h.waitFor(async () => {
    const trades = await h.call('GET', `/v1/market-data/trades?symbol=${SYMBOL}&from=2024-03-04T00:00:00Z&to=2024-03-05T00:00:00Z`, { as: trader });
    return trades.statusCode === 200 && trades.json().trades.length === PRICES.length;
  }, 'the recorded trades to be stored');
  await h.deps.channels.subscribe('market.ticks', (message: ChannelMessage) => {
    const payload = message.payload as MarketTicksMessage;
    if (payload.replayId === null && payload.symbol.startsWith(`${SYMBOL}.R`)) republished.push(payload);
  });
});
after(() => h?.close());

describe('simulation service', () => {
  let paperId = '';
  let firstAccountId = '';
  let tradingSymbol = '';

  it('opens a funded paper account in one call, visible only to its owner', async () => {
    const paper = await json('POST', '/v1/paper-accounts', trader, { name: 'Practice', initialCashMinor: 1_000_000 }, 201);
    assert.equal(paper.state, 'active');
    assert.equal(paper.generation, 1);
    assert.equal(paper.account.cashMinor, 1_000_000);
    assert.equal(paper.account.ownerUserId, trader.id);
    assert.equal(paper.account.status, 'active');
    paperId = paper.id;
    firstAccountId = paper.accountId;
    const listed = await json('GET', '/v1/paper-accounts', trader);
    assert.deepEqual(listed.paperAccounts.map((entry: { id: string }) => entry.id), [paperId]);
    assert.equal((await h.call('GET', `/v1/paper-accounts/${paperId}`, { as: other })).json().error.code, 'SIMULATION_PAPER_ACCOUNT_NOT_FOUND');
    assert.deepEqual((await json('GET', '/v1/paper-accounts', other)).paperAccounts, []);
  });

  it('fills a paper order against the replayed market and books it in the portfolio', async () => {
    const session = await json('POST', '/v1/replay-sessions', trader, { paperAccountId: paperId, symbol: SYMBOL, kind: 'trades', from: new Date(BASE_MS).toISOString(), to: new Date(BASE_MS + 60_000).toISOString() }, 201);
    tradingSymbol = session.tradingSymbol;
    assert.match(tradingSymbol, /^SIMX\.R[0-9A-F]{8}$/);
    assert.equal(session.replay.state, 'paused');
    // No print yet: a market order has no price to be checked against.
    const early = await h.call('POST', `/v1/replay-sessions/${session.id}/orders`, { as: trader, body: { side: 'buy', type: 'market', quantityLots: 1 } });
    assert.equal(early.json().error.code, 'SIMULATION_ORDER_INVALID');
    // Resting below the market until the replay trades through 99.85: 5 lots at 99.80, 5 at 99.75.
    const order = await json('POST', `/v1/replay-sessions/${session.id}/orders`, trader, { side: 'buy', type: 'limit', quantityLots: 10, limitPriceTicks: 9_985 }, 201);
    assert.equal(order.status, 'pending');
    const reserved = await json('GET', `/v1/accounts/${firstAccountId}`, trader);
    assert.equal(reserved.reservedMinor, 99_850);
    await json('POST', `/v1/replay-sessions/${session.id}/control`, trader, { action: 'speed', speed: 'max' });
    await json('POST', `/v1/replay-sessions/${session.id}/control`, trader, { action: 'play' });
    const done = await sessionUntil(session.id, (s) => s.replay?.state === 'finished' && s.prints === PRICES.length && s.fills === 2, 'the replay to finish with two fills');
    assert.equal(done.lastPriceTicks, 10_020);
    const orders = (await json('GET', `/v1/replay-sessions/${session.id}/orders`, trader)).orders;
    assert.equal(orders[0].status, 'filled');
    assert.equal(orders[0].averagePriceTicks, 9_985);
    await h.settle();
    let account: Body = {};
    await h.waitFor(async () => {
      account = await json('GET', `/v1/accounts/${firstAccountId}`, trader);
      return account.cashMinor === 1_000_000 - 10 * 9_985 && account.marketValueMinor === 10 * 10_020;
    }, () => `the portfolio to book the fills and the mark (last: ${JSON.stringify(account)})`);
    assert.equal(account.reservedMinor, 0);
    const positions = (await json('GET', `/v1/positions?accountId=${firstAccountId}`, trader)).positions;
    assert.deepEqual(positions.map((p: Record<string, unknown>) => [p.symbol, p.quantityLots, p.markPriceTicks]), [[tradingSymbol, 10, 10_020]]);
    // The live instrument's mark is untouched by historical prices.
    assert.equal((await h.deps.db.query('SELECT 1 FROM portfolio_marks WHERE symbol = $1', [SYMBOL])).rowCount, 0);
    // The desktop's feed: the replayed trades, re-published under the session's symbol like live data.
    const trades = republished.filter((m) => m.symbol === tradingSymbol).flatMap((m) => m.events).filter((e) => e.kind === 'trade');
    assert.deepEqual(trades.map((e) => [e.symbol, (e as { priceTicks: number }).priceTicks]), PRICES.map((p) => [tradingSymbol, p]));
  });

  it('plays, pauses, seeks and changes speed', async () => {
    const session = await json('POST', '/v1/replay-sessions', trader, { paperAccountId: paperId, symbol: SYMBOL, kind: 'trades', from: new Date(BASE_MS).toISOString(), to: new Date(BASE_MS + 60_000).toISOString(), speed: 1, play: true }, 201);
    assert.equal(session.replay.state, 'playing');
    const started = await sessionUntil(session.id, (s) => s.prints >= 1, 'the first print at real-time speed');
    const paused = await json('POST', `/v1/replay-sessions/${session.id}/control`, trader, { action: 'pause' });
    assert.equal(paused.replay.state, 'paused');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const still = await json('GET', `/v1/replay-sessions/${session.id}`, trader);
    assert.equal(still.replay.state, 'paused');
    assert.equal(still.prints, paused.prints);
    assert.ok(still.prints < PRICES.length, `paused after ${started.prints} prints at 1x`);
    // Seek to the fifth trade: playing on at max speed replays exactly the last two.
    const seekTo = new Date(BASE_MS + 4_000).toISOString();
    const sought = await json('POST', `/v1/replay-sessions/${session.id}/control`, trader, { action: 'seek', time: seekTo });
    assert.equal(Date.parse(sought.replay.position), Date.parse(seekTo));
    const fast = await json('POST', `/v1/replay-sessions/${session.id}/control`, trader, { action: 'speed', speed: 'max' });
    assert.equal(fast.replay.speed, 'max');
    await json('POST', `/v1/replay-sessions/${session.id}/control`, trader, { action: 'play' });
    const done = await sessionUntil(session.id, (s) => s.replay?.state === 'finished', 'the replay to finish');
    assert.equal(done.prints, still.prints + 2);
    assert.equal(done.lastPriceTicks, PRICES.at(-1));
    assert.equal((await h.call('GET', `/v1/replay-sessions/${session.id}`, { as: other })).json().error.code, 'SIMULATION_SESSION_NOT_FOUND');
    assert.equal((await h.call('DELETE', `/v1/replay-sessions/${session.id}`, { as: trader })).statusCode, 204);
    assert.equal((await h.call('GET', `/v1/replay-sessions/${session.id}`, { as: trader })).statusCode, 404);
  });

  it('reports a price shock and its limit breaches with independently computed numbers', async () => {
    const report = await json('POST', '/v1/scenarios', trader, { accountId: firstAccountId, shocks: [{ shockBps: -1000 }], limits: { maxDailyLossTickLots: 5_000 } });
    // 10 lots of 1 share marked at 100.20: −10 % is 90.18 (half-even on 9,018.0), a loss of 10 × 10.02.
    const shocked = 9_018; // 100.20 × 0.9 = 90.18 exactly
    const expected = 10 * (shocked - 10_020);
    assert.equal(report.positions[0].shockedPriceTicks, shocked);
    assert.equal(report.positions[0].pnlMinor, expected);
    assert.equal(report.totalPnlMinor, expected);
    assert.equal(report.shockedEquityMinor, report.equityMinor + expected);
    assert.equal(report.limitsSource, 'request');
    assert.deepEqual(report.breaches, [{ limit: 'maxDailyLossTickLots', symbol: null, limitValue: 5_000, scenarioValue: -expected }]);
    const perSymbol = await json('POST', '/v1/scenarios', trader, { accountId: firstAccountId, shocks: [{ symbol: tradingSymbol, shockBps: 250 }, { shockBps: -9000 }] });
    // +2.5 % of 100.20 is 102.705: half-even to whole ticks gives 102.70 (the all-symbols −90 % does not apply).
    assert.equal(perSymbol.positions[0].shockedPriceTicks, 10_270);
    assert.equal(perSymbol.totalPnlMinor, 10 * (10_270 - 10_020));
    assert.equal(perSymbol.limitsSource, 'none');
    const refused = await h.call('POST', '/v1/scenarios', { as: trader, body: { accountId: firstAccountId } });
    assert.equal(refused.json().error.code, 'SIMULATION_SCENARIO_INVALID');
    const stranger = await h.call('POST', '/v1/scenarios', { as: other, body: { accountId: firstAccountId, shocks: [{ shockBps: 1 }] } });
    assert.equal(stranger.json().error.code, 'SIMULATION_ACCOUNT_NOT_FOUND');
  });

  it('reports performance from the P&L series', async () => {
    const report = await json('GET', `/v1/paper-accounts/${paperId}/performance?interval=1m`, trader);
    assert.equal(report.accountId, firstAccountId);
    // Equity 900,150 cash + 100,200 market value on 1,000,000 deposited.
    assert.equal(report.totalPnlMinor, 350);
    assert.ok(report.periods >= 0 && Number.isFinite(report.maxDrawdown));
  });

  it('resets by archiving the account (history kept) and opening a funded one', async () => {
    const reset = await json('POST', `/v1/paper-accounts/${paperId}/reset`, trader, {});
    assert.equal(reset.generation, 2);
    assert.notEqual(reset.accountId, firstAccountId);
    assert.equal(reset.account.cashMinor, 1_000_000);
    assert.equal(reset.account.marketValueMinor, 0);
    assert.deepEqual(reset.generations.map((g: { accountId: string; archivedAt: string | null }) => [g.accountId, g.archivedAt === null]), [
      [firstAccountId, false],
      [reset.accountId, true],
    ]);
    const archived = await json('GET', `/v1/accounts/${firstAccountId}`, trader);
    assert.equal(archived.status, 'closed');
    assert.equal((await json('GET', `/v1/positions?accountId=${firstAccountId}`, trader)).positions.length, 1);
    // The archived account takes no new orders (the portfolio refuses a closed account).
    const session = await json('POST', '/v1/replay-sessions', trader, { paperAccountId: paperId, symbol: SYMBOL, kind: 'trades', from: new Date(BASE_MS).toISOString(), to: new Date(BASE_MS + 60_000).toISOString() }, 201);
    assert.equal(session.accountId, reset.accountId);
  });

  it('trades live through POST /v1/orders like any account, and stresses the position with a recorded day', async () => {
    const LIVE = 'LIVEX';
    const defined = await h.call('POST', '/v1/admin/market-data/instruments', { as: h.admin, body: stock(LIVE) });
    assert.equal(defined.statusCode, 201, defined.body);
    await h.instrument(stock(LIVE));
    const buyer = (await json('GET', `/v1/paper-accounts/${paperId}`, trader)).accountId as string;
    const seller = (await json('POST', '/v1/paper-accounts', other, { initialCashMinor: 1_000_000 }, 201)).accountId as string;
    const order = (user: TestUser, accountId: string, side: string, clientOrderId: string) =>
      json('POST', '/v1/orders', user, { clientOrderId, accountId, symbol: LIVE, side, type: 'limit', timeInForce: 'GTC', quantityLots: 10, limitPriceTicks: 5_000 }, 201);
    const buy = await order(trader, buyer, 'buy', 'paper-live-buy');
    await order(other, seller, 'sell', 'paper-live-sell');
    await h.waitForOrder(trader, buy.id as string, (o) => o.status === 'filled', 'the paper buy to fill on the engine');
    await h.settle();
    await h.waitFor(async () => (await json('GET', `/v1/positions?accountId=${buyer}`, trader)).positions.some((p: Body) => p.symbol === LIVE && p.quantityLots === 10), 'the portfolio to book the live fill');
    // Recorded daily bars: 50.00 on Friday 13 March 2020, 44.00 on Monday 16 March (−12 %).
    const csv = 'Date,Open,High,Low,Close,Volume\n2020-03-13,48.00,50.50,47.00,50.00,1000\n2020-03-16,46.00,47.00,43.00,44.00,1200\n';
    const imported = await h.app.inject({ method: 'POST', url: `/v1/admin/market-data/imports/ohlcv?symbol=${LIVE}&interval=1d`, headers: { authorization: `Bearer ${h.admin.accessToken}`, 'content-type': 'text/csv' }, payload: csv });
    assert.equal(imported.statusCode, 201, imported.body);
    const report = await json('POST', '/v1/scenarios', trader, { accountId: buyer, stressedDay: '2020-03-16' });
    assert.deepEqual(report.positions.map((p: Body) => [p.symbol, p.markPriceTicks, p.shockedPriceTicks, p.moveBps, p.pnlMinor]), [[LIVE, 5_000, 4_400, -1_200, 10 * (4_400 - 5_000)]]);
    assert.equal(report.totalPnlMinor, -6_000);
    const missing = await h.call('POST', '/v1/scenarios', { as: trader, body: { accountId: buyer, stressedDay: '2020-03-17' } });
    assert.equal(missing.json().error.code, 'SIMULATION_SCENARIO_INVALID');
    assert.deepEqual(missing.json().error.details.missingSymbols, [LIVE]);
  });

  it('answers schema-valid requests that break a rule with a documented 4xx, never a 5xx', async () => {
    const paper = await json('GET', `/v1/paper-accounts/${paperId}`, trader);
    const unknown = '00000000-0000-4000-8000-000000000000';
    const range = { from: new Date(BASE_MS).toISOString(), to: new Date(BASE_MS + 60_000).toISOString() };
    const session = await json('POST', '/v1/replay-sessions', trader, { paperAccountId: paperId, symbol: SYMBOL, kind: 'trades', ...range }, 201);
    const cases: [string, string, unknown, number, string][] = [
      ['POST', '/v1/paper-accounts', { currency: 'ZZZ' }, 422, 'SIMULATION_REQUEST_REFUSED'],
      ['POST', `/v1/paper-accounts/${paperId}/deposits`, { amountMinor: 5, reference: 'twice' }, 200, ''],
      ['POST', `/v1/paper-accounts/${paperId}/deposits`, { amountMinor: 6, reference: 'twice' }, 422, 'SIMULATION_REQUEST_REFUSED'],
      ['POST', `/v1/paper-accounts/${unknown}/reset`, {}, 404, 'SIMULATION_PAPER_ACCOUNT_NOT_FOUND'],
      ['GET', `/v1/paper-accounts/${paperId}/performance?from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z`, undefined, 422, 'SIMULATION_RANGE_INVALID'],
      ['GET', `/v1/paper-accounts/${paperId}/performance?from=0001-01-01T00:00:00Z`, undefined, 422, 'SIMULATION_RANGE_INVALID'],
      ['GET', `/v1/paper-accounts/${paperId}/performance?from=2000-01-01T00:00:00Z&interval=1m`, undefined, 422, 'SIMULATION_RANGE_INVALID'],
      ['POST', '/v1/replay-sessions', { paperAccountId: paperId, symbol: 'NOPE', kind: 'trades', ...range }, 422, 'SIMULATION_INSTRUMENT_UNKNOWN'],
      ['POST', '/v1/replay-sessions', { paperAccountId: paperId, symbol: SYMBOL, kind: 'trades', from: range.to, to: range.from }, 422, 'SIMULATION_REPLAY_REFUSED'],
      ['POST', '/v1/replay-sessions', { paperAccountId: paperId, symbol: SYMBOL, kind: 'bars', ...range }, 422, 'SIMULATION_REPLAY_REFUSED'],
      ['POST', '/v1/replay-sessions', { paperAccountId: paperId, symbol: SYMBOL, kind: 'trades', from: '1900-01-01T00:00:00Z', to: range.to }, 422, 'SIMULATION_REPLAY_REFUSED'],
      ['POST', '/v1/replay-sessions', { paperAccountId: unknown, symbol: SYMBOL, kind: 'trades', ...range }, 404, 'SIMULATION_PAPER_ACCOUNT_NOT_FOUND'],
      ['POST', `/v1/replay-sessions/${session.id}/control`, { action: 'seek' }, 422, 'SIMULATION_REPLAY_REFUSED'],
      ['POST', `/v1/replay-sessions/${unknown}/control`, { action: 'play' }, 404, 'SIMULATION_SESSION_NOT_FOUND'],
      ['POST', `/v1/replay-sessions/${session.id}/orders`, { side: 'buy', type: 'limit', quantityLots: 1 }, 422, 'SIMULATION_ORDER_INVALID'],
      ['POST', `/v1/replay-sessions/${session.id}/orders`, { side: 'buy', type: 'market', quantityLots: 1, limitPriceTicks: 5 }, 422, 'SIMULATION_ORDER_INVALID'],
      ['POST', `/v1/replay-sessions/${session.id}/orders`, { side: 'buy', type: 'limit', quantityLots: 2_000_000, limitPriceTicks: 5 }, 422, 'SIMULATION_ORDER_INVALID'],
      ['POST', `/v1/replay-sessions/${session.id}/orders`, { side: 'buy', type: 'limit', quantityLots: 1_000_000, limitPriceTicks: 100_000_000 }, 422, 'SIMULATION_ORDER_REJECTED'],
      ['DELETE', `/v1/replay-sessions/${session.id}/orders/not-an-order`, undefined, 404, 'SIMULATION_ORDER_NOT_FOUND'],
      ['POST', '/v1/scenarios', { accountId: paper.accountId, shocks: [{ shockBps: 1 }, { shockBps: 2 }] }, 422, 'SIMULATION_SCENARIO_INVALID'],
      ['POST', '/v1/scenarios', { accountId: paper.accountId, shocks: [{ shockBps: 1 }], stressedDay: '2020-03-16' }, 422, 'SIMULATION_SCENARIO_INVALID'],
      ['POST', '/v1/scenarios', { accountId: paper.accountId, stressedDay: '9999-12-31' }, 422, 'SIMULATION_SCENARIO_INVALID'],
      ['POST', '/v1/scenarios', { accountId: paper.accountId, stressedDay: '0001-01-01' }, 422, 'SIMULATION_SCENARIO_INVALID'],
    ];
    for (const [method, url, body, status, code] of cases) {
      const response = await h.call(method, url, { as: trader, ...(body === undefined ? {} : { body }) });
      assert.equal(response.statusCode, status, `${method} ${url} ${JSON.stringify(body)}: ${response.body}`);
      if (code) assert.equal(response.json().error.code, code, `${method} ${url}`);
    }
    assert.equal((await json('GET', '/v1/paper-accounts', trader)).paperAccounts.length, 1, 'a refused creation registers nothing');
    // At most maxPaperAccounts (3 here) per user; a refused one opens no portfolio account.
    await json('POST', '/v1/paper-accounts', trader, {}, 201);
    await json('POST', '/v1/paper-accounts', trader, {}, 201);
    const accounts = (await json('GET', '/v1/accounts', trader)).accounts.length;
    const refused = await h.call('POST', '/v1/paper-accounts', { as: trader, body: {} });
    assert.equal(refused.json().error.code, 'SIMULATION_PAPER_ACCOUNT_LIMIT');
    assert.equal((await json('GET', '/v1/accounts', trader)).accounts.length, accounts);
  });

  it('releases the reservations a lost session held when the process restarts', async () => {
    const paper = await json('POST', '/v1/paper-accounts', other, { name: 'Restart', initialCashMinor: 500_000 }, 201);
    const session = await json('POST', '/v1/replay-sessions', other, { paperAccountId: paper.id, symbol: SYMBOL, kind: 'trades', from: new Date(BASE_MS).toISOString(), to: new Date(BASE_MS + 60_000).toISOString() }, 201);
    await json('POST', `/v1/replay-sessions/${session.id}/orders`, other, { side: 'buy', type: 'limit', quantityLots: 10, limitPriceTicks: 9_000 }, 201);
    assert.equal((await json('GET', `/v1/accounts/${paper.accountId}`, other)).reservedMinor, 90_000);
    await h.restart();
    assert.equal((await h.call('GET', `/v1/replay-sessions/${session.id}`, { as: other })).statusCode, 404, 'sessions live in the process that created them');
    await h.waitFor(async () => (await json('GET', `/v1/accounts/${paper.accountId}`, other)).reservedMinor === 0, 'the restarted service to release the lost order\'s reservation');
    const { rows } = await h.deps.db.query('SELECT count(*)::int AS open FROM simulation_replay_orders WHERE ended_at IS NULL');
    assert.equal(rows[0].open, 0);
  });
});
