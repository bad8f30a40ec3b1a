// Parent orders end to end: bracket, OCO, OTO, trailing stop (ratcheting on market.data trades),
// TWAP and VWAP (slices on the harness clock, VWAP sized from 1-minute bars), cancellation, and
// the restart test — the service stops mid-TWAP, a new one starts on the same database, and the
// remaining slices go out with exact totals.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { OrderHarness, stock, type TestUser } from './support/harness.js';

let h: OrderHarness;
let alice: TestUser;
let account: string;
const MINUTE = 60_000;

interface ChildJson {
  id: string;
  parentRole: string;
  status: string;
  side: string;
  type: string;
  timeInForce: string;
  quantityLots: number;
  filledQuantityLots: number;
  limitPriceTicks: number | null;
  stopPriceTicks: number | null;
}
interface ParentJson {
  id: string;
  status: string;
  reason: string | null;
  filledQuantityLots: number;
  progress: Record<string, unknown>;
  children: ChildJson[];
}

async function start(strategy: Record<string, unknown>): Promise<ParentJson> {
  const response = await h.call('POST', '/v1/parent-orders', { as: alice, body: { clientOrderId: `p-${randomUUID().slice(0, 8)}`, accountId: account, strategy } });
  assert.equal(response.statusCode, 201, response.body);
  return response.json();
}

const parent = async (id: string) => (await h.call('GET', `/v1/parent-orders/${id}`, { as: alice })).json() as ParentJson;
const waitParent = (id: string, predicate: (parent: ParentJson) => boolean, what: string) =>
  h.waitForParent(alice, id, (value) => predicate(value as unknown as ParentJson), what) as unknown as Promise<ParentJson>;
const role = (p: ParentJson, name: string) => p.children.find((child) => child.parentRole === name);

async function position(symbol: string): Promise<number> {
  const positions = (await h.call('GET', `/v1/positions?accountId=${account}&includeFlat=true`, { as: alice })).json().positions as { symbol: string; quantityLots: number }[];
  return positions.find((p) => p.symbol === symbol)?.quantityLots ?? 0;
}

before(async () => {
  h = await OrderHarness.start();
  alice = await h.user('trader');
  account = await h.account(alice, 1_000_000_000);
  for (const symbol of ['BRK', 'OCOX', 'OTOX', 'TRL', 'TWP', 'VWP', 'CNL']) await h.instrument(stock(symbol));
});
after(() => h?.close());

describe('bracket', () => {
  it('exits go live only after the entry, sized to its fill; the take-profit fill cancels the stop-loss', async () => {
    h.venue.addLiquidity('BRK', 'sell', 10_000, 6);
    const bracket = await start({
      type: 'bracket',
      symbol: 'BRK',
      side: 'buy',
      quantityLots: 10,
      entry: { type: 'limit', timeInForce: 'IOC', limitPriceTicks: 10_000 },
      takeProfit: { limitPriceTicks: 10_500 },
      stopLoss: { stopPriceTicks: 9_500, limitPriceTicks: 9_400 },
    });
    const live = await waitParent(bracket.id, (p) => p.children.length === 3 && p.children.every((child) => child.status === 'accepted' || child.parentRole === 'entry'), 'the exits');
    const entry = role(live, 'entry')!;
    assert.deepEqual([entry.status, entry.filledQuantityLots], ['cancelled', 6], 'IOC entry: 6 filled, the rest cancelled');
    const takeProfit = role(live, 'take-profit')!;
    const stopLoss = role(live, 'stop-loss')!;
    assert.deepEqual([takeProfit.side, takeProfit.type, takeProfit.quantityLots, takeProfit.limitPriceTicks], ['sell', 'limit', 6, 10_500]);
    assert.deepEqual([stopLoss.side, stopLoss.type, stopLoss.timeInForce, stopLoss.quantityLots, stopLoss.stopPriceTicks], ['sell', 'stop_limit', 'GTC', 6, 9_500]);
    await h.waitFor(async () => (await position('BRK')) === 6, 'the portfolio to book the entry');
    await h.venue.trade('BRK', 'buy', 10_500, 6);
    const done = await waitParent(bracket.id, (p) => p.status === 'completed', 'completion');
    assert.equal(role(done, 'take-profit')!.status, 'filled');
    assert.deepEqual([role(done, 'stop-loss')!.status, done.filledQuantityLots], ['cancelled', 6]);
    await h.waitFor(async () => (await position('BRK')) === 0, 'the portfolio to book the exit: flat');
  });

  it('an inconsistent bracket is refused with ORDER_PARENT_INVALID and leaves nothing behind', async () => {
    const response = await h.call('POST', '/v1/parent-orders', {
      as: alice,
      body: {
        clientOrderId: 'bad-bracket',
        accountId: account,
        strategy: { type: 'bracket', symbol: 'BRK', side: 'buy', quantityLots: 1, entry: { type: 'limit', timeInForce: 'DAY', limitPriceTicks: 100 }, takeProfit: { limitPriceTicks: 90 }, stopLoss: { stopPriceTicks: 80 } },
      },
    });
    assert.deepEqual([response.statusCode, response.json().error.code], [422, 'ORDER_PARENT_INVALID']);
    assert.equal((await h.deps.db.query("SELECT 1 FROM order_client_ids WHERE client_order_id = 'bad-bracket'")).rowCount, 0, 'the key is not spent');
  });
});

it('OCO: a fill of one leg cancels the other', async () => {
  const leg = { symbol: 'OCOX', side: 'sell', timeInForce: 'GTC', quantityLots: 4 };
  const oco = await start({ type: 'oco', legs: [{ ...leg, type: 'limit', limitPriceTicks: 11_000 }, { ...leg, type: 'stop_limit', stopPriceTicks: 9_000, limitPriceTicks: 8_900 }] });
  await waitParent(oco.id, (p) => p.children.every((child) => child.status === 'accepted'), 'both legs');
  await h.venue.trade('OCOX', 'buy', 11_000, 4);
  const done = await waitParent(oco.id, (p) => p.status === 'completed', 'completion');
  assert.deepEqual(done.children.map((child) => [child.parentRole, child.status]), [['leg-1', 'filled'], ['leg-2', 'cancelled']]);
});

it('OTO: the secondary is placed once the primary has filled', async () => {
  const oto = await start({
    type: 'oto',
    primary: { symbol: 'OTOX', side: 'buy', type: 'limit', timeInForce: 'GTC', quantityLots: 3, limitPriceTicks: 5_000 },
    secondary: { symbol: 'OTOX', side: 'sell', type: 'limit', timeInForce: 'GTC', quantityLots: 3, limitPriceTicks: 5_500 },
  });
  await waitParent(oto.id, (p) => role(p, 'primary')?.status === 'accepted', 'the primary');
  assert.equal((await parent(oto.id)).children.length, 1);
  await h.venue.trade('OTOX', 'sell', 5_000, 3);
  const placed = await waitParent(oto.id, (p) => role(p, 'secondary')?.status === 'accepted', 'the secondary');
  assert.equal(role(placed, 'primary')!.status, 'filled');
  await h.venue.trade('OTOX', 'buy', 5_500, 3);
  await waitParent(oto.id, (p) => p.status === 'completed', 'completion');
});

it('trailing stop: ratchets on market.data trades, never back, and sells at market when touched', async () => {
  await h.trade('TRL', 10_000);
  const trailing = await start({ type: 'trailing_stop', symbol: 'TRL', side: 'sell', quantityLots: 5, trailBps: 200 });
  assert.deepEqual(trailing.progress, { extremePriceTicks: 10_000, stopPriceTicks: 9_800, triggered: false });
  for (const price of [10_100, 10_500, 10_300]) await h.trade('TRL', price);
  assert.deepEqual((await parent(trailing.id)).progress, { extremePriceTicks: 10_500, stopPriceTicks: 10_290, triggered: false });
  assert.equal((await parent(trailing.id)).children.length, 0);
  h.venue.addLiquidity('TRL', 'buy', 10_280, 5);
  await h.trade('TRL', 10_290);
  const done = await waitParent(trailing.id, (p) => p.status === 'completed', 'the triggered stop to fill');
  const stop = role(done, 'stop')!;
  assert.deepEqual([stop.type, stop.timeInForce, stop.quantityLots, stop.filledQuantityLots], ['market', 'IOC', 5, 5]);
  assert.equal(done.progress.triggered, true);
});

describe('slicing', () => {
  it('TWAP survives a restart mid-window: the remaining slices go out and the totals are exact', async () => {
    // Market slices need a reference price (the last trade) for the buying-power check.
    await h.trade('TWP', 20_000);
    h.venue.addLiquidity('TWP', 'sell', 20_000, 1_000);
    const t0 = h.time.now();
    const twap = await start({ type: 'twap', symbol: 'TWP', side: 'buy', quantityLots: 12, endAt: new Date(t0 + 6 * MINUTE).toISOString(), slices: 6 });
    await waitParent(twap.id, (p) => role(p, 'slice-0')?.status === 'filled', 'slice 0');
    await h.time.advanceTo(t0 + MINUTE);
    await h.time.advanceTo(t0 + 2 * MINUTE);
    const before = await waitParent(twap.id, (p) => p.children.length === 3 && p.children.every((child) => child.status === 'filled'), 'slices 0-2');
    assert.deepEqual(before.children.map((child) => child.quantityLots), [2, 2, 2]);
    assert.equal(before.progress.slicesDone, 3);

    // Down from t0+2m to t0+4.5m: slices 3 and 4 fall due while nobody is running.
    await h.stop();
    await h.time.advanceTo(t0 + 4.5 * MINUTE);
    await h.relaunch();
    await h.time.advanceTo(h.time.now()); // the resumed timer is due at once
    const caughtUp = await waitParent(twap.id, (p) => role(p, 'slice-4')?.status === 'filled', 'the catch-up slice');
    assert.equal(role(caughtUp, 'slice-3'), undefined, 'one combined catch-up slice, not one per missed time');
    assert.equal(role(caughtUp, 'slice-4')!.quantityLots, 4, 'target 10 − 6 filled');
    await h.time.advanceTo(t0 + 5 * MINUTE);
    const done = await waitParent(twap.id, (p) => p.status === 'completed', 'completion');
    assert.deepEqual(done.children.map((child) => [child.parentRole, child.quantityLots, child.filledQuantityLots]), [
      ['slice-0', 2, 2],
      ['slice-1', 2, 2],
      ['slice-2', 2, 2],
      ['slice-4', 4, 4],
      ['slice-5', 2, 2],
    ]);
    assert.equal(done.filledQuantityLots, 12);
    const executions = (await h.call('GET', `/v1/executions?symbol=TWP`, { as: alice })).json().executions as { quantityLots: number }[];
    assert.equal(executions.reduce((sum, execution) => sum + execution.quantityLots, 0), 12);
    await h.waitFor(async () => (await position('TWP')) === 12, 'the portfolio to hold exactly 12');
  });

  it('TWAP: an IOC slice that finds too little liquidity rolls its remainder into the next slice', async () => {
    h.venue.addLiquidity('TWP', 'buy', 10_000, 3);
    const t0 = h.time.now();
    const twap = await start({ type: 'twap', symbol: 'TWP', side: 'sell', quantityLots: 8, endAt: new Date(t0 + 2 * MINUTE).toISOString(), slices: 2, limitPriceTicks: 10_000 });
    const first = await waitParent(twap.id, (p) => role(p, 'slice-0')?.status === 'cancelled', 'the short slice');
    assert.deepEqual([role(first, 'slice-0')!.quantityLots, role(first, 'slice-0')!.filledQuantityLots], [4, 3]);
    h.venue.addLiquidity('TWP', 'buy', 10_000, 10);
    await h.time.advanceTo(t0 + MINUTE);
    const done = await waitParent(twap.id, (p) => p.status === 'completed', 'completion');
    assert.deepEqual([role(done, 'slice-1')!.quantityLots, done.filledQuantityLots], [5, 8]);
  });

  it('VWAP sizes slices from the 1-minute bar volume profile the service has seen', async () => {
    const t0 = h.time.now() - (h.time.now() % MINUTE) + MINUTE;
    await h.time.advanceTo(t0 - 1);
    // Yesterday's bars for the window's three minutes: volume 100, 300, 600.
    const bars = [100, 300, 600].map((volumeLots, index) => ({
      symbol: 'VWP',
      interval: '1m' as const,
      startMicros: (t0 - 24 * 60 * MINUTE + index * MINUTE) * 1000,
      open: 100,
      high: 100,
      low: 100,
      close: 100,
      volumeLots,
      tradeCount: 1,
      vwapNumerator: String(100 * volumeLots),
      final: true,
    }));
    await h.publishMarketData('VWP', { kind: 'bars', symbol: 'VWP', bars });
    await h.trade('VWP', 100);
    h.venue.addLiquidity('VWP', 'sell', 100, 10_000);
    const vwap = await start({ type: 'vwap', symbol: 'VWP', side: 'buy', quantityLots: 50, startAt: new Date(t0).toISOString(), endAt: new Date(t0 + 3 * MINUTE).toISOString(), slices: 3 });
    assert.equal(vwap.progress.profile, 'history');
    await h.time.advanceTo(t0);
    await h.time.advanceTo(t0 + MINUTE);
    await h.time.advanceTo(t0 + 2 * MINUTE);
    const done = await waitParent(vwap.id, (p) => p.status === 'completed', 'completion');
    assert.deepEqual(done.children.map((child) => child.quantityLots), [5, 15, 30], '50 × 10 %, 30 %, 60 %');
  });

  it('cancelling a TWAP cancels its working slice and sends no more', async () => {
    const t0 = h.time.now();
    const twap = await start({ type: 'twap', symbol: 'CNL', side: 'buy', quantityLots: 6, endAt: new Date(t0 + 3 * MINUTE).toISOString(), slices: 3, limitPriceTicks: 1 });
    await waitParent(twap.id, (p) => role(p, 'slice-0') !== undefined, 'the first slice');
    const response = await h.call('DELETE', `/v1/parent-orders/${twap.id}`, { as: alice });
    assert.equal(response.statusCode, 202, response.body);
    assert.deepEqual([response.json().status, response.json().reason], ['cancelled', 'CANCELLED_BY_USER']);
    await h.time.advanceTo(t0 + 5 * MINUTE);
    await h.settle();
    assert.equal((await parent(twap.id)).children.length, 1);
    const again = await h.call('DELETE', `/v1/parent-orders/${twap.id}`, { as: alice });
    assert.deepEqual([again.statusCode, again.json().error.code], [409, 'ORDER_PARENT_NOT_OPEN']);
    const child = (await parent(twap.id)).children[0]!;
    const direct = await h.call('DELETE', `/v1/orders/${child.id}`, { as: alice });
    assert.deepEqual([direct.statusCode, direct.json().error.code], [409, 'ORDER_MANAGED_BY_PARENT']);
  });
});
