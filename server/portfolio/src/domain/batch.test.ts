import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { lastPerKey, newestPerKey } from './batch.js';

interface Entry {
  key: string;
  time: number;
  value: number;
}

const entries = fc.array(fc.record({ key: fc.constantFrom('A', 'B', 'C'), time: fc.integer({ min: 0, max: 5 }), value: fc.integer() }), { maxLength: 30 });

/** What upserting `items` one at a time leaves, with `replaces(stored, next)` deciding each conflict. */
function applyInOrder(items: readonly Entry[], replaces: (stored: Entry, next: Entry) => boolean): Map<string, Entry> {
  const table = new Map<string, Entry>();
  for (const item of items) {
    const stored = table.get(item.key);
    if (stored === undefined || replaces(stored, item)) table.set(item.key, item);
  }
  return table;
}

test('lastPerKey leaves what upserting the entries in order leaves, one entry per key', () => {
  fc.assert(
    fc.property(entries, (items) => {
      const folded = lastPerKey(items, (item) => item.key);
      assert.equal(new Set(folded.map((item) => item.key)).size, folded.length);
      assert.deepEqual(new Map(folded.map((item) => [item.key, item])), applyInOrder(items, () => true));
    }),
  );
});

test('newestPerKey leaves what "newer or equal time replaces" upserts leave', () => {
  fc.assert(
    fc.property(entries, (items) => {
      const folded = newestPerKey(items, (item) => item.key, (item) => item.time);
      assert.equal(new Set(folded.map((item) => item.key)).size, folded.length);
      assert.deepEqual(new Map(folded.map((item) => [item.key, item])), applyInOrder(items, (stored, next) => next.time >= stored.time));
    }),
  );
});

test('keys keep the order of their first appearance', () => {
  const items = [
    { key: 'B', time: 1, value: 1 },
    { key: 'A', time: 1, value: 2 },
    { key: 'B', time: 0, value: 3 },
  ];
  assert.deepEqual(lastPerKey(items, (item) => item.key).map((item) => item.value), [3, 2]);
  assert.deepEqual(newestPerKey(items, (item) => item.key, (item) => item.time).map((item) => item.value), [1, 2]);
});
