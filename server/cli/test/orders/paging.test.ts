// Order and execution lists: newest first, keyset paging that neither skips nor repeats rows even
// while new orders arrive, every filter (status, open/history, symbol, side, account, from/to),
// and cursors that only work for the query they came from.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { OrderHarness, stock, type TestUser } from './support/harness.js';

let h: OrderHarness;
let alice: TestUser;
let account: string;
const MINUTE = 60_000;
const placed: { id: string; symbol: string; side: string; createdAt: string }[] = [];

async function all(url: string, key: 'orders' | 'executions', limit: number): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const response = await h.call('GET', `${url}${url.includes('?') ? '&' : '?'}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, { as: alice });
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    ids.push(...body[key].map((row: { id: string }) => row.id));
    cursor = body.nextCursor;
    pages += 1;
  } while (cursor !== null);
  return { ids, pages };
}

before(async () => {
  h = await OrderHarness.start();
  alice = await h.user('trader');
  account = await h.account(alice, 100_000_000);
  await h.instrument(stock('ACME'));
  await h.instrument(stock('BETA'));
  // 24 orders, one per minute: symbols and sides alternate; every third on an unknown symbol (rejected).
  for (let i = 0; i < 24; i += 1) {
    const symbol = i % 3 === 2 ? 'NOPE' : i % 2 === 0 ? 'ACME' : 'BETA';
    const side = i % 4 < 2 ? 'buy' : 'sell';
    const response = await h.call('POST', '/v1/orders', {
      as: alice,
      body: { clientOrderId: `p-${i}`, accountId: account, symbol, side, type: 'limit', timeInForce: 'GTC', quantityLots: 1, limitPriceTicks: side === 'buy' ? 100 : 900_000 },
    });
    assert.equal(response.statusCode, 201, response.body);
    placed.push({ id: response.json().id, symbol, side, createdAt: response.json().createdAt });
    await h.time.advanceBy(MINUTE);
  }
});
after(() => h?.close());

it('pages walk every order once, newest first', async () => {
  const { ids, pages } = await all('/v1/orders', 'orders', 5);
  assert.equal(pages, 5);
  assert.deepEqual(ids, placed.map((order) => order.id).reverse());
});

it('orders placed while paging do not shift the pages', async () => {
  const first = (await h.call('GET', '/v1/orders?limit=10', { as: alice })).json();
  await h.call('POST', '/v1/orders', { as: alice, body: { clientOrderId: 'late', accountId: account, symbol: 'NOPE', side: 'buy', type: 'limit', timeInForce: 'GTC', quantityLots: 1, limitPriceTicks: 1 } });
  const second = (await h.call('GET', `/v1/orders?limit=10&cursor=${first.nextCursor}`, { as: alice })).json();
  assert.deepEqual(second.orders.map((order: { id: string }) => order.id), placed.map((order) => order.id).reverse().slice(10, 20));
});

it('filters: status (one or several), open vs history, symbol, side, account, time range', async () => {
  const ids = async (query: string) => (await all(`/v1/orders?${query}`, 'orders', 4)).ids;
  const rejected = placed.filter((order) => order.symbol === 'NOPE').map((order) => order.id).reverse();
  assert.deepEqual(await ids('status=rejected'), [(await h.call('GET', '/v1/orders?limit=1', { as: alice })).json().orders[0].id, ...rejected]);
  const working = placed.filter((order) => order.symbol !== 'NOPE').map((order) => order.id);
  for (const id of working) await h.waitForOrder(alice, id, (o) => o.status === 'accepted', 'acceptance');
  assert.deepEqual(new Set(await ids('open=true')), new Set(working));
  assert.deepEqual((await ids('open=false')).length, rejected.length + 1);
  assert.deepEqual(new Set(await ids('status=accepted&status=rejected')).size, placed.length + 1);
  assert.deepEqual(await ids('symbol=BETA&side=sell'), placed.filter((order) => order.symbol === 'BETA' && order.side === 'sell').map((order) => order.id).reverse());
  const from = placed[5]!.createdAt;
  const to = placed[9]!.createdAt;
  assert.deepEqual(await ids(`from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`), placed.slice(5, 9).map((order) => order.id).reverse(), 'from inclusive, to exclusive');
  assert.deepEqual(await ids(`accountId=${account}&symbol=ACME&open=true`), placed.filter((order) => order.symbol === 'ACME').map((order) => order.id).reverse());
});

it('a cursor only works for its own query; a reversed range is refused', async () => {
  const cursor = (await h.call('GET', '/v1/orders?limit=2&symbol=ACME', { as: alice })).json().nextCursor;
  const other = await h.call('GET', `/v1/orders?limit=2&symbol=BETA&cursor=${cursor}`, { as: alice });
  assert.deepEqual([other.statusCode, other.json().error.code], [422, 'ORDER_CURSOR_INVALID']);
  const reversed = await h.call('GET', '/v1/orders?from=2026-03-03T00:00:00Z&to=2026-03-02T00:00:00Z', { as: alice });
  assert.deepEqual([reversed.statusCode, reversed.json().error.code], [422, 'ORDER_INVALID_RANGE']);
  const junk = await h.call('GET', '/v1/orders?status=lost', { as: alice });
  assert.equal(junk.statusCode, 400);
});

it('executions page and filter the same way', async () => {
  const buys = placed.filter((order) => order.symbol === 'ACME' && order.side === 'buy');
  await h.venue.trade('ACME', 'sell', 100, buys.length);
  for (const order of buys) await h.waitForOrder(alice, order.id, (o) => o.status === 'filled', 'the fill');
  const { ids, pages } = await all('/v1/executions?symbol=ACME', 'executions', 2);
  assert.equal(ids.length, buys.length);
  assert.equal(pages, Math.ceil(buys.length / 2));
  assert.equal(new Set(ids).size, ids.length);
  const one = (await h.call('GET', `/v1/executions?orderId=${buys[0]!.id}`, { as: alice })).json().executions;
  assert.deepEqual(one.map((execution: { orderId: string; quantityLots: number }) => [execution.orderId, execution.quantityLots]), [[buys[0]!.id, 1]]);
  assert.equal((await h.call('GET', '/v1/executions?symbol=BETA', { as: alice })).json().executions.length, 0);
});
