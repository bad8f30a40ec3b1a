import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { pino } from 'pino';
import { BinanceSpotFixture } from '../../test/support/binance-spot-fixture.js';
import { Backoff } from './backoff.js';
import { BinanceSpotOrderAdapter } from './binance-spot-adapter.js';
import type { VenueDepth, VenueDone, VenueFill } from './venue-adapter.js';

let fixture: BinanceSpotFixture;
before(async () => {
  fixture = await BinanceSpotFixture.start();
});
after(async () => {
  await fixture.close();
});

/** The local clock of the adapter (receive time of reports), later than the venue's transaction times. */
const RECEIVED_MS = 1_764_000_000_900;

function adapter(apiSecret = fixture.apiSecret, tickSize?: string) {
  const venue = new BinanceSpotOrderAdapter({
    restUrl: fixture.restUrl,
    streamUrl: fixture.streamUrl,
    apiKey: fixture.apiKey,
    apiSecret,
    symbols: [{ symbol: 'BTCUSD', venueSymbol: 'BTCUSDT', quantityStep: '0.00001', ...(tickSize ? { tickSize } : {}) }],
    logger: pino({ level: 'silent' }),
    backoff: new Backoff(10, 20, () => 0.5),
    now: () => RECEIVED_MS,
  });
  const fills: VenueFill[] = [];
  const done: VenueDone[] = [];
  const status: boolean[] = [];
  const depth: VenueDepth[] = [];
  venue.on('depth', (d) => depth.push(d));
  venue.on('fill', (fill) => fills.push(fill));
  venue.on('done', (d) => done.push(d));
  venue.on('status', (s) => status.push(s));
  return { venue, fills, done, status, depth };
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (const deadline = Date.now() + 30_000; !check() && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(check(), `timed out waiting for ${what}`);
}

const order = (clientOrderId: string, quantityLots = 150) => ({ clientOrderId, symbol: 'BTCUSD', side: 'buy' as const, priceTicks: 2_712_345, quantityLots, timeInForce: 'ioc' as const, tickSize: '0.01' });

test('places a signed LIMIT order with exact decimal price and quantity, books partial and full fills in ticks and lots once', async () => {
  const { venue, fills, done } = adapter();
  await venue.connect();
  await venue.send(order('kestrel-1'));
  const request = fixture.requests.at(-1)!;
  assert.equal(request.signatureValid, true);
  assert.equal(request.method, 'POST');
  assert.deepEqual(
    ['symbol', 'side', 'type', 'timeInForce', 'quantity', 'price', 'newClientOrderId'].map((k) => request.params.get(k)),
    ['BTCUSDT', 'BUY', 'LIMIT', 'IOC', '0.00150', '27123.45', 'kestrel-1'],
  );
  const placed = fixture.orders.get('kestrel-1')!;
  fixture.trade(placed, 9001, '27123.44000000', '0.00100000', '0.00100000', false, 1_764_000_000_123, '0.02712344', 'USDT');
  fixture.trade(placed, 9001, '27123.44000000', '0.00100000', '0.00100000', false, 1_764_000_000_123, '0.02712344', 'USDT');
  fixture.trade(placed, 9002, '27123.45000000', '0.00050000', '0.00150000', true, 1_764_000_000_200, '0.00001350', 'BNB');
  await until(() => fills.length === 2, 'two fills');
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.deepEqual(
    fills.map((f) => [f.clientOrderId, f.venueExecutionId, f.priceTicks, f.quantityLots, f.timestampNs, f.liquidity]),
    [
      ['kestrel-1', 'BTCUSDT:9001', 2_712_344, 100, 1_764_000_000_123_000_000n, 'taker'],
      ['kestrel-1', 'BTCUSDT:9002', 2_712_345, 50, 1_764_000_000_200_000_000n, 'taker'],
    ],
  );
  // Execution time is Binance's `T`; the local receive time and the raw commission (`n`, `N`) travel with it.
  assert.deepEqual(
    fills.map((f) => [f.timestampNs, f.receivedAtNs, f.commission]),
    [
      [1_764_000_000_123_000_000n, BigInt(RECEIVED_MS) * 1_000_000n, { amount: '0.02712344', asset: 'USDT' }],
      [1_764_000_000_200_000_000n, BigInt(RECEIVED_MS) * 1_000_000n, { amount: '0.00001350', asset: 'BNB' }],
    ],
  );
  assert.deepEqual(done, []);
  await venue.close();
});

test('cancel is signed and the venue\'s CANCELED report (original id in C) ends the child', async () => {
  const { venue, done } = adapter();
  await venue.connect();
  await venue.send({ ...order('kestrel-2'), timeInForce: 'gtc' });
  await venue.cancel('kestrel-2', 'BTCUSD');
  const request = fixture.requests.at(-1)!;
  assert.deepEqual([request.method, request.signatureValid, request.params.get('origClientOrderId')], ['DELETE', true, 'kestrel-2']);
  await until(() => done.length === 1, 'done');
  assert.deepEqual(done[0], { clientOrderId: 'kestrel-2', reason: 'cancelled', detail: 'CANCELED (CANCELED)' });
  await venue.close();
});

test('a refused order ends as rejected with Binance\'s code and message; a wrong secret is refused by the signature check', async () => {
  const { venue, done } = adapter();
  await venue.connect();
  fixture.refuseNextOrder = 'insufficientBalance';
  await venue.send(order('kestrel-3'));
  assert.equal(done.length, 1);
  assert.equal(done[0]!.reason, 'rejected');
  assert.match(done[0]!.detail, /-2010 Account has insufficient balance/);
  await venue.close();

  const wrong = adapter('not-the-secret');
  await wrong.venue.connect();
  await wrong.venue.send(order('kestrel-4'));
  assert.equal(fixture.requests.at(-1)!.signatureValid, false);
  assert.match(wrong.done[0]!.detail, /-1022 Signature for this request is not valid/);
  assert.equal(fixture.orders.has('kestrel-4'), false);
  await wrong.venue.close();
});

test('an IOC remainder EXPIRED report ends the child as expired; a report off the lot grid is not booked', async () => {
  const { venue, fills, done } = adapter();
  await venue.connect();
  await venue.send(order('kestrel-5'));
  const placed = fixture.orders.get('kestrel-5')!;
  fixture.push({ s: 'BTCUSDT', c: 'kestrel-5', i: placed.orderId, x: 'TRADE', X: 'PARTIALLY_FILLED', l: '0.000015', L: '27123.45', t: 9100 });
  fixture.push({ s: 'BTCUSDT', c: 'kestrel-5', i: placed.orderId, x: 'EXPIRED', X: 'EXPIRED' });
  await until(() => done.length === 1, 'done');
  assert.deepEqual(fills, []);
  assert.equal(done[0]!.reason, 'expired');
  await venue.close();
});

test('reconnects the user data stream with back-off after it drops, and reports keep flowing', async () => {
  const { venue, fills, status } = adapter();
  await venue.connect();
  await venue.send(order('kestrel-6'));
  const keys = fixture.listenKeys;
  fixture.dropStreams();
  await until(() => status.length >= 3, 'disconnected then connected');
  assert.deepEqual(status.slice(0, 3), [true, false, true]);
  assert.ok(fixture.listenKeys > keys, 'a listen key was requested again');
  fixture.trade(fixture.orders.get('kestrel-6')!, 9200, '27123.45', '0.0015', '0.0015', true);
  await until(() => fills.length === 1, 'fill after reconnect');
  assert.equal(fills[0]!.quantityLots, 150);
  await venue.close();
});

test('reconcile finds the fills and final state of an order after a restart (a new adapter instance)', async () => {
  const first = adapter();
  await first.venue.connect();
  await first.venue.send({ ...order('kestrel-7'), timeInForce: 'gtc' });
  await first.venue.close();
  const placed = fixture.orders.get('kestrel-7')!;
  fixture.trade(placed, 9300, '27123.40', '0.00100', '0.00100', false, 1_764_000_000_300, '0.02712340', 'USDT');
  placed.status = 'CANCELED';
  const second = adapter();
  await second.venue.reconcile('kestrel-7', 'BTCUSD', '0.01');
  assert.deepEqual(
    second.fills.map((f) => [f.venueExecutionId, f.priceTicks, f.quantityLots, f.timestampNs, f.commission]),
    [['BTCUSDT:9300', 2_712_340, 100, 1_764_000_000_300_000_000n, { amount: '0.02712340', asset: 'USDT' }]],
    'myTrades `time` and `commission`/`commissionAsset`',
  );
  assert.deepEqual(second.done.map((d) => d.reason), ['cancelled']);
  assert.ok(fixture.requests.slice(-2).every((r) => r.signatureValid));
  // An order the venue never received (the send did not happen before a crash) ends as rejected.
  await second.venue.reconcile('kestrel-never-sent', 'BTCUSD', '0.01');
  assert.deepEqual(second.done.at(-1), { clientOrderId: 'kestrel-never-sent', reason: 'rejected', detail: 'the order never reached Binance (-2013 Order does not exist)' });
});

test('streams the public partial depth as exact ticks and whole lots; an off-grid price ends the side; a dropped stream empties the depth', async () => {
  const { venue, depth } = adapter(undefined, '0.01');
  await venue.connect();
  await until(() => fixture.marketConnections === 1, 'the market stream');
  fixture.depth('BTCUSDT', [['27123.40000000', '0.00150000'], ['27123.30000000', '0.00001900'], ['27123.20000000', '0.00000100']], [['27123.50000000', '0.01000000'], ['27123.505', '1.00000000'], ['27123.60', '5']]);
  await until(() => depth.length === 1, 'a depth update');
  assert.deepEqual(depth[0], {
    symbol: 'BTCUSD',
    bids: [{ price: 2_712_340, quantity: 150 }, { price: 2_712_330, quantity: 1 }],
    asks: [{ price: 2_712_350, quantity: 1000 }],
  });
  fixture.dropStreams();
  await until(() => depth.length === 2, 'the depth emptied');
  assert.deepEqual(depth[1], { symbol: 'BTCUSD', bids: [], asks: [] });
  await until(() => fixture.marketConnections === 1, 'the market stream reopened');
  await venue.close();
  await until(() => fixture.marketConnections === 0, 'the market stream closed');
});
