import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rowDelta, sameValue } from './row-delta.js';

type Row = { id: string; qty: number; pending?: { qty: number } | null; tags?: string[] };

describe('row delta', () => {
  it('adds, updates by value and removes by id, and leaves the shown map equal to the new list', () => {
    const shown = new Map<string, Row>();
    const first: Row[] = [
      { id: 'a', qty: 1 },
      { id: 'b', qty: 2, pending: { qty: 3 } },
      { id: 'c', qty: 3, tags: ['x'] },
    ];
    assert.deepEqual(rowDelta(shown, first), { add: first, update: [], remove: [] });
    const rebuilt: Row[] = [{ id: 'a', qty: 1 }, { id: 'b', qty: 2, pending: { qty: 3 } }, { id: 'c', qty: 3, tags: ['x'] }];
    assert.equal(rowDelta(shown, rebuilt), null, 'equal values in new objects are no change');
    const changed: Row[] = [{ id: 'b', qty: 2, pending: { qty: 4 } }, { id: 'c', qty: 3, tags: ['x', 'y'] }, { id: 'd', qty: 9 }];
    const delta = rowDelta(shown, changed)!;
    assert.deepEqual(delta.add, [changed[2]]);
    assert.deepEqual(delta.update, [changed[0], changed[1]]);
    assert.deepEqual(delta.remove, [rebuilt[0]]);
    assert.deepEqual([...shown.keys()].sort(), ['b', 'c', 'd']);
    assert.equal(shown.get('b'), changed[0]);
  });

  it('compares JSON-like values deeply', () => {
    assert.ok(sameValue({ a: [1, { b: null }] }, { a: [1, { b: null }] }));
    assert.ok(!sameValue({ a: [1] }, { a: { 0: 1 } }));
    assert.ok(!sameValue({ a: 1 }, { a: 1, b: undefined }));
    assert.ok(!sameValue(null, {}));
    assert.ok(sameValue(NaN, NaN));
  });
});
