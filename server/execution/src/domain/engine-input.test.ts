import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeInput, encodeInput, type EngineInput } from './engine-input.js';

test('external venue inputs survive the JSON store exactly (child ids from 2^63, ns timestamps)', () => {
  const inputs: EngineInput[] = [
    { kind: 'external-fill', fill: { childId: (1n << 63n) + 5n, price: 2_712_345, quantity: 150, timestamp: 1_772_461_800_123_456_789n } },
    { kind: 'external-done', done: { childId: (1n << 64n) - 1n, timestamp: 1_772_461_800_123_456_790n } },
  ];
  for (const input of inputs) {
    const stored = JSON.parse(JSON.stringify(encodeInput(input))) as unknown;
    assert.deepEqual(decodeInput(stored), input);
  }
});

test('a routed submit keeps its routing record through the JSON store (venue latency in ns, child ids from 2^63)', () => {
  const input: EngineInput = {
    kind: 'command',
    command: { type: 'new_order', symbol: 1, orderId: 7n, account: 1_000_000n, side: 'buy', quantity: 160, orderType: 'limit', timeInForce: 'gtc', price: 2_712_350, timestamp: 1_772_461_800_000_000_000n },
    routing: {
      venues: [{ id: 1, name: 'BINANCE', takerBps: 10, makerBps: -2, latencyNs: 1_000_000n }],
      quotes: [{ venue: 1, status: 'available', bids: [], asks: [{ price: 2_712_345, quantity: 150 }] }],
      plan: [{ childId: 1n << 63n, venue: 1, kind: 'take', limitPrice: 2_712_345, quantity: 150 }],
    },
  };
  const stored = JSON.parse(JSON.stringify(encodeInput(input))) as unknown;
  assert.deepEqual(decodeInput(stored), input);
});
