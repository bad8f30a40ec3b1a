// The facade over the real addon: matching, refusals with codes, risk denials that name the limit,
// routing with external fills, journal + restart reproducing the state hashes, batch == single
// submission, exact int64 time, and clear EngineErrors (never a crash) for bad arguments, a closed
// engine, a missing addon and durability failures.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { loadAddon } from './addon.js';
import { Engine } from './engine.js';
import { EngineError } from './errors.js';
import { commandFlow } from './fixtures/flow.js';
import { CommandBatch } from './packed.js';
import type { Command, EngineEvent, NewOrderCommand, RiskConfigChange } from './types.js';

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kestrel-engine-test-'));
  dirs.push(dir);
  return dir;
}

const T0 = 1_700_000_000_000_000_123n;  // above 2^53: only a bigint carries it exactly

function order(orderId: number, account: number, side: 'buy' | 'sell', price: number, quantity: number, symbol = 1): NewOrderCommand {
  return { type: 'new_order', symbol, orderId, account, side, price, quantity, timestamp: T0 + BigInt(orderId) };
}

function ofType<T extends EngineEvent['type']>(events: EngineEvent[], type: T): Extract<EngineEvent, { type: T }>[] {
  return events.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === type);
}

function assertEngineError(fn: () => unknown, code: string, message?: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof EngineError, `expected EngineError, got ${String(error)}`);
    assert.equal(error.code, code);
    if (message) assert.match(error.message, message);
    return true;
  });
}

test('matches orders through the binding and reports exact events', () => {
  const engine = Engine.open();
  const resting = engine.submit(order(1, 7, 'sell', 100, 10));
  assert.equal(resting.code, 'OK');
  assert.equal(resting.journalSequence, 1n);
  assert.deepEqual(resting.events.map((e) => e.type), ['accepted']);
  const taking = engine.submit(order(2, 8, 'buy', 101, 4));
  const [trade] = ofType(taking.events, 'trade');
  assert.ok(trade);
  assert.equal(trade.orderId, 2n);
  assert.equal(trade.counterOrderId, 1n);
  assert.equal(trade.account, 8n);
  assert.equal(trade.counterAccount, 7n);
  assert.equal(trade.price, 100);
  assert.equal(trade.quantity, 4);
  assert.equal(trade.counterRemaining, 6);
  assert.equal(trade.timestamp, T0 + 2n);
  assert.ok(trade.sequence > 0n);
  assert.equal(trade.parentId, null);
  assert.deepEqual(engine.topOfBook(1), { bidPrice: null, bidQuantity: null, askPrice: 100, askQuantity: 6n, halted: false });
  assert.deepEqual(engine.depth(1, 'sell', 5), [{ price: 100, quantity: 6n, orderCount: 1 }]);
  const info = engine.findOrder(1, 1n);
  assert.equal(info?.open, 6);
  assert.equal(info?.side, 'sell');
  assert.equal(engine.findOrder(1, 2), null);
  assert.equal(engine.openOrders(1).length, 1);
  assert.equal(engine.riskAccount(8, 1).position, 4n);
  engine.close();
});

test('refusals carry stable codes and journal nothing', () => {
  const engine = Engine.open();
  engine.submit(order(1, 7, 'sell', 100, 10));
  const before = engine.stateHashes();
  const cases: [Command, string][] = [
    [order(2, 7, 'buy', 100, 0), 'BOOK_INVALID_QUANTITY'],
    [order(3, 7, 'buy', 0, 5), 'BOOK_INVALID_PRICE'],
    [{ type: 'cancel', symbol: 1, orderId: 99, account: 7, timestamp: T0 }, 'BOOK_UNKNOWN_ORDER'],
    [{ type: 'cancel', symbol: 1, orderId: 1, account: 8, timestamp: T0 }, 'BOOK_WRONG_OWNER'],
    [{ ...order(4, 7, 'buy', 100, 5), timeInForce: 'ioc', postOnly: true } as Command, 'BOOK_INVALID_ORDER'],
    [{ ...order(5, 7, 'buy', 100, 5), timeInForce: 'gtd', expireAt: T0 } as Command, 'BOOK_EXPIRE_TIME_IN_PAST'],
  ];
  for (const [command, code] of cases) {
    const result = engine.submit(command);
    assert.equal(result.code, code);
    assert.equal(result.ok, false);
    assert.equal(result.journalSequence, 0n);
    const [rejected] = ofType(result.events, 'rejected');
    assert.equal(rejected?.code, code);
    assert.equal(rejected?.risk, null);
  }
  assert.deepEqual(engine.stateHashes(), before);
  assert.equal(engine.sequences().last, 1n);
  engine.close();
});

test('a risk denial names the limit, its scope and values', () => {
  const engine = Engine.open();
  const configured = engine.configure({ type: 'set_account_limits', account: 7, limits: { maxPosition: 20 }, timestamp: T0 });
  assert.equal(configured.code, 'OK');
  assert.equal(configured.journalSequence, 1n);
  const denied = engine.submit(order(1, 7, 'buy', 100, 25));
  assert.equal(denied.code, 'RISK_MAX_POSITION');
  const [rejected] = ofType(denied.events, 'rejected');
  assert.deepEqual(rejected?.risk, { limit: 'max_position', scope: 'account', limitValue: 20n, attemptedValue: 25n });
  assert.equal(engine.riskConfig(7).effective.maxPosition, 20n);
  assert.equal(engine.riskConfig(8).effective.maxPosition, null);
  assert.equal(engine.configure({ type: 'set_default_limits', limits: {}, timestamp: T0 }).code, 'OK');
  assert.equal(
    engine.configure({ type: 'set_reference_price', symbol: 1, price: 0, timestamp: T0 }).code,
    'RISK_INVALID_LIMIT',
  );
  engine.close();
});

test('a kill switch cancels through the book and is reported as events', () => {
  const engine = Engine.open();
  engine.submit(order(1, 7, 'buy', 99, 5));
  engine.submit(order(2, 7, 'sell', 105, 5));
  const killed = engine.configure({ type: 'set_kill_switch', account: 7, mode: 'cancel_all', timestamp: T0 + 10n });
  assert.deepEqual(ofType(killed.events, 'cancelled').map((e) => [e.orderId, e.code]), [
    [1n, 'BOOK_USER_CANCELLED'],
    [2n, 'BOOK_USER_CANCELLED'],
  ]);
  assert.equal(engine.submit(order(3, 7, 'buy', 99, 1)).code, 'RISK_KILL_SWITCH_CANCELLED');
  assert.equal(engine.riskConfig(7).killSwitch, 'cancel_all');
  engine.close();
});

test('routes to an external venue and folds its fills back in', () => {
  const engine = Engine.open();
  engine.addVenue({ id: 1, name: 'venue-1', latencyNs: 100_000n });
  engine.setVenueDepth(1, 1, { bids: [{ price: 97, quantity: 50 }], asks: [{ price: 99, quantity: 10 }] });
  engine.submit(order(1, 7, 'sell', 100, 10));
  const routed = engine.submit(order(100, 8, 'buy', 101, 30));
  assert.equal(routed.code, 'OK');
  const [route] = ofType(routed.events, 'route_order');
  assert.ok(route);
  assert.equal(route.parentId, 100n);
  assert.equal(route.childId, 1n << 63n);
  assert.equal(route.venue, 1);
  assert.equal(route.kind, 'take');
  assert.equal(route.timeInForce, 'ioc');
  assert.deepEqual([route.price, route.quantity], [99, 10]);
  const [internalTrade] = ofType(routed.events, 'trade');
  assert.equal(internalTrade?.parentId, 100n);
  assert.equal(engine.routedParents()[0]?.children.length, 3);

  const fill = engine.externalFill({ childId: route.childId, price: 99, quantity: 10, timestamp: T0 + 50n });
  assert.equal(fill.code, 'OK');
  const [applied] = ofType(fill.events, 'external_fill');
  assert.deepEqual([applied?.quantity, applied?.remaining, applied?.parentId], [10, 0, 100n]);
  assert.equal(engine.riskAccount(8, 1).position, 20n);
  assert.equal(
    engine.externalFill({ childId: route.childId, price: 99, quantity: 1, timestamp: T0 + 51n }).code,
    'ROUTE_INVALID_ORDER',
  );
  const cancelled = engine.submit({ type: 'cancel', symbol: 1, orderId: 100, account: 8, timestamp: T0 + 60n });
  const [done] = ofType(cancelled.events, 'route_done');
  assert.deepEqual([done?.parentId, done?.filledQuantity, done?.quantity, done?.filledNotional], [100n, 20, 30, 1990n]);
  assert.deepEqual(engine.routedParents(), []);
  assertEngineError(() => engine.addVenue({ id: 1, name: 'again' }), 'ROUTE_INVALID_VENUE');
  assertEngineError(() => engine.setVenueDepth(9, 1, { bids: [], asks: [] }), 'ROUTE_NO_VENUE');
  engine.close();
});

test('submitting one by one and in batches gives identical events and state', () => {
  const flow = commandFlow(7, 3_000);
  const single = Engine.open();
  const singleEvents: EngineEvent[][] = flow.map((command) => single.submit(command).events);
  const batched = Engine.open();
  const batchedEvents: EngineEvent[][] = [];
  for (let first = 0; first < flow.length; first += 700) {
    const batch = new CommandBatch();
    for (const command of flow.slice(first, first + 700)) batch.add(command);
    const result = batched.submitBatch(batch);
    assert.equal(result.length, batch.length);
    for (let i = 0; i < result.length; i++) batchedEvents.push(result.eventsOf(i));
  }
  assert.deepEqual(batchedEvents, singleEvents);
  assert.deepEqual(batched.stateHashes(), single.stateHashes());
  assert.ok(singleEvents.flat().filter((e) => e.type === 'trade').length > 100, 'the flow trades');
  single.close();
  batched.close();
});

test('journal + restart through the binding reproduces the state hashes and the configuration', () => {
  const dataDir = join(tempDir(), 'shard-1');
  const config: RiskConfigChange[] = [
    { type: 'set_default_limits', limits: { maxOrderQuantity: 25, maxOpenOrders: 200 }, timestamp: T0 },
    { type: 'set_circuit_breaker', symbol: 2, breaker: { moveBps: 150, windowNs: 1_000_000n, cooldownNs: 500_000n }, timestamp: T0 },
    { type: 'set_global_kill_switch', mode: 'off', timestamp: T0 },
  ];
  const engine = Engine.open({ dataDir, fsync: 'group', snapshotEvery: 700 });
  assert.equal(engine.recovery.lastSequence, 0n);
  for (const change of config) assert.equal(engine.configure(change).code, 'OK');
  const flow = commandFlow(11, 4_000);
  for (let first = 0; first < flow.length; first += 250) {
    const batch = new CommandBatch();
    for (const command of flow.slice(first, first + 250)) batch.add(command);
    const result = engine.submitBatch(batch);
    assert.equal(result.durableSequence, engine.sequences().last, 'the batch returned after its group commit');
  }
  const hashes = engine.stateHashes();
  const sequences = engine.sequences();
  assert.ok(sequences.snapshot > 0n, 'automatic snapshots were written');
  assert.equal(sequences.durable, sequences.last, 'group commit: the call returned after the fsync');
  engine.close();

  const reopened = Engine.open({ dataDir, fsync: 'group' });
  assert.equal(reopened.recovery.fromSnapshot, true);
  assert.equal(reopened.recovery.lastSequence, sequences.last);
  assert.ok(reopened.recovery.replayed > 0n);
  assert.deepEqual(reopened.stateHashes(), hashes);
  assert.equal(reopened.riskConfig(1).effective.maxOrderQuantity, 25n);
  // The restarted engine continues exactly like one that never stopped.
  const control = Engine.open();
  for (const change of config) control.configure(change);
  for (const command of flow) control.submit(command);
  assert.deepEqual(control.stateHashes(), hashes);
  const more = commandFlow(12, 300).map((c) => ({ ...c, ...('orderId' in c ? { orderId: BigInt(c.orderId) + 100_000n } : {}) }));
  for (const command of more) {
    assert.deepEqual(reopened.submit(command as Command).events, control.submit(command as Command).events);
  }
  assert.deepEqual(reopened.stateHashes(), control.stateHashes());
  assert.ok(reopened.snapshot() > sequences.last);
  reopened.close();
  control.close();
});

test('durability failures are EngineErrors with the engine codes', () => {
  const base = tempDir();
  assertEngineError(() => Engine.open({ dataDir: join(base, 'missing', 'shard') }), 'JOURNAL_WRITE_FAILED', /cannot create/);
  const dataDir = join(base, 'shard');
  const first = Engine.open({ dataDir });
  assertEngineError(() => Engine.open({ dataDir }), 'JOURNAL_WRITE_FAILED', /locked/);
  first.submit(order(1, 7, 'sell', 100, 10));
  first.submit(order(2, 7, 'sell', 101, 10));
  first.close();
  // Flip a byte inside the first record: a valid record follows it, so this is corruption, not a torn tail.
  const journalDir = join(dataDir, 'journal');
  const segment = join(journalDir, readdirSync(journalDir).find((name) => name.endsWith('.log'))!);
  const bytes = readFileSync(segment);
  bytes[32 + 40] = bytes[32 + 40]! ^ 0xff;
  writeFileSync(segment, bytes);
  assertEngineError(() => Engine.open({ dataDir }), 'JOURNAL_CORRUPT');
  const memory = Engine.open();
  assertEngineError(() => memory.snapshot(), 'ENGINE_NOT_DURABLE');
  memory.close();
});

test('bad arguments get clear errors before native code and leave the engine intact', () => {
  const engine = Engine.open();
  engine.submit(order(1, 7, 'sell', 100, 10));
  const hashes = engine.stateHashes();
  const bad: [() => unknown, RegExp][] = [
    [() => engine.submit({ ...order(2, 7, 'buy', 100, 1), quantity: 1.5 }), /command\.quantity must be a safe integer/],
    [() => engine.submit({ ...order(2, 7, 'buy', 100, 1), price: 2 ** 60 }), /command\.price/],
    [() => engine.submit({ ...order(2, 7, 'buy', 100, 1), side: 'long' as 'buy' }), /command\.side must be one of buy, sell/],
    [() => engine.submit({ ...order(2, 7, 'buy', 100, 1), orderId: -1 }), /command\.orderId/],
    [() => engine.submit({ ...order(2, 7, 'buy', 100, 1), orderId: 1n << 64n }), /command\.orderId must fit uint64/],
    [() => engine.submit({ ...order(2, 7, 'buy', 100, 1), timestamp: 1n << 63n }), /command\.timestamp must fit int64/],
    [() => engine.submit({ ...order(2, 7, 'buy', 100, 1), symbol: -1 }), /command\.symbol/],
    [() => engine.submit({ type: 'launch' } as unknown as Command), /command\.type must be one of new_order/],
    [() => engine.submit(null as unknown as Command), /command must be an object/],
    [() => engine.submit({ ...order(2, 7, 'buy', 100, 1), postOnly: 'yes' } as unknown as Command), /postOnly/],
    [() => engine.submitBatch(new CommandBatch()), /the batch is empty/],
    [() => engine.submitBatch([] as unknown as CommandBatch), /CommandBatch/],
    [() => engine.configure({ type: 'set_kill_switch', account: 1, mode: 'panic', timestamp: 0 } as unknown as RiskConfigChange), /change\.mode/],
    [() => engine.configure({ type: 'set_default_limits', limits: { maxPosition: -1 }, timestamp: 0 }), /must not be negative/],
    [() => engine.configure({ type: 'set_circuit_breaker', symbol: 1, timestamp: 0 } as unknown as RiskConfigChange), /breaker/],
    [() => engine.externalFill({ childId: 'x' as unknown as bigint, price: 1, quantity: 1, timestamp: 0 }), /fill\.childId/],
    [() => engine.depth(1, 'up' as 'buy', 5), /side/],
    [() => engine.findOrder(1.5, 1), /symbol/],
    [() => engine.setVenueDepth(1, 1, { bids: [{ price: 1.25, quantity: 1 }], asks: [] }), /depth\.bids\[0\]\.price/],
    [() => Engine.open({ fsync: 'sometimes' as 'group' }), /options\.fsync/],
    [() => Engine.open({ dataDir: '' }), /options\.dataDir/],
    [() => CommandBatch.fromPacked(new Uint8Array(79)), /80-byte records/],
  ];
  for (const [call, message] of bad) assertEngineError(call, 'ENGINE_INVALID_ARGUMENT', message);
  assert.deepEqual(engine.stateHashes(), hashes);
  assert.equal(engine.submit(order(3, 8, 'buy', 100, 1)).code, 'OK', 'the engine still works');
  engine.close();
  assertEngineError(() => engine.submit(order(4, 8, 'buy', 100, 1)), 'ENGINE_CLOSED');
  engine.close();  // idempotent
});

test('the addon itself refuses bad values with codes instead of crashing', () => {
  const addon = loadAddon();
  const native = new addon.NativeEngine();
  assert.equal(native.submitBatch(new Uint8Array(80)), undefined);
  assert.equal(native.takeError()?.code, 'ENGINE_CLOSED');
  assert.equal(native.open({ dataDir: 5 }), undefined);
  assert.equal(native.takeError()?.code, 'ENGINE_INVALID_ARGUMENT');
  assert.ok(native.open({
    dataDir: '', fsync: 1, groupRecords: 64, groupDelayNs: 0n, segmentMaxBytes: 0, snapshotEvery: 0, snapshotsKept: 2,
    firstChildId: 1n << 63n, maxLevelsPerVenue: 64,
  }));
  const calls: (() => unknown)[] = [
    () => native.submitBatch('commands' as unknown as Uint8Array),
    () => native.submitBatch(new Uint8Array(81)),
    () => native.submitBatch(new Uint8Array(80).fill(1)),  // reserved bytes set
    () => native.submitControl(new Uint8Array(76)),         // format byte 0: no control record
    () => native.topOfBook(-1),
    () => native.findOrder(1, -5n),
    () => native.setVenueDepth(1, 1, new Float64Array([1.5, 1]), new Float64Array()),
    () => native.riskConfig(2n ** 64n),
  ];
  for (const call of calls) {
    assert.equal(call(), undefined);
    assert.equal(native.takeError()?.code, 'ENGINE_INVALID_ARGUMENT');
  }
  assert.equal(native.takeError(), null);
  native.close();
});

test('a missing addon is ENGINE_ADDON_NOT_BUILT with the command that builds it', () => {
  assertEngineError(() => loadAddon('/nonexistent/kestrel_engine.node'), 'ENGINE_ADDON_NOT_BUILT', /npm run build:engine/);
  const notAnAddon = join(tempDir(), 'broken.node');
  writeFileSync(notAnAddon, 'not a shared object');
  assertEngineError(() => loadAddon(notAnAddon), 'ENGINE_ADDON_LOAD_FAILED', /npm run build:engine/);
});
