// Packed layouts on the JavaScript side: command records land at the offsets packed_layout.h
// documents, numbers and bigints both encode int64 exactly (negative values included), packed input
// from elsewhere is checked, and BatchResult decodes results and every event type lazily and exactly.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  BatchResult,
  COMMAND_SIZE,
  CommandBatch,
  EVENT_SIZE,
  HEADER_SIZE,
  RESULT_SIZE,
  encodeConfig,
  encodeExternalFill,
} from './packed.js';

test('commands are packed at the documented offsets', () => {
  const batch = new CommandBatch(1);
  batch.add({
    type: 'new_order', symbol: 0xa1b2c3d4, orderId: 0xf000_0000_0000_0001n, account: 3, side: 'sell',
    orderType: 'stop_limit', timeInForce: 'gtd', stp: 'cancel_both', postOnly: true, price: -5,
    stopPrice: 2 ** 53 - 1, quantity: 6, displayQuantity: 7, expireAt: -8n, timestamp: 1_700_000_000_000_000_001n,
  });
  batch.add({ type: 'advance_time', timestamp: 9 });
  assert.equal(batch.length, 2);
  const bytes = batch.bytes();
  assert.equal(bytes.byteLength, 2 * COMMAND_SIZE);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  assert.deepEqual([...bytes.subarray(0, 8)], [1, 3, 2, 1, 3, 1, 0, 0]);
  assert.equal(view.getUint32(8, true), 0xa1b2c3d4);
  assert.equal(view.getBigInt64(16, true), 1_700_000_000_000_000_001n);
  assert.equal(view.getBigUint64(24, true), 0xf000_0000_0000_0001n);
  assert.equal(view.getBigInt64(32, true), 3n);
  assert.equal(view.getBigInt64(40, true), -5n);
  assert.equal(view.getBigInt64(48, true), 2n ** 53n - 1n);
  assert.equal(view.getBigInt64(56, true), 6n);
  assert.equal(view.getBigInt64(64, true), 7n);
  assert.equal(view.getBigInt64(72, true), -8n);
  assert.equal(bytes[COMMAND_SIZE], 4);
  assert.equal(view.getBigInt64(COMMAND_SIZE + 16, true), 9n);
  // Growing keeps earlier records; slices are independent batches.
  for (let i = 0; i < 100; i++) batch.add({ type: 'halt_symbol', symbol: i, timestamp: i });
  assert.equal(batch.length, 102);
  assert.equal(new DataView(batch.bytes().buffer).getUint32(8, true), 0xa1b2c3d4);
  assert.equal(batch.slice(2, 10).length, 10);
  assert.equal(new DataView(batch.slice(2, 10).bytes().buffer).getUint32(8 + COMMAND_SIZE, true), 1);
});

test('packed input from elsewhere is checked record by record', () => {
  const good = new CommandBatch().add({ type: 'cancel', symbol: 1, orderId: 2, account: 3, timestamp: 4 }).bytes();
  assert.equal(CommandBatch.fromPacked(good).length, 1);
  const reserved = good.slice();
  reserved[12] = 1;
  assert.throws(() => CommandBatch.fromPacked(reserved), /reserved bytes/);
  const huge = good.slice();
  new DataView(huge.buffer).setBigInt64(56, 2n ** 53n, true);
  assert.throws(() => CommandBatch.fromPacked(huge), /exceeds 2\^53/);
  const negative = good.slice();
  new DataView(negative.buffer).setBigInt64(40, -(2n ** 53n) + 1n, true);
  assert.equal(CommandBatch.fromPacked(negative).length, 1);
});

test('control records follow codec_control.h', () => {
  const limits = encodeConfig({ type: 'set_account_limits', account: 7n, limits: { maxOrderNotional: 2n ** 62n, priceCollarBps: 0 }, timestamp: 5 });
  const view = new DataView(limits.buffer);
  assert.deepEqual([...limits.subarray(0, 4)], [2, 2, 0b100010, 0]);
  assert.equal(view.getBigInt64(8, true), 5n);
  assert.equal(view.getBigUint64(16, true), 7n);
  assert.equal(view.getBigInt64(32, true), 2n ** 62n);
  assert.equal(view.getBigInt64(64, true), 0n);
  const fill = new DataView(encodeExternalFill({ childId: 1n << 63n, price: 99, quantity: 4, timestamp: 1 }).buffer);
  assert.deepEqual([fill.getUint8(0), fill.getUint8(1), fill.getBigUint64(16, true), fill.getBigInt64(24, true), fill.getBigInt64(32, true)], [2, 34, 1n << 63n, 99n, 4n]);
});

test('BatchResult decodes results and events lazily and exactly', () => {
  const buffer = new ArrayBuffer(HEADER_SIZE + 2 * RESULT_SIZE + 3 * EVENT_SIZE);
  const v = new DataView(buffer);
  v.setUint32(0, 2, true);
  v.setUint32(4, 3, true);
  v.setBigUint64(8, 41n, true);
  v.setUint16(HEADER_SIZE, 0, true);
  v.setUint32(HEADER_SIZE + 4, 1, true);
  v.setBigUint64(HEADER_SIZE + 8, 41n, true);
  v.setUint16(HEADER_SIZE + RESULT_SIZE, 2003, true);
  v.setUint32(HEADER_SIZE + RESULT_SIZE + 4, 2, true);
  const event = (j: number) => HEADER_SIZE + 2 * RESULT_SIZE + j * EVENT_SIZE;
  // 0: trade; 1: risk rejection; 2: circuit breaker.
  v.setUint8(event(0), 3);
  v.setUint8(event(0) + 1, 1);
  v.setBigInt64(event(0) + 24, 1_700_000_000_000_000_001n, true);
  v.setBigUint64(event(0) + 32, 2n ** 64n - 1n, true);
  v.setBigInt64(event(0) + 64, 1_000_000_000_000_000n, true);
  v.setBigInt64(event(0) + 72, 12n, true);
  v.setBigUint64(event(0) + 104, 1n << 63n, true);
  v.setUint8(event(1), 2);
  v.setUint16(event(1) + 2, 2003, true);
  v.setUint8(event(1) + 4, 3);
  v.setUint8(event(1) + 5, 2);
  v.setBigInt64(event(1) + 112, 20n, true);
  v.setBigInt64(event(1) + 120, 2n ** 62n, true);
  v.setUint8(event(2), 13);
  v.setBigInt64(event(2) + 112, 77n, true);
  v.setBigInt64(event(2) + 120, 250n, true);
  const result = new BatchResult(buffer);
  assert.deepEqual([result.length, result.eventCount, result.durableSequence], [2, 3, 41n]);
  assert.deepEqual([result.codeName(0), result.codeName(1), result.journalSequence(0), result.journalSequence(1)], ['OK', 'RISK_MAX_POSITION', 41n, 0n]);
  assert.equal(result.eventType(2), 13);
  const [trade] = result.eventsOf(0);
  assert.ok(trade?.type === 'trade');
  assert.equal(trade.side, 'sell');
  assert.equal(trade.timestamp, 1_700_000_000_000_000_001n);
  assert.equal(trade.orderId, 2n ** 64n - 1n);
  assert.equal(trade.price, 1_000_000_000_000_000);
  assert.equal(trade.counterParentId, 1n << 63n);
  assert.equal(trade.parentId, null);
  const [rejected, breaker] = result.eventsOf(1);
  assert.ok(rejected?.type === 'rejected');
  assert.deepEqual(rejected.risk, { limit: 'max_position', scope: 'global', limitValue: 20n, attemptedValue: 2n ** 62n });
  assert.ok(breaker?.type === 'circuit_breaker_tripped');
  assert.deepEqual([breaker.haltedUntil, breaker.moveBps], [77n, 250]);
  assert.equal([...result.events()].length, 3);
  assert.throws(() => result.eventsOf(2), RangeError);
  assert.throws(() => new BatchResult(buffer.slice(0, buffer.byteLength - 1)), /does not match/);
});
