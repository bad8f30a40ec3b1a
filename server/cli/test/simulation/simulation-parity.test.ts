// Replay sessions under the same risk controls and data contract as live trading, in the whole
// server (the real service registry on a fresh PostgreSQL database, the real execution service):
// the risk desk's account limits and firm-wide kill switch (set through /v1/risk like for live
// orders) refuse replay orders with the engine's own RISK_* codes; a session whose risk settings
// cannot be read from the order service (token refused, service unreachable) is refused rather
// than trading without them; and a real WebSocket subscribe to a session's trading symbol gets an
// opening snapshot of what the session played, then deltas.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { OrderHarness, stock, type TestUser } from '../orders/support/harness.js';

/** A JSON answer, read field by field in assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies of many shapes
type Body = Record<string, any>;

let h: OrderHarness;
let trader: TestUser;
let risk: TestUser;

const SYMBOL = 'SIMR';
const BASE_MS = Date.parse('2024-03-05T15:00:00.000Z');
/** Recorded trades one second apart: price in ticks (0.01), 5 lots each. */
const PRICES = [10_000, 10_010, 9_990, 9_980];
const RANGE = { from: new Date(BASE_MS).toISOString(), to: new Date(BASE_MS + 60_000).toISOString() };

async function json(method: string, url: string, as: TestUser, body?: unknown, status = 200): Promise<Body> {
  const response = await h.call(method, url, { as, ...(body === undefined ? {} : { body }) });
  assert.equal(response.statusCode, status, `${method} ${url}: ${response.body}`);
  return response.body === '' ? {} : response.json();
}

/** Plays a session at max speed to its end and returns its orders. */
async function playOut(sessionId: string, prints = PRICES.length): Promise<Body[]> {
  await json('POST', `/v1/replay-sessions/${sessionId}/control`, trader, { action: 'speed', speed: 'max' });
  await json('POST', `/v1/replay-sessions/${sessionId}/control`, trader, { action: 'play' });
  let last: Body = {};
  await h.waitFor(async () => {
    last = await json('GET', `/v1/replay-sessions/${sessionId}`, trader);
    return last.replay?.state === 'finished' && last.prints === prints;
  }, () => `the replay to finish (last: ${JSON.stringify(last)})`, 60_000);
  return (await json('GET', `/v1/replay-sessions/${sessionId}/orders`, trader)).orders;
}

before(async () => {
  h = await OrderHarness.start({ engine: true });
  trader = await h.user('trader');
  risk = await h.user('risk');
  assert.equal((await h.call('POST', '/v1/admin/market-data/instruments', { as: h.admin, body: stock(SYMBOL) })).statusCode, 201);
  const events = PRICES.map((priceTicks, index) => ({ kind: 'trade', symbol: SYMBOL, source: 'import', timeMicros: (BASE_MS + index * 1000) * 1000, priceTicks, quantityLots: 5, aggressor: null, tradeId: `r${index}` }));
  assert.equal((await h.call('POST', '/v1/internal/market-data/events', { as: h.admin, body: { events } })).statusCode, 200);
  await h.waitFor(async () => {
    const trades = await h.call('GET', `/v1/market-data/trades?symbol=${SYMBOL}&from=2024-03-05T00:00:00Z&to=2024-03-06T00:00:00Z`, { as: trader });
    return trades.statusCode === 200 && trades.json().trades.length === PRICES.length;
  }, 'the recorded trades to be stored');
});
after(() => h?.close());

/** Frames of one socket, as they arrive. */
type Frame = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- frames of many shapes


describe('replay sessions under live risk controls', () => {
  let paper: Body = {};

  before(async () => {
    paper = await json('POST', '/v1/paper-accounts', trader, { initialCashMinor: 10_000_000 }, 201);
  });

  it('refuses a replay order over the account\'s maxPositionLots with the engine\'s code, set after the session started', async () => {
    const session = await json('POST', '/v1/replay-sessions', trader, { paperAccountId: paper.id, symbol: SYMBOL, kind: 'trades', ...RANGE }, 201);
    await json('PUT', `/v1/risk/limits/accounts/${paper.accountId}`, risk, { maxPositionLots: 3 });
    const within = await json('POST', `/v1/replay-sessions/${session.id}/orders`, trader, { side: 'buy', type: 'limit', quantityLots: 3, limitPriceTicks: 10_050 }, 201);
    // 3 lots held plus 1 more on the same side: beyond 3.
    const over = await json('POST', `/v1/replay-sessions/${session.id}/orders`, trader, { side: 'buy', type: 'limit', quantityLots: 1, limitPriceTicks: 10_050 }, 201);
    const orders = await playOut(session.id);
    const byId = new Map(orders.map((order) => [order.id, order]));
    assert.deepEqual([byId.get(within.id)?.status, byId.get(within.id)?.filledLots], ['filled', 3]);
    assert.deepEqual([byId.get(over.id)?.status, byId.get(over.id)?.reason], ['rejected', 'RISK_MAX_POSITION']);
    await h.settle();
    await h.waitFor(async () => (await json('GET', `/v1/accounts/${paper.accountId}`, trader)).reservedMinor === 0, 'the refused order\'s reservation to be released');
    await json('DELETE', `/v1/risk/limits/accounts/${paper.accountId}`, risk);
    await json('DELETE', `/v1/replay-sessions/${session.id}`, trader, undefined, 204);
  });

  it('refuses replay orders while the firm-wide kill switch is engaged, and lets them through once lifted', async () => {
    const session = await json('POST', '/v1/replay-sessions', trader, { paperAccountId: paper.id, symbol: SYMBOL, kind: 'trades', ...RANGE }, 201);
    await json('POST', '/v1/risk/kill-switch', risk, { scope: 'global', mode: 'halt', reason: 'simulation test' });
    const halted = await json('POST', `/v1/replay-sessions/${session.id}/orders`, trader, { side: 'buy', type: 'limit', quantityLots: 1, limitPriceTicks: 10_050 }, 201);
    const orders = await playOut(session.id);
    assert.deepEqual([orders[0]?.id, orders[0]?.status, orders[0]?.reason], [halted.id, 'rejected', 'RISK_KILL_SWITCH_HALT']);
    await json('POST', '/v1/risk/kill-switch', risk, { scope: 'global', mode: 'off', reason: 'lifted' });
    await json('POST', `/v1/replay-sessions/${session.id}/control`, trader, { action: 'seek', time: RANGE.from });
    const lifted = await json('POST', `/v1/replay-sessions/${session.id}/orders`, trader, { side: 'buy', type: 'limit', quantityLots: 1, limitPriceTicks: 10_050 }, 201);
    const replayed = await playOut(session.id, 2 * PRICES.length);
    assert.deepEqual([replayed[0]?.id, replayed[0]?.status], [lifted.id, 'filled']);
  });
});

describe('the stream feeds a session symbol like live data', () => {
  it('answers a subscribe to the trading symbol with a snapshot of what was played, then deltas', async () => {
    const paper = await json('POST', '/v1/paper-accounts', trader, { initialCashMinor: 1_000_000 }, 201);
    const session = await json('POST', '/v1/replay-sessions', trader, { paperAccountId: paper.id, symbol: SYMBOL, kind: 'trades', ...RANGE }, 201);
    await playOut(session.id);
    const url = await h.app.listen({ host: '127.0.0.1', port: 0 });
    const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/v1/stream`, { headers: { authorization: `Bearer ${trader.accessToken}` } });
    const frames: Frame[] = [];
    socket.on('message', (data) => frames.push(JSON.parse(data.toString()) as Frame));
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    try {
      const framesOf = (id: string) => frames.filter((frame) => frame.id === id);
      const subscribe = async (id: string, as: Record<string, unknown>): Promise<Frame> => {
        socket.send(JSON.stringify({ type: 'subscribe', id, ...as }));
        let snapshot: Frame | undefined;
        await h.waitFor(() => (snapshot = framesOf(id).find((frame) => frame.type === 'snapshot' || frame.type === 'error')) !== undefined, `the snapshot of ${id}`);
        return snapshot!;
      };
      const trades = await subscribe('t', { channel: 'trades', symbol: session.tradingSymbol });
      assert.equal(trades.error, undefined, JSON.stringify(trades));
      assert.equal(trades.data.symbol, session.tradingSymbol);
      assert.deepEqual(trades.data.trades.map((trade: Frame) => trade.priceTicks), [...PRICES].reverse(), 'the played trades, newest first like /v1/market-data/trades');
      const quotes = await subscribe('q', { channel: 'quotes', symbol: session.tradingSymbol });
      assert.deepEqual([quotes.error, quotes.data.quotes], [undefined, []], 'a trades replay plays no quotes');
      // Someone else's subscribe to the symbol gets no snapshot of this session's data.
      const other = await h.user('trader');
      const foreign = await h.call('GET', `/v1/replay-market-data/trades?symbol=${session.tradingSymbol}`, { as: other });
      assert.deepEqual([foreign.statusCode, foreign.json().error.code], [404, 'SIMULATION_SESSION_NOT_FOUND']);
      // Played again from the start: the deltas follow the snapshot under the same symbol.
      await json('POST', `/v1/replay-sessions/${session.id}/control`, trader, { action: 'seek', time: RANGE.from });
      await json('POST', `/v1/replay-sessions/${session.id}/control`, trader, { action: 'play' });
      await h.waitFor(() => framesOf('t').filter((frame) => frame.type === 'delta').length >= 1, 'trade deltas of the session symbol');
      const delta = framesOf('t').find((frame) => frame.type === 'delta')!;
      assert.ok(delta.seq >= 1);
      assert.match(JSON.stringify(delta.data), new RegExp(session.tradingSymbol.replace('.', '\\.')));
    } finally {
      socket.terminate();
    }
  });
});

// Last: it restarts the server with settings that keep the simulation from the order service.
describe('replay sessions without the risk settings', () => {
  const refused = async (what: string) => {
    const paper = await json('POST', '/v1/paper-accounts', trader, { initialCashMinor: 1_000_000 }, 201);
    const response = await h.call('POST', '/v1/replay-sessions', { as: trader, body: { paperAccountId: paper.id, symbol: SYMBOL, kind: 'trades', ...RANGE } });
    assert.deepEqual([response.statusCode, response.json().error?.code], [503, 'SIMULATION_RISK_UNAVAILABLE'], `${what}: ${response.body}`);
    assert.deepEqual((await json('GET', '/v1/replay-sessions', trader)).sessions, [], `${what}: no session is left behind`);
  };

  it('refuses a session when the order service refuses the simulation\'s token', async () => {
    await h.restart({ KESTREL_SIMULATION_ORDER_SERVICE_TOKEN: 'not-the-order-service-token-0123456789' });
    await refused('token refused');
  });

  it('refuses a session when the order service does not answer', async () => {
    await h.restart({ KESTREL_SIMULATION_ORDER_URL: 'http://127.0.0.1:9', KESTREL_SIMULATION_REQUEST_TIMEOUT_MS: '1000' });
    await refused('order service unreachable');
  });
});
