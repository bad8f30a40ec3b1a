// A TWAP through the REAL execution service (the C++ engine, journaled) surviving a restart of the
// whole process mid-window: the order service resumes its timer from the database, the engine
// recovers its book from its journal, the catch-up slice and the last slice trade against the same
// resting order, and every total — slices, the seller's fill, both portfolio positions — is exact.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { OrderHarness, stock, type TestUser } from './support/harness.js';

let h: OrderHarness;
let alice: TestUser;
let bob: TestUser;
let aliceAccount: string;
let bobAccount: string;
const MINUTE = 60_000;

interface ParentJson {
  status: string;
  filledQuantityLots: number;
  children: { parentRole: string; status: string; quantityLots: number; filledQuantityLots: number }[];
}

async function position(user: TestUser, accountId: string): Promise<number> {
  const positions = (await h.call('GET', `/v1/positions?accountId=${accountId}&includeFlat=true`, { as: user })).json().positions as { symbol: string; quantityLots: number }[];
  return positions.find((p) => p.symbol === 'TWP')?.quantityLots ?? 0;
}

before(async () => {
  h = await OrderHarness.start({ engine: true });
  alice = await h.user('trader');
  bob = await h.user('trader');
  aliceAccount = await h.account(alice, 100_000_000);
  bobAccount = await h.account(bob, 100_000_000);
  await h.instrument(stock('TWP'));
  await h.trade('TWP', 10_000); // the reference price market slices are checked at
});
after(() => h?.close());

it('TWAP on the engine: stop mid-window, restart, remaining slices trade, totals exact', async () => {
  const ask = await h.call('POST', '/v1/orders', {
    as: bob,
    body: { clientOrderId: 'ask', accountId: bobAccount, symbol: 'TWP', side: 'sell', type: 'limit', timeInForce: 'GTC', quantityLots: 100, limitPriceTicks: 10_000 },
  });
  await h.waitForOrder(bob, ask.json().id, (o) => o.status === 'accepted', 'the resting ask');
  const t0 = h.time.now();
  const started = await h.call('POST', '/v1/parent-orders', {
    as: alice,
    body: { clientOrderId: 'twap', accountId: aliceAccount, strategy: { type: 'twap', symbol: 'TWP', side: 'buy', quantityLots: 12, endAt: new Date(t0 + 6 * MINUTE).toISOString(), slices: 6 } },
  });
  assert.equal(started.statusCode, 201, started.body);
  const id = started.json().id as string;
  const parent = (predicate: (p: ParentJson) => boolean, what: string) => h.waitForParent(alice, id, (p) => predicate(p as unknown as ParentJson), what) as unknown as Promise<ParentJson>;
  await h.time.advanceTo(t0 + MINUTE);
  await h.time.advanceTo(t0 + 2 * MINUTE);
  await parent((p) => p.children.length === 3 && p.children.every((c) => c.status === 'filled'), 'slices 0-2 on the engine');
  await h.settle();

  await h.stop();
  await h.time.advanceTo(t0 + 4.5 * MINUTE);
  await h.relaunch();
  await h.time.advanceTo(h.time.now());
  await parent((p) => p.children.some((c) => c.parentRole === 'slice-4' && c.status === 'filled'), 'the catch-up slice');
  await h.time.advanceTo(t0 + 5 * MINUTE);
  const done = await parent((p) => p.status === 'completed', 'completion');
  assert.deepEqual(done.children.map((c) => [c.parentRole, c.quantityLots, c.filledQuantityLots]), [
    ['slice-0', 2, 2],
    ['slice-1', 2, 2],
    ['slice-2', 2, 2],
    ['slice-4', 4, 4],
    ['slice-5', 2, 2],
  ]);
  assert.equal(done.filledQuantityLots, 12);
  const seller = await h.waitForOrder(bob, ask.json().id, (o) => o.filledQuantityLots === 12, 'the ask to have sold exactly 12');
  assert.equal(seller.status, 'partially_filled');
  await h.waitFor(async () => (await position(alice, aliceAccount)) === 12 && (await position(bob, bobAccount)) === -12, 'positions +12 / -12');
});
