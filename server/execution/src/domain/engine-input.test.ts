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
